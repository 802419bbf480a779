/**
 * The stated rule that turns the published 2025 figures into seed bands (docs/compensation.md,
 * "How the seed bands are built"). Pay is modelled as log-normal: a published 25th-75th percentile
 * range gives a median (their geometric mean) and a spread; a published median alone borrows the
 * spread of the only published range (US base pay). Derived figures keep three significant digits:
 * the sources support no more. The migration's seed rows are checked against this rule by
 * seed-rule.spec.ts. Pure: no Nest, no TypeORM.
 */

/** Standard normal quantiles of the band's percentiles. */
export const Z = { p10: -1.2815516, p25: -0.6744898, p50: 0, p75: 0.6744898, p90: 1.2815516 };

export interface LogNormal {
  median: number;
  sigma: number;
}

export function fromQuartiles(p25: number, p75: number): LogNormal {
  if (!(p25 > 0 && p75 > p25)) throw new RangeError('need 0 < p25 < p75');
  return { median: Math.sqrt(p25 * p75), sigma: Math.log(p75 / p25) / (2 * Z.p75) };
}

export function quantile(model: LogNormal, z: number): number {
  return model.median * Math.exp(model.sigma * z);
}

/** 106141.4 -> 106000; 71160 -> 71200: no more precision than the sources carry (whole units). */
export function threeSignificant(value: number): number {
  if (value <= 0) throw new RangeError('positive values only');
  const digits = Math.floor(Math.log10(value)) + 1;
  const unit = 10 ** Math.max(0, digits - 3);
  return Math.round(value / unit) * unit;
}

export type DerivedBand = Record<keyof typeof Z, number>;

/** The five percentiles (major units) of a model; the published ones are passed through as given. */
export function deriveBand(model: LogNormal, published: Partial<DerivedBand>): DerivedBand {
  const out = {} as DerivedBand;
  for (const key of Object.keys(Z) as (keyof typeof Z)[]) {
    out[key] = published[key] ?? threeSignificant(quantile(model, Z[key]));
  }
  return out;
}
