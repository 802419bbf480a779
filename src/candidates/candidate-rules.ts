/**
 * What a valid candidate record is, shared by the API (one at a time) and CSV intake (in bulk), so
 * both accept and refuse exactly the same values. Pure: no Nest or TypeORM.
 */
export const LIMITS = {
  fullName: 200,
  email: 254,
  phone: 40,
  location: 200,
  source: 100,
  link: 500,
  links: 10,
  resumeText: 100_000,
} as const;

// Deliberately plain: one @, a dot in the domain, no spaces or control characters.
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;
const PHONE = /^\+?[0-9 ().-]{4,40}$/;

/** The dedupe key: emails are one person whatever their case or surrounding spaces. */
export function normaliseCandidateEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isValidCandidateEmail(email: string): boolean {
  const trimmed = email.trim();
  return trimmed.length >= 3 && trimmed.length <= LIMITS.email && EMAIL.test(trimmed);
}

export function isValidPhone(phone: string): boolean {
  return PHONE.test(phone.trim());
}

export function isValidLink(link: string): boolean {
  if (link.length > LIMITS.link) return false;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Text fields must not carry control characters (other than line breaks and tabs in the résumé). */
export function hasControlCharacters(value: string, allowLineBreaks = false): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 || code === 0x7f;
    if (control && !(allowLineBreaks && (char === '\n' || char === '\r' || char === '\t')))
      return true;
  }
  return false;
}

/**
 * Spreadsheet formula injection: a cell starting with one of these is run as a formula by Excel
 * and friends. Values are stored as given; whenever Sift writes CSV, such a cell gets a leading
 * apostrophe so it is shown as text.
 */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
