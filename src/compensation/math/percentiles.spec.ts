import {
  amountAtPercentile,
  compaRatio,
  Percentiles,
  percentilePosition,
  percentileProblems,
  Position,
  rangePenetration,
} from './percentiles';

const FULL: Percentiles = { p10: 1000, p25: 2000, p50: 3000, p75: 4000, p90: 6000 };

describe('percentilePosition', () => {
  it.each<[string, number, Percentiles, Position]>([
    // At each percentile.
    ['at p10', 1000, FULL, { kind: 'within', percentile: 10 }],
    ['at p25', 2000, FULL, { kind: 'within', percentile: 25 }],
    ['at p50', 3000, FULL, { kind: 'within', percentile: 50 }],
    ['at p75', 4000, FULL, { kind: 'within', percentile: 75 }],
    ['at p90', 6000, FULL, { kind: 'within', percentile: 90 }],
    // Between every pair (midpoints and a third of the way).
    ['between p10 and p25', 1500, FULL, { kind: 'within', percentile: 17.5 }],
    ['between p25 and p50', 2500, FULL, { kind: 'within', percentile: 37.5 }],
    ['between p50 and p75', 3500, FULL, { kind: 'within', percentile: 62.5 }],
    ['between p75 and p90', 5000, FULL, { kind: 'within', percentile: 82.5 }],
    ['a third from p75 to p90', 4667, FULL, { kind: 'within', percentile: 80 }],
    // Outside: reported, never extrapolated.
    ['below p10', 999, FULL, { kind: 'below', percentile: 10 }],
    ['far below p10', 0, FULL, { kind: 'below', percentile: 10 }],
    ['above p90', 6001, FULL, { kind: 'above', percentile: 90 }],
    // Missing percentiles: interpolation spans the gap; outside is relative to what is present.
    [
      'p50 missing',
      3000,
      { p10: 1000, p25: 2000, p75: 4000, p90: 6000 },
      { kind: 'within', percentile: 50 },
    ],
    [
      'p25 and p75 missing',
      2000,
      { p10: 1000, p50: 3000, p90: 6000 },
      { kind: 'within', percentile: 30 },
    ],
    [
      'no p10: below p25',
      1500,
      { p25: 2000, p50: 3000, p75: 4000 },
      { kind: 'below', percentile: 25 },
    ],
    [
      'no p90: above p75',
      4500,
      { p25: 2000, p50: 3000, p75: 4000 },
      { kind: 'above', percentile: 75 },
    ],
    ['only p90, below it', 1000, { p90: 6000 }, { kind: 'below', percentile: 90 }],
    ['only p90, at it', 6000, { p90: 6000 }, { kind: 'within', percentile: 90 }],
    ['only p90, above it', 7000, { p90: 6000 }, { kind: 'above', percentile: 90 }],
    [
      'null counts as missing',
      2000,
      { p10: 1000, p25: null, p50: 3000 },
      { kind: 'within', percentile: 30 },
    ],
    // Equal neighbours: the lowest percentile with that amount.
    [
      'flat segment',
      2000,
      { p10: 1000, p25: 2000, p50: 2000, p75: 4000 },
      { kind: 'within', percentile: 25 },
    ],
    [
      'in a flat top',
      4000,
      { p50: 3000, p75: 4000, p90: 4000 },
      { kind: 'within', percentile: 75 },
    ],
  ])('%s', (_name, amount, band, expected) => {
    expect(percentilePosition(amount, band)).toEqual(expected);
  });

  it('refuses a band without percentiles', () => {
    expect(() => percentilePosition(1, {})).toThrow(RangeError);
  });
});

describe('amountAtPercentile (the inverse, for the target)', () => {
  it.each<[number, Percentiles, number | undefined]>([
    [50, FULL, 3000],
    [40, FULL, 2600],
    [75, FULL, 4000],
    [85, FULL, 5333.333333333333],
    [50, { p25: 2000, p75: 4000 }, 3000],
    [5, FULL, undefined],
    [95, FULL, undefined],
    [60, { p90: 6000 }, undefined],
    [25, { p25: 2000 }, 2000],
  ])('p%p -> %p', (percentile, band, expected) => {
    expect(amountAtPercentile(percentile, band)).toBe(expected);
  });
});

describe('compa-ratio and range penetration', () => {
  it.each<[number, Percentiles, number | undefined, number | undefined]>([
    [3000, FULL, 1, 0.4],
    [1000, FULL, 0.333, 0],
    [6000, FULL, 2, 1],
    [7000, FULL, 2.333, 1.2],
    [500, FULL, 0.167, -0.1],
    [3000, { p25: 2000, p75: 4000 }, undefined, undefined],
    [3000, { p10: 1000, p50: 3000 }, 1, undefined],
    [3000, { p10: 3000, p90: 3000 }, undefined, undefined],
    [3000, { p50: 0 }, undefined, undefined],
  ])('%p in %j', (amount, band, compa, penetration) => {
    expect(compaRatio(amount, band)).toBe(compa);
    expect(rangePenetration(amount, band)).toBe(penetration);
  });
});

describe('percentileProblems', () => {
  it.each<[string, Percentiles, string[]]>([
    ['a full ordered band', FULL, []],
    ['one percentile', { p90: 5 }, []],
    ['equal neighbours', { p25: 5, p50: 5 }, []],
    ['none', {}, ['at least one of p10, p25, p50, p75, p90 is required']],
    ['unordered', { p25: 5, p50: 4 }, ['p50 is below p25: percentiles must be ordered']],
    [
      'unordered across a gap',
      { p10: 5, p90: 4 },
      ['p90 is below p10: percentiles must be ordered'],
    ],
    ['negative', { p50: -1 }, ['p50 must be a non-negative whole number of minor units']],
    ['fractional', { p50: 1.5 }, ['p50 must be a non-negative whole number of minor units']],
  ])('%s', (_name, band, problems) => {
    expect(percentileProblems(band)).toEqual(problems);
  });
});
