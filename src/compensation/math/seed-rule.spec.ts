import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_BANDS, SEED_FX } from '../../../migrations/1795892000000-Compensation';
import { repositoryPath } from '../../common/repository-path';
import { deriveBand, fromQuartiles, quantile, threeSignificant, Z } from './seed-rule';

interface Fact {
  region: string;
  statistic: string;
  amount?: number;
  min?: number;
  max?: number;
  url: string;
}
const facts = JSON.parse(
  readFileSync(
    join(repositoryPath(join('content', 'compensation')), 'market-facts-2025.json'),
    'utf8',
  ),
) as { salary: Fact[]; fx_implied_by_the_report: Record<string, number | string> };
const fact = (region: string, statistic: string) =>
  facts.salary.find((f) => f.region === region && f.statistic === statistic)!;
const seed = (country: string, payBasis: string) =>
  SEED_BANDS.find((b) => b.country === country && b.payBasis === payBasis)!;

describe('the seed rule', () => {
  it.each<[number, number]>([
    [106141.4, 106000],
    [71160, 71200],
    [999.6, 1000],
    [3_060_000, 3_060_000],
    [12.34, 12], // never finer than a whole major unit
  ])('keeps three significant digits: %p -> %p', (value, expected) => {
    expect(threeSignificant(value)).toBeCloseTo(expected, 6);
  });

  it('fits a log-normal to a quartile range', () => {
    const model = fromQuartiles(86000, 131000);
    expect(quantile(model, Z.p25)).toBeCloseTo(86000, 6);
    expect(quantile(model, Z.p75)).toBeCloseTo(131000, 6);
    expect(model.sigma).toBeCloseTo(0.312, 3);
  });
});

describe('the seed bands in the migration', () => {
  const usBase = fact('US', 'typical base pay range');
  const spread = fromQuartiles(usBase.min!, usBase.max!);

  it('US base: the published quartiles, the rest by the rule', () => {
    const { p10, p25, p50, p75, p90 } = seed('US', 'base');
    expect({ p10, p25, p50, p75, p90 }).toEqual(
      deriveBand(spread, { p25: usBase.min, p75: usBase.max }),
    );
    expect(seed('US', 'base').sourceUrl).toBe(usBase.url);
  });

  it.each<[string, 'base' | 'total', string]>([
    ['US', 'total', 'median total pay'],
    ['GB', 'total', 'median salary'],
    ['DE', 'base', 'median salary'],
    ['CN', 'base', 'median salary'],
  ])(
    '%s %s: the published median, the spread borrowed from US base pay',
    (country, basis, statistic) => {
      const published = fact(country, statistic);
      const band = seed(country, basis);
      const { p10, p25, p50, p75, p90 } = band;
      expect({ p10, p25, p50, p75, p90 }).toEqual(
        deriveBand({ median: published.amount!, sigma: spread.sigma }, { p50: published.amount }),
      );
      expect(band.sourceUrl).toBe(published.url);
      expect(band.method).toContain('p50 published');
    },
  );

  it('India: the average stays an average (no p50), the top-10% figure is p90', () => {
    const band = seed('IN', 'base');
    expect(band).toMatchObject({
      p10: null,
      p25: null,
      p50: null,
      p75: null,
      p90: fact('IN', 'top 10% earn at least').amount,
      mean: fact('IN', 'average salary').amount,
    });
    // The reason given: no log-normal has this p90 / mean ratio (its maximum is exp(z90^2 / 2)).
    expect(band.p90! / band.mean!).toBeGreaterThan(Math.exp(Z.p90 ** 2 / 2));
  });

  it('FX: the rates the report implies, USD per unit', () => {
    expect(Object.fromEntries(SEED_FX.map(([currency, rate]) => [currency, Number(rate)]))).toEqual(
      Object.fromEntries(
        Object.entries(facts.fx_implied_by_the_report).filter(([key]) => key !== 'note'),
      ),
    );
  });
});
