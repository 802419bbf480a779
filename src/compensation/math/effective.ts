/**
 * Effective-dated rows: salary bands and FX rates are never changed; a newer row supersedes an
 * older one from its effective date on. These pick the row in force on a date, choose the band for
 * an offer and find the FX rows for a conversion. Dates are ISO `YYYY-MM-DD` strings, which compare
 * correctly as text. Pure: no Nest, no TypeORM.
 */
import { CurrencyCode } from '../../common/dto/currency';
import { invert, multiply, parseDecimal, Ratio } from './money-math';

export interface EffectiveRow {
  readonly id: string;
  readonly effectiveFrom: string;
}

/**
 * Per key, the row with the latest effective date on or before `asOf` (rows dated later are not yet
 * in force). Ties cannot happen in the database (unique per key and date); here the first wins.
 */
export function inForce<T extends EffectiveRow>(
  rows: readonly T[],
  asOf: string,
  keyOf: (row: T) => string,
): T[] {
  const latest = new Map<string, T>();
  for (const row of rows) {
    if (row.effectiveFrom > asOf) continue;
    const key = keyOf(row);
    const seen = latest.get(key);
    if (!seen || row.effectiveFrom > seen.effectiveFrom) latest.set(key, row);
  }
  return [...latest.values()];
}

export const LEVEL_ORDER = ['junior', 'mid', 'senior', 'staff', 'principal'] as const;
export type BandLevel = (typeof LEVEL_ORDER)[number];

export interface BandKey extends EffectiveRow {
  readonly roleFamilyId: string;
  readonly level: BandLevel;
  readonly country: string;
  readonly currency: string;
  readonly payBasis: 'base' | 'total';
}

export const bandKey = (
  band: Pick<BandKey, 'roleFamilyId' | 'level' | 'country' | 'currency' | 'payBasis'>,
): string => [band.roleFamilyId, band.level, band.country, band.currency, band.payBasis].join('|');

export interface BandChoice<T extends BandKey> {
  band: T;
  /** Set when no band exists at the requested level and the nearest level's band is used. */
  fallback: { requestedLevel: BandLevel; usedLevel: BandLevel } | null;
}

/**
 * The band for a role family, level, country and pay basis in force on `asOf`: the exact level when
 * there is one; otherwise the nearest level of the same family, country and basis (on a tie the
 * lower level, so the offer is held against the more demanding comparison), flagged as a
 * fallback. Among currencies the first of `preferredCurrencies` present wins, then alphabetical.
 * Undefined when the family has no band in that country and basis: never another basis.
 */
export function chooseBand<T extends BandKey>(
  rows: readonly T[],
  want: {
    roleFamilyId: string;
    level: BandLevel;
    country: string;
    payBasis: 'base' | 'total';
    asOf: string;
  },
  preferredCurrencies: readonly string[] = [],
): BandChoice<T> | undefined {
  const candidates = inForce(
    rows.filter(
      (row) =>
        row.roleFamilyId === want.roleFamilyId &&
        row.country === want.country &&
        row.payBasis === want.payBasis,
    ),
    want.asOf,
    bandKey,
  );
  if (candidates.length === 0) return undefined;
  const wanted = LEVEL_ORDER.indexOf(want.level);
  const distance = (row: T) => {
    const index = LEVEL_ORDER.indexOf(row.level);
    // Lower levels first on equal distance: 2 * |d|, plus 1 when above.
    return 2 * Math.abs(index - wanted) + (index > wanted ? 1 : 0);
  };
  const currencyRank = (row: T) => {
    const index = preferredCurrencies.indexOf(row.currency);
    return index < 0 ? preferredCurrencies.length : index;
  };
  const [band] = [...candidates].sort(
    (a, b) =>
      distance(a) - distance(b) ||
      currencyRank(a) - currencyRank(b) ||
      a.currency.localeCompare(b.currency),
  );
  return {
    band: band!,
    fallback:
      band!.level === want.level ? null : { requestedLevel: want.level, usedLevel: band!.level },
  };
}

export interface FxRow extends EffectiveRow {
  readonly base: string;
  readonly quote: string;
  /** Units of `quote` per one unit of `base`, as a decimal string. */
  readonly rate: string;
}

export interface Conversion<T extends FxRow> {
  /** Units of the target per unit of the source. */
  rate: Ratio;
  /** The rows the rate came from (none for a currency into itself). */
  rows: T[];
}

/** The currency every cross rate goes through when no direct row exists. */
export const PIVOT_CURRENCY = 'USD';

/**
 * The rate from one currency to another on `asOf`, from the rows in force then: a direct row
 * (from -> to), else the inverse of the opposite row, else a cross rate through USD. Undefined
 * when none of these exist.
 */
export function findConversion<T extends FxRow>(
  rows: readonly T[],
  from: CurrencyCode,
  to: CurrencyCode,
  asOf: string,
): Conversion<T> | undefined {
  if (from === to) return { rate: { num: 1n, den: 1n }, rows: [] };
  const current = inForce(rows, asOf, (row) => `${row.base}|${row.quote}`);
  const direct = (a: string, b: string): Conversion<T> | undefined => {
    const row = current.find((r) => r.base === a && r.quote === b);
    if (row) return { rate: parseDecimal(row.rate), rows: [row] };
    const opposite = current.find((r) => r.base === b && r.quote === a);
    if (opposite) return { rate: invert(parseDecimal(opposite.rate)), rows: [opposite] };
    return undefined;
  };
  const one = direct(from, to);
  if (one) return one;
  if (from === PIVOT_CURRENCY || to === PIVOT_CURRENCY) return undefined;
  const first = direct(from, PIVOT_CURRENCY);
  const second = direct(PIVOT_CURRENCY, to);
  if (!first || !second) return undefined;
  return { rate: multiply(first.rate, second.rate), rows: [...first.rows, ...second.rows] };
}

/** `asOf` minus twelve calendar months (29 February goes to 28 February). */
export function twelveMonthsBefore(asOf: string): string {
  const [year, month, day] = asOf.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year - 1, month, 0)).getUTCDate();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year - 1, 4)}-${pad(month)}-${pad(Math.min(day, lastDay))}`;
}
