import { parseIsoTime, toIsoTime, toIsoTimeOrNull } from './time';

describe('parseIsoTime', () => {
  it.each<[string, string]>([
    ['2026-01-31T09:00:00Z', '2026-01-31T09:00:00.000Z'],
    ['2026-01-31T09:00Z', '2026-01-31T09:00:00.000Z'],
    ['2026-01-31T09:00:00+05:30', '2026-01-31T03:30:00.000Z'],
    ['2026-01-31T09:00:00-08:00', '2026-01-31T17:00:00.000Z'],
    ['2026-01-01T01:00:00+02:00', '2025-12-31T23:00:00.000Z'],
    ['2026-01-31T09:00:00.123Z', '2026-01-31T09:00:00.123Z'],
    ['2026-01-31T09:00:00.5Z', '2026-01-31T09:00:00.500Z'],
    ['2026-01-31T09:00:00.123456Z', '2026-01-31T09:00:00.123Z'],
    ['2026-01-31T23:59:59.999+00:00', '2026-01-31T23:59:59.999Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['2026-12-31T00:00:00Z', '2026-12-31T00:00:00.000Z'],
    // Years below 100 are not shifted to the 1900s: year 0 is a leap year, 1900 is not.
    ['0000-02-29T00:00:00Z', '0000-02-29T00:00:00.000Z'],
  ])('%s -> %s', (input, expected) => {
    const parsed = parseIsoTime(input);
    expect(parsed).toBeInstanceOf(Date);
    expect(parsed?.toISOString()).toBe(expected);
  });

  it.each<[string, string]>([
    ['no zone', '2026-01-31T09:00:00'],
    ['a date only', '2026-01-31'],
    ['a date only with Z', '2026-01-31Z'],
    ['February 30th', '2026-02-30T00:00:00Z'],
    ['April 31st', '2026-04-31T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 00', '2026-00-10T00:00:00Z'],
    ['day 00', '2026-01-00T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T12:60:00Z'],
    ['a leap second', '2026-06-30T23:59:60Z'],
    ['February 29th in a common year', '2026-02-29T12:00:00Z'],
    ['February 29th in a century common year', '2100-02-29T12:00:00Z'],
    ['a space instead of T', '2026-01-31 09:00:00Z'],
    ['a lower-case zone', '2026-01-31T09:00:00z'],
    ['an offset without a colon', '2026-01-31T09:00:00+0530'],
    ['an offset of 24 hours', '2026-01-31T09:00:00+24:00'],
    ['more than 6 fractional digits', '2026-01-31T09:00:00.1234567Z'],
    ['a two-digit year', '26-01-31T09:00:00Z'],
    ['surrounding whitespace', ' 2026-01-31T09:00:00Z '],
    ['epoch milliseconds', '1769850000000'],
    ['an RFC 2822 date', 'Sat, 31 Jan 2026 09:00:00 GMT'],
    ['garbage', 'not a time'],
    ['an empty string', ''],
  ])('refuses %s: %j', (_name, input) => {
    expect(parseIsoTime(input)).toBeUndefined();
  });
});

describe('toIsoTime', () => {
  it.each<[Date, string]>([
    [new Date(Date.UTC(2026, 10, 28, 15, 0, 0)), '2026-11-28T15:00:00.000Z'],
    [new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 7)), '2026-01-01T00:00:00.007Z'],
    [new Date('2026-01-31T09:00:00+05:30'), '2026-01-31T03:30:00.000Z'],
    [new Date(0), '1970-01-01T00:00:00.000Z'],
  ])('%j -> %s', (date, expected) => {
    const text = toIsoTime(date);
    expect(text).toBe(expected);
    expect(text.endsWith('Z')).toBe(true);
  });

  it('round-trips through parseIsoTime', () => {
    const date = new Date(Date.UTC(2026, 1, 14, 8, 30, 15, 250));
    expect(parseIsoTime(toIsoTime(date))?.getTime()).toBe(date.getTime());
  });

  it('toIsoTimeOrNull maps missing values to null', () => {
    expect(toIsoTimeOrNull(null)).toBeNull();
    expect(toIsoTimeOrNull(undefined)).toBeNull();
    expect(toIsoTimeOrNull(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
