import { FlagCode, FlagInput, offerFlags } from './flags';

const BAND = {
  p10: 1000,
  p25: 2000,
  p50: 3000,
  p75: 4000,
  p90: 6000,
  effectiveFrom: '2026-01-01',
  sampleSize: 100,
};
const BASE: FlagInput = { amount: 3000, band: BAND, asOf: '2026-06-01', fallback: null };

describe('offerFlags', () => {
  it.each<[string, Partial<FlagInput>, FlagCode[]]>([
    ['an offer at the median of a fresh, large band', {}, []],
    ['below p25', { amount: 1999 }, ['below_p25']],
    ['at p25 exactly is not below', { amount: 2000 }, []],
    ['above p90', { amount: 6001 }, ['above_p90']],
    ['at p90 exactly is not above', { amount: 6000 }, []],
    ['over budget', { budget: { offer: 15001, max: 15000 } }, ['over_budget']],
    ['at the budget maximum', { budget: { offer: 15000, max: 15000 } }, []],
    [
      'more than 10% below the expectation',
      { expectation: { offer: 8999, expected: 10000 } },
      ['below_expectation'],
    ],
    ['exactly 10% below is not more', { expectation: { offer: 9000, expected: 10000 } }, []],
    ['above the expectation', { expectation: { offer: 12000, expected: 10000 } }, []],
    [
      'a band older than 12 months',
      { band: { ...BAND, effectiveFrom: '2025-05-31' } },
      ['stale_band'],
    ],
    ['a band exactly 12 months old', { band: { ...BAND, effectiveFrom: '2025-06-01' } }, []],
    ['a small sample', { band: { ...BAND, sampleSize: 29 } }, ['small_sample']],
    ['a sample of 30', { band: { ...BAND, sampleSize: 30 } }, []],
    ['an unpublished sample size', { band: { ...BAND, sampleSize: null } }, ['small_sample']],
    [
      'a fallback band',
      { fallback: { requestedLevel: 'senior', usedLevel: 'mid' } },
      ['fallback_band'],
    ],
    [
      'no p25 or p90: neither is judged',
      { amount: 99999, band: { ...BAND, p25: null, p90: undefined } },
      [],
    ],
    [
      'several at once',
      { amount: 7000, budget: { offer: 20000, max: 15000 }, band: { ...BAND, sampleSize: 5 } },
      ['above_p90', 'over_budget', 'small_sample'],
    ],
  ])('%s', (_name, overrides, codes) => {
    expect(offerFlags({ ...BASE, ...overrides }).map((f) => f.code)).toEqual(codes);
  });

  it('marks only above p90 and over budget as blocking', () => {
    const flags = offerFlags({
      ...BASE,
      amount: 500,
      budget: { offer: 2, max: 1 },
      expectation: { offer: 1, expected: 100 },
      band: { ...BAND, p90: 400, effectiveFrom: '2020-01-01', sampleSize: null },
      fallback: { requestedLevel: 'staff', usedLevel: 'senior' },
    });
    expect(Object.fromEntries(flags.map((f) => [f.code, f.blocking]))).toEqual({
      below_p25: false,
      above_p90: true,
      over_budget: true,
      below_expectation: false,
      stale_band: false,
      small_sample: false,
      fallback_band: false,
    });
  });
});
