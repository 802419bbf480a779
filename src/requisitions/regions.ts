const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
// Codes Intl knows that are not countries.
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);

/** An ISO 3166-1 alpha-2 country code (upper case) that names a real country or territory. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && names.of(code) !== undefined;
}

export function countryName(code: string): string {
  return names.of(code) ?? code;
}
