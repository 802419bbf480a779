/**
 * The outbox's retry schedule and the redaction applied to what it records and shows. Pure: no
 * framework or database imports.
 */

/** A message that failed this many times is marked 'failed' and waits for a person to retry it. */
export const MAX_TRIES = 8;
export const FIRST_RETRY_SECONDS = 30;
export const MAX_RETRY_SECONDS = 60 * 60;
/** Longest last_error kept (the column allows 2000). */
export const MAX_ERROR_LENGTH = 500;

export type FailureOutcome = { status: 'pending'; retryInSeconds: number } | { status: 'failed' };

/**
 * What follows a failed delivery, given how many tries have now failed (1 after the first): a
 * retry after 30 s, 60 s, 120 s, ... capped at an hour, or 'failed' after MAX_TRIES.
 */
export function afterFailure(failedTries: number): FailureOutcome {
  if (!Number.isInteger(failedTries) || failedTries < 1) {
    throw new RangeError(`failedTries must be a positive integer, got ${failedTries}`);
  }
  if (failedTries >= MAX_TRIES) return { status: 'failed' };
  return {
    status: 'pending',
    retryInSeconds: Math.min(FIRST_RETRY_SECONDS * 2 ** (failedTries - 1), MAX_RETRY_SECONDS),
  };
}

/** `jane.doe@example.com` -> `j***@example.com`: enough to tell messages apart in a list. */
export function maskRecipient(address: string | null): string | null {
  if (address === null) return null;
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/**
 * A delivery error as it may be stored and logged: one line, without the given secrets (the
 * recipient, the relay's user name and password), without credentials in any URL, and short.
 */
export function describeSendError(error: unknown, secrets: readonly string[]): string {
  const base = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  let text = typeof code === 'string' && code && !base.includes(code) ? `${code}: ${base}` : base;
  text = text.replace(/\/\/[^/\s@]+@/g, '//***@');
  for (const secret of [...secrets]
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length)) {
    text = text.split(secret).join('***');
  }
  text = text.replace(/\s+/g, ' ').trim() || 'unknown error';
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 3)}...` : text;
}
