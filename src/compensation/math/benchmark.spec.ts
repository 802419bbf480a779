import { BenchmarkError, benchmarkOffer, BenchmarkInput } from './benchmark';
import { band, fx } from './spec-fixtures';

const usBase = band({ id: 'us-base' });
const usTotal = band({
  id: 'us-total',
  payBasis: 'total',
  p10: 12_000_000,
  p25: 15_000_000,
  p50: 18_000_000,
  p75: 21_000_000,
  p90: 26_000_000,
});
const gbBase = band({
  id: 'gb-base',
  country: 'GB',
  currency: 'GBP',
  p10: 6_000_000,
  p25: 7_000_000,
  p50: 8_000_000,
  p75: 9_000_000,
  p90: 11_000_000,
});
const gbpUsd = fx('GBP', 'USD', '1.25');
const eurUsd = fx('EUR', 'USD', '1.1');

function input(overrides: Partial<BenchmarkInput> = {}): BenchmarkInput {
  return {
    asOf: '2026-06-01',
    payBasis: 'base',
    offer: { currency: 'USD', base: 13_000_000, bonusTarget: 1_000_000, equityPerYear: 2_000_000 },
    requisition: {
      roleFamilyId: 'ai-engineer',
      level: 'mid',
      country: 'US',
      remotePolicy: 'hybrid',
      budget: { currency: 'USD', min: 11_000_000, max: 15_000_000, payBasis: 'base' },
    },
    expectation: null,
    bands: [usBase, usTotal, gbBase],
    fxRates: [gbpUsd, eurUsd],
    ...overrides,
  };
}

