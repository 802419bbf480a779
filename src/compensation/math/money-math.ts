/**
 * Exact arithmetic for currency conversion: FX rates are decimals held as a ratio of two bigints,
 * and a converted amount is rounded once, half to even, to the target currency's minor unit. No
 * floating-point step touches money. Pure: no Nest, no TypeORM.
 */
import { CurrencyCode, minorUnits } from '../../common/dto/currency';

/** A positive rational number num/den (den > 0). */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/** "1.259" -> 1259/1000; refuses signs, exponents and more than 12 digits on either side. */
export function parseDecimal(text: string): Ratio {
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal number`);
  const [, whole, fraction = ''] = match;
  return { num: BigInt(whole! + fraction), den: 10n ** BigInt(fraction.length) };
}

/** True when the decimal text is a rate Sift stores: positive, at most 12 + 12 digits. */
export function isPositiveDecimal(text: string): boolean {
  return DECIMAL.test(text) && parseDecimal(text).num > 0n;
}

/** Writes a ratio as the decimal the database column holds (numeric(24,12)), trailing zeros cut. */
export function formatRate(rate: Ratio): string {
  const scaled = roundHalfEven(rate.num * 10n ** 12n, rate.den);
  const text = scaled.toString().padStart(13, '0');
  const whole = text.slice(0, -12);
  const fraction = text.slice(-12).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

export function multiply(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

export function invert(rate: Ratio): Ratio {
  if (rate.num === 0n) throw new RangeError('a rate of 0 has no inverse');
  return { num: rate.den, den: rate.num };
}

/** num/den rounded to an integer, ties to the even neighbour (banker's rounding). */
export function roundHalfEven(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) return roundHalfEven(-num, -den);
  const negative = num < 0n;
  const magnitude = negative ? -num : num;
  const quotient = magnitude / den;
  const twice = (magnitude % den) * 2n;
  const up = twice > den || (twice === den && quotient % 2n === 1n);
  const rounded = up ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/**
 * `amount` minor units of `from`, at `rate` units of `to` per unit of `from`, in minor units of
 * `to`: 100.00 GBP (10000) at 1.259 -> 125.90 USD (12590); 1 USD (100) at 150.5 JPY -> 150 JPY
 * (150.5 rounds to the even 150).
 */
export function convertMinor(
  amount: number,
  from: CurrencyCode,
  to: CurrencyCode,
  rate: Ratio,
): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError('amount must be a safe integer');
  const shift = minorUnits(to) - minorUnits(from);
  const scale = 10n ** BigInt(Math.abs(shift));
  const num = BigInt(amount) * rate.num * (shift > 0 ? scale : 1n);
  const den = rate.den * (shift < 0 ? scale : 1n);
  const result = roundHalfEven(num, den);
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('converted amount too large');
  return Number(result);
}

/** A fractional count of minor units (an interpolated percentile) rounded half to even. */
export function roundMinor(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
