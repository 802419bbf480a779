import { CurrencyCode, isCurrencyCode, minorUnits } from './currency';

/** Money on the wire and in code: an integer count of minor units, never a float. */
export interface Money {
  amount: number;
  currency: CurrencyCode;
}

export class MoneyFormatError extends Error {
  override name = 'MoneyFormatError';
}

/** "1234.5" in USD -> 123450 minor units, exactly (no floating-point step). */
export function parseMajorAmount(text: string, currency: CurrencyCode): number {
  const digits = minorUnits(currency);
  const trimmed = text.trim();
  // Thousands separators only where they group whole digits: "1,234.5", never ",500" or "1.,234".
  const grouped = /^-?\d{1,3}(?:([ _,])\d{3}(?:\1\d{3})*)?(?:\.\d+)?$/.test(trimmed);
  const plain = grouped ? trimmed.replace(/[ _,]/g, '') : trimmed;
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(plain);
  if (!match) throw new MoneyFormatError(`"${text}" is not an amount`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    throw new MoneyFormatError(`"${text}" has more than ${digits} decimal places for ${currency}`);
  }
  const units = whole + fraction.padEnd(digits, '0');
  // Up to 15 digits the value is below 2^53, where Number() is exact: no BigInt needed (this
  // runs once per row of a bulk import). `|| 0` turns "-0" into 0.
  if (units.length <= 15) return sign ? -Number(units) || 0 : Number(units);
  const minor = BigInt(units) * (sign ? -1n : 1n);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyFormatError(`"${text}" is too large`);
  }
  return Number(minor);
}

/** 123450 minor units of USD -> "1234.50". */
export function formatMajorAmount(money: Money): string {
  const digits = minorUnits(money.currency);
  const negative = money.amount < 0;
  const text = Math.abs(money.amount)
    .toString()
    .padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Localised display ("$1,234.50"); Intl accepts the decimal string, so no float is involved. */
export function formatMoney(money: Money, locale = 'en'): string {
  const digits = minorUnits(money.currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(formatMajorAmount(money) as `${number}`);
}

export function isMoney(value: unknown): value is Money {
  const candidate = value as Partial<Money> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Number.isSafeInteger(candidate.amount) &&
    isCurrencyCode(candidate.currency)
  );
}

/**
 * TypeORM transformer for `bigint` minor-unit columns: node-postgres returns int8 as a string so
 * that nothing is rounded; amounts beyond 2^53 are refused rather than silently corrupted.
 */
export const minorUnitsColumn = {
  to: (value: number | null | undefined): string | null | undefined =>
    value === null || value === undefined ? value : BigInt(value).toString(),
  from: (value: string | null): number | null => {
    if (value === null) return null;
    const parsed = BigInt(value);
    if (parsed > BigInt(Number.MAX_SAFE_INTEGER) || parsed < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new MoneyFormatError(`stored amount ${value} exceeds the safe integer range`);
    }
    return Number(parsed);
  },
};
