/** Bands and FX rows for the compensation specs. */
import { BandFigures, FxFigures } from './benchmark';

let next = 0;

/** A US USD base band for ai-engineer/mid dated 2026-01-01, with the fields given overriding. */
export function band(overrides: Partial<BandFigures> = {}): BandFigures {
  next += 1;
  return {
    id: `band-${next}`,
    roleFamilyId: 'ai-engineer',
    level: 'mid',
    country: 'US',
    currency: 'USD',
    payBasis: 'base',
    effectiveFrom: '2026-01-01',
    p10: 10_000_000,
    p25: 12_000_000,
    p50: 14_000_000,
    p75: 16_000_000,
    p90: 20_000_000,
    meanAmount: null,
    sampleSize: 120,
    source: 'test survey',
    sourceUrl: null,
    method: 'published',
    ...overrides,
  };
}

export function fx(
  base: string,
  quote: string,
  rate: string,
  effectiveFrom = '2026-01-01',
): FxFigures {
  next += 1;
  return { id: `fx-${next}`, base, quote, rate, effectiveFrom, source: 'test rates' };
}
