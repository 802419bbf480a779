/**
 * Content-Security-Policy for Sift's own pages: nothing inline, nothing from other origins. The
 * Swagger UI bundle styles its widgets inline, so /api/docs alone allows inline styles.
 */
const BASE = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

export type CspDirectives = Record<string, string[]>;

export const STRICT_CSP: CspDirectives = BASE;

export const DOCS_CSP: CspDirectives = { ...BASE, 'style-src': ["'self'", "'unsafe-inline'"] };

export function cspHeader(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
