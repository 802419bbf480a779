/**
 * Where an amount stands in a salary band. A band has up to five percentiles (p10, p25, p50, p75,
 * p90) in integer minor units; any may be absent, and the present ones are ordered. Positions are
 * piecewise-linear between the present percentiles; outside them the amount is reported as below
 * the lowest or above the highest, never extrapolated. Pure: no Nest, no TypeORM.
 */

export const PERCENTILE_KEYS = ['p10', 'p25', 'p50', 'p75', 'p90'] as const;
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];
export const PERCENTILE_OF: Record<PercentileKey, number> = {
  p10: 10,
  p25: 25,
  p50: 50,
  p75: 75,
  p90: 90,
};

/** A band's figures in minor units; null or absent means not published and not derived. */
export type Percentiles = Partial<Record<PercentileKey, number | null>>;

export type Position =
  /** Between (or at) two present percentiles: the interpolated percentile. */
  | { kind: 'within'; percentile: number }
  /** Under the lowest present percentile (p10 when the band has it). */
  | { kind: 'below'; percentile: number }
  /** Over the highest present percentile (p90 when the band has it). */
  | { kind: 'above'; percentile: number };

interface Point {
  percentile: number;
  amount: number;
}

function points(band: Percentiles): Point[] {
  return PERCENTILE_KEYS.flatMap((key) => {
    const amount = band[key];
    return amount === null || amount === undefined
      ? []
      : [{ percentile: PERCENTILE_OF[key], amount }];
  });
}

/** What is wrong with a band's figures, if anything: none present, negative, or out of order. */
export function percentileProblems(band: Percentiles): string[] {
  const present = points(band);
  const problems: string[] = [];
  if (present.length === 0) problems.push('at least one of p10, p25, p50, p75, p90 is required');
  for (const point of present) {
    if (!Number.isSafeInteger(point.amount) || point.amount < 0)
      problems.push(`p${point.percentile} must be a non-negative whole number of minor units`);
  }
  for (let i = 1; i < present.length; i++) {
    const [low, high] = [present[i - 1]!, present[i]!];
    if (high.amount < low.amount)
      problems.push(`p${high.percentile} is below p${low.percentile}: percentiles must be ordered`);
  }
  return problems;
}

/** Rounded for display: one decimal of a percentile is as much as any band supports. */
const round = (value: number, digits: number) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/**
 * The amount's percentile position. At a present percentile exactly, that percentile (the lowest
 * of equal ones); between two, linear interpolation; outside, below/above the outermost present.
 */
export function percentilePosition(amount: number, band: Percentiles): Position {
  const present = points(band);
  const first = present[0];
  const last = present[present.length - 1];
  if (!first || !last) throw new RangeError('the band has no percentiles');
  if (amount < first.amount) return { kind: 'below', percentile: first.percentile };
  if (amount > last.amount) return { kind: 'above', percentile: last.percentile };
  for (let i = 0; i < present.length; i++) {
    const point = present[i]!;
    if (amount === point.amount) return { kind: 'within', percentile: point.percentile };
    const next = present[i + 1];
    if (next && amount < next.amount) {
      const share = (amount - point.amount) / (next.amount - point.amount);
      const percentile = point.percentile + share * (next.percentile - point.percentile);
      return { kind: 'within', percentile: round(percentile, 1) };
    }
  }
  return { kind: 'within', percentile: last.percentile };
}

/**
 * The amount at a percentile (fractional minor units; the caller rounds), interpolated between the
 * present percentiles around it; undefined outside them or on a band with fewer than two.
 */
export function amountAtPercentile(percentile: number, band: Percentiles): number | undefined {
  const present = points(band);
  for (let i = 0; i < present.length; i++) {
    const point = present[i]!;
    if (point.percentile === percentile) return point.amount;
    const next = present[i + 1];
    if (next && percentile > point.percentile && percentile < next.percentile) {
      const share = (percentile - point.percentile) / (next.percentile - point.percentile);
      return point.amount + share * (next.amount - point.amount);
    }
  }
  return undefined;
}

/** Offer / p50, to three decimals; undefined without a p50 (or a p50 of zero). */
export function compaRatio(amount: number, band: Percentiles): number | undefined {
  const median = band.p50;
  if (median === null || median === undefined || median === 0) return undefined;
  return round(amount / median, 3);
}

/** (offer - p10) / (p90 - p10), to three decimals; undefined without both ends or a zero width. */
export function rangePenetration(amount: number, band: Percentiles): number | undefined {
  const { p10, p90 } = band;
  if (p10 === null || p10 === undefined || p90 === null || p90 === undefined || p90 <= p10)
    return undefined;
  return round((amount - p10) / (p90 - p10), 3);
}
