const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfHeaders {
  origin?: string;
  referer?: string;
  secFetchSite?: string;
}

/** The headers the Origin check reads, from a request's (Node-style) header map. */
export function csrfHeadersOf(headers: Record<string, string | string[] | undefined>): CsrfHeaders {
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    origin: header('origin'),
    referer: header('referer'),
    secFetchSite: header('sec-fetch-site'),
  };
}

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Strict Origin check for cookie-authenticated state changes. Browsers send Origin on every
 * cross-site and same-site POST; Referer is the fallback for old ones. A request with neither is
 * refused: a browser that hides both cannot be told apart from a forged one.
 */
export function isSameOrigin(allowedOrigin: string, headers: CsrfHeaders): boolean {
  if (headers.secFetchSite === 'cross-site') return false;
  const claimed =
    headers.origin !== undefined && headers.origin !== 'null'
      ? originOf(headers.origin)
      : undefined;
  if (claimed !== undefined) return claimed === allowedOrigin;
  if (headers.origin === 'null') return false;
  const fromReferer = originOf(headers.referer);
  return fromReferer === allowedOrigin;
}
