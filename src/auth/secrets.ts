import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session and API tokens: 256 random bits, stored only as their SHA-256 digest. A fast hash is
 * enough here (unlike passwords) because the input cannot be guessed.
 */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A stable, non-reversible key for a normalised email, so throttle rows hold no personal data. */
export function emailKey(email: string): string {
  return createHash('sha256').update(normaliseEmail(email), 'utf8').digest('hex');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