describe('benchmarkOffer', () => {
  it('places a same-currency offer between p25 and p50, with compa-ratio and penetration', () => {
    const result = benchmarkOffer(input());
    expect(result).toMatchObject({
      offer: { amount: 13_000_000, currency: 'USD' },
      converted: { amount: 13_000_000, currency: 'USD' },
      position: { kind: 'within', percentile: 37.5 },
      compaRatio: 0.929,
      rangePenetration: 0.3,
      fx: [],
      flags: [],
      blocking: false,
    });
    expect(result.band).toMatchObject({
      id: 'us-base',
      fallback: null,
      p50: { amount: 14_000_000, currency: 'USD' },
    });
  });

  it('converts an offer in another currency with the rate in force, and records the row', () => {
    // 104,000.00 GBP * 1.25 = 130,000.00 USD: between p25 and p50.
    const result = benchmarkOffer(
      input({ offer: { currency: 'GBP', base: 10_400_000, bonusTarget: 0, equityPerYear: 0 } }),
    );
    expect(result.offer).toEqual({ amount: 10_400_000, currency: 'GBP' });
    expect(result.converted).toEqual({ amount: 13_000_000, currency: 'USD' });
    expect(result.position).toEqual({ kind: 'within', percentile: 37.5 });
    expect(result.fx).toEqual([
      {
        id: gbpUsd.id,
        base: 'GBP',
        quote: 'USD',
        rate: '1.25',
        effectiveFrom: '2026-01-01',
        source: 'test rates',
      },
    ]);
  });

  it('converts through USD (EUR -> GBP band) and rounds half-even', () => {
    // 88,000.01 EUR -> USD at 1.1 -> GBP at 1/1.25: 88000.01 * 0.88 = 77,440.0088 GBP -> 7,744,001 pence.
    const result = benchmarkOffer(
      input({
        offer: { currency: 'EUR', base: 8_800_001, bonusTarget: 0, equityPerYear: 0 },
        requisition: {
          ...input().requisition,
          country: 'GB',
          budget: { currency: 'GBP', min: 1, max: 9_000_000, payBasis: 'base' },
        },
      }),
    );
    expect(result.converted).toEqual({ amount: 7_744_001, currency: 'GBP' });
    expect(result.position).toEqual({ kind: 'within', percentile: 43.6 });
    expect(result.fx.map((row) => row.id).sort()).toEqual([eurUsd.id, gbpUsd.id].sort());
    expect(result.budget).toMatchObject({
      compared: true,
      offer: { amount: 7_744_001, currency: 'GBP' },
    });
  });

  it('uses the FX row in force on the offer date', () => {
    const later = fx('GBP', 'USD', '1.5', '2026-07-01');
    const terms = { currency: 'GBP' as const, base: 10_000_000, bonusTarget: 0, equityPerYear: 0 };
    const before = benchmarkOffer(input({ offer: terms, fxRates: [gbpUsd, later] }));
    const after = benchmarkOffer(
      input({ offer: terms, fxRates: [gbpUsd, later], asOf: '2026-07-01' }),
    );
    expect([before.converted.amount, before.fx[0]?.id]).toEqual([12_500_000, gbpUsd.id]);
    expect([after.converted.amount, after.fx[0]?.id]).toEqual([15_000_000, later.id]);
  });

  it('never mixes base and total: a total-pay offer uses the total band and base + bonus + equity', () => {
    const result = benchmarkOffer(input({ payBasis: 'total' }));
    expect(result.band.id).toBe('us-total');
    expect(result.offer.amount).toBe(16_000_000);
    expect(result.position).toEqual({ kind: 'within', percentile: 33.3 });
    // The budget is on base pay: not compared with a total.
    expect(result.budget).toMatchObject({ compared: false, offer: null });
  });

  it('answers NO_MATCHING_BAND rather than use the other basis', () => {
    const attempt = () => benchmarkOffer(input({ payBasis: 'total', bands: [usBase, gbBase] }));
    expect(attempt).toThrow(BenchmarkError);
    expect(attempt).toThrow(/No total-pay band for ai-engineer in US/);
  });

  it('answers FX_RATE_MISSING when no path converts the offer', () => {
    const attempt = () =>
      benchmarkOffer(
        input({ offer: { currency: 'INR', base: 1, bonusTarget: 0, equityPerYear: 0 } }),
      );
    expect(attempt).toThrow(expect.objectContaining({ code: 'FX_RATE_MISSING' }) as Error);
  });

  it('falls back to the nearest level, flagged', () => {
    const result = benchmarkOffer(
      input({ requisition: { ...input().requisition, level: 'staff' } }),
    );
    expect(result.band.fallback).toEqual({ requestedLevel: 'staff', usedLevel: 'mid' });
    expect(result.flags.map((f) => f.code)).toEqual(['fallback_band']);
  });

  it('flags over budget in the budget currency and above p90, both blocking', () => {
    const result = benchmarkOffer(
      input({
        offer: { currency: 'USD', base: 20_000_100, bonusTarget: 0, equityPerYear: 0 },
        requisition: {
          ...input().requisition,
          budget: { currency: 'GBP', min: 1, max: 16_000_000, payBasis: 'base' },
        },
      }),
    );
    // 200,001.00 USD / 1.25 = 160,000.80 GBP > 160,000.00
    expect(result.budget.offer).toEqual({ amount: 16_000_080, currency: 'GBP' });
    expect(result.position).toEqual({ kind: 'above', percentile: 90 });
    expect(result.flags.map((f) => f.code)).toEqual(['above_p90', 'over_budget']);
    expect(result.blocking).toBe(true);
  });

  it('compares an expectation in another currency, on the same basis only', () => {
    const gbpExpectation = { amount: 12_000_000, currency: 'GBP', payBasis: 'base' as const };
    const compared = benchmarkOffer(input({ expectation: gbpExpectation }));
    expect(compared.expectation).toMatchObject({
      compared: true,
      expected: { amount: 15_000_000, currency: 'USD' },
      offer: { amount: 13_000_000, currency: 'USD' },
    });
    expect(compared.flags.map((f) => f.code)).toEqual(['below_expectation']);
    const otherBasis = benchmarkOffer(
      input({ expectation: { ...gbpExpectation, payBasis: 'total' } }),
    );
    expect(otherBasis.expectation).toMatchObject({ compared: false, expected: null });
    expect(otherBasis.expectation.note).toContain('not compared');
    expect(otherBasis.flags).toEqual([]);
  });

  it('reports the skill-adjusted target beside the benchmark, never changing the offer', () => {
    const result = benchmarkOffer(input({ fitScore: 80 }));
    expect(result.target).toMatchObject({
      available: true,
      percentile: 65,
      amount: { amount: 15_200_000, currency: 'USD' },
    });
    expect(result.offer.amount).toBe(13_000_000);
    expect(benchmarkOffer(input()).target).toMatchObject({ available: false, amount: null });
  });

  it('positions a remote offer in every country band of the family and basis', () => {
    const result = benchmarkOffer(
      input({ requisition: { ...input().requisition, remotePolicy: 'remote' } }),
    );
    expect(result.remoteWhatIf).toEqual([
      {
        country: 'GB',
        band: { id: 'gb-base', level: 'mid', effectiveFrom: '2026-01-01', fallback: false },
        converted: { amount: 10_400_000, currency: 'GBP' },
        position: { kind: 'within', percentile: 85.5 },
        compaRatio: 1.3,
        rangePenetration: 0.88,
      },
      {
        country: 'US',
        band: { id: 'us-base', level: 'mid', effectiveFrom: '2026-01-01', fallback: false },
        converted: { amount: 13_000_000, currency: 'USD' },
        position: { kind: 'within', percentile: 37.5 },
        compaRatio: 0.929,
        rangePenetration: 0.3,
      },
    ]);
    expect(benchmarkOffer(input()).remoteWhatIf).toBeNull();
  });

  it('leaves out of the what-if a country whose currency cannot be converted', () => {
    const inBand = band({ id: 'in-base', country: 'IN', currency: 'INR', p90: 300_000_000 });
    const result = benchmarkOffer(
      input({
        bands: [usBase, inBand],
        requisition: { ...input().requisition, remotePolicy: 'remote' },
      }),
    );
    expect(result.remoteWhatIf?.map((r) => r.country)).toEqual(['US']);
  });
});
