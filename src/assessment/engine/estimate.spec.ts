import {
  eap,
  gridPoints,
  mle,
  Posterior,
  probabilityAtOrAbove,
  probabilityBelow,
} from './estimate';
import { ItemParams, ItemResponse, logLikelihood, score } from './irt';
import { mulberry32 } from './random';

const answers = (item: ItemParams, pattern: string): ItemResponse[] =>
  [...pattern].map((ch) => ({ item, correct: ch === '1' }));

describe('mle: the closed-form checks of DESIGN.md', () => {
  it.each<[string, ItemResponse[], number, number]>([
    ['four Rasch items at b = 0, two right', answers({ a: 1, b: 0, c: 0 }, '1100'), 0, 1],
    ['the same with a = 2', answers({ a: 2, b: 0, c: 0 }, '0101'), 0, 0.5],
    // 3 of 4 right: P = 3/4, theta = ln 3; I = 4 (3/4)(1/4) = 3/4.
    [
      'four Rasch items, three right',
      answers({ a: 1, b: 0, c: 0 }, '1110'),
      Math.log(3),
      1 / Math.sqrt(0.75),
    ],
    [
      'four Rasch items, one right',
      answers({ a: 1, b: 0, c: 0 }, '1000'),
      -Math.log(3),
      1 / Math.sqrt(0.75),
    ],
    // Rasch items at b = 1: the same pattern shifted by 1.
    ['four Rasch items at b = 1, two right', answers({ a: 1, b: 1, c: 0 }, '1010'), 1, 1],
  ])('%s', (_name, responses, theta, se) => {
    const estimate = mle(responses);
    expect(estimate?.theta).toBeCloseTo(theta, 9);
    expect(estimate?.se).toBeCloseTo(se, 9);
  });

  it('reports SE 1.000 and 0.500 to three decimals', () => {
    expect(mle(answers({ a: 1, b: 0, c: 0 }, '1100'))?.se.toFixed(3)).toBe('1.000');
    expect(mle(answers({ a: 2, b: 0, c: 0 }, '1100'))?.se.toFixed(3)).toBe('0.500');
  });
});

describe('mle: edge cases', () => {
  const item: ItemParams = { a: 1.5, b: 0.3, c: 0.25 };
  it.each<[string, ItemResponse[], number | undefined]>([
    ['no responses', [], undefined],
    ['one item, right', answers(item, '1'), Infinity],
    ['one item, wrong', answers(item, '0'), -Infinity],
    ['all right', answers(item, '11111'), Infinity],
    ['all wrong', answers(item, '00000'), -Infinity],
    [
      // Guessing explains the hard right answer better than any ability explains the easy miss.
      '3PL: hard item right, easy item wrong',
      [
        { item: { a: 1.5, b: 2, c: 0.25 }, correct: true },
        { item: { a: 1.5, b: -2, c: 0.25 }, correct: false },
      ],
      -Infinity,
    ],
  ])('%s', (_name, responses, theta) => {
    const estimate = mle(responses);
    expect(estimate?.theta).toBe(theta);
    if (estimate) expect(estimate.se).toBe(Infinity);
  });

  it('finds a root of the score at the global maximum for mixed 3PL patterns', () => {
    const random = mulberry32(5);
    let finite = 0;
    for (let trial = 0; trial < 100; trial++) {
      const responses: ItemResponse[] = Array.from(
        { length: 4 + Math.floor(random() * 12) },
        () => ({
          item: { a: 0.8 + 1.2 * random(), b: -2.5 + 5 * random(), c: 0.25 * random() },
          correct: random() < 0.5,
        }),
      );
      const estimate = mle(responses);
      if (!estimate || !Number.isFinite(estimate.theta)) continue;
      finite++;
      expect(Math.abs(score(estimate.theta, responses))).toBeLessThan(1e-7);
      const best = logLikelihood(estimate.theta, responses);
      for (let t = -10; t <= 10; t += 0.01) {
        expect(logLikelihood(t, responses)).toBeLessThanOrEqual(best + 1e-9);
      }
    }
    expect(finite).toBeGreaterThan(50);
  });

  it('rejects invalid item parameters', () => {
    expect(() => mle([{ item: { a: 1, b: 0, c: 1 }, correct: true }])).toThrow(RangeError);
  });
});

/**
 * An independent EAP: the likelihood as a plain product of P^u Q^(1-u), the N(0, 1) density, and
 * composite Simpson's rule on 2001 points. Two ranges, two tolerances (measured worst cases over
 * the table below in brackets):
 * - [-4.05, 4.05]: the grid's 81 points are the midpoint rule on exactly these cells (the reading
 *   probabilityBelow uses), so only discretisation error remains: 2e-4 (8.7e-5, all wrong on
 *   easy items, where the posterior is narrow and pressed against the edge).
 * - [-4, 4], the nominal range: the two end cells add half a cell of integrand each, which matters
 *   only when the posterior presses against an end: 0.005 (0.0044, same pattern); below 2e-4 for
 *   every pattern whose posterior stays inside.
 */
function simpsonEap(
  responses: readonly ItemResponse[],
  lo: number,
  hi: number,
): { theta: number; sd: number } {
  const n = 2001;
  const h = (hi - lo) / (n - 1);
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const t = lo + i * h;
    let like = Math.exp(-(t * t) / 2) / Math.sqrt(2 * Math.PI);
    for (const { item, correct } of responses) {
      const p = item.c + (1 - item.c) / (1 + Math.exp(-item.a * (t - item.b)));
      like *= correct ? p : 1 - p;
    }
    const w = i === 0 || i === n - 1 ? 1 : i % 2 === 1 ? 4 : 2;
    z += w * like;
    m1 += w * like * t;
    m2 += w * like * t * t;
  }
  const theta = m1 / z;
  return { theta, sd: Math.sqrt(m2 / z - theta * theta) };
}

const CELL_TOLERANCE = 2e-4;
const NOMINAL_TOLERANCE = 0.005;

describe('eap', () => {
  const random = mulberry32(2024);
  const randomPattern = (length: number): ItemResponse[] =>
    Array.from({ length }, () => ({
      item: {
        a: 0.6 + 1.9 * random(),
        b: -3 + 6 * random(),
        c: random() < 0.3 ? 0 : 0.3 * random(),
      },
      correct: random() < 0.5,
    }));
  const hard: ItemParams = { a: 1.5, b: 2, c: 0.25 };
  const easy: ItemParams = { a: 1.5, b: -2, c: 0.25 };

  it.each<[string, ItemResponse[]]>([
    ['no responses (the prior)', []],
    ['four Rasch items, two right', answers({ a: 1, b: 0, c: 0 }, '1100')],
    ['all right on hard items', answers(hard, '11111111')],
    ['all wrong on easy items', answers(easy, '00000000')],
    ['one item', answers({ a: 1.5, b: 0.5, c: 0.25 }, '1')],
    ...Array.from({ length: 12 }, (_, k): [string, ItemResponse[]] => [
      `random 3PL pattern #${k + 1}`,
      randomPattern(1 + k * 2),
    ]),
  ])('matches an independent Simpson quadrature: %s', (_name, responses) => {
    const posterior = eap(responses);
    for (const [lo, hi, tolerance] of [
      [-4.05, 4.05, CELL_TOLERANCE],
      [-4, 4, NOMINAL_TOLERANCE],
    ] as const) {
      const reference = simpsonEap(responses, lo, hi);
      expect(Math.abs(posterior.theta - reference.theta)).toBeLessThan(tolerance);
      expect(Math.abs(posterior.se - reference.sd)).toBeLessThan(tolerance);
    }
  });

  it('is the prior with no responses: mean 0, SD ~1, mass summing to 1', () => {
    const posterior = eap([]);
    expect(posterior.theta).toBeCloseTo(0, 12);
    expect(posterior.se).toBeCloseTo(1, 3);
    expect(posterior.mass.reduce((s, m) => s + m, 0)).toBeCloseTo(1, 12);
    expect(posterior.points).toHaveLength(81);
  });

  it('stays finite and inside the grid for long extreme patterns (no underflow)', () => {
    for (const pattern of ['1'.repeat(300), '0'.repeat(300)]) {
      const posterior = eap(answers({ a: 2.5, b: 0, c: 0 }, pattern));
      expect(Number.isFinite(posterior.theta)).toBe(true);
      expect(Math.abs(posterior.theta)).toBeLessThanOrEqual(4);
      expect(posterior.se).toBeGreaterThanOrEqual(0);
    }
  });

  it('follows the grid and prior settings', () => {
    const posterior = eap([], { points: 161, min: -6, max: 6 }, { mean: 1, sd: 0.5 });
    expect(posterior.points).toHaveLength(161);
    expect(posterior.theta).toBeCloseTo(1, 6);
    expect(posterior.se).toBeCloseTo(0.5, 3);
  });

  it.each<[string, () => unknown]>([
    ['a one-point grid', () => eap([], { points: 1, min: -4, max: 4 })],
    ['an empty range', () => eap([], { points: 81, min: 4, max: 4 })],
    ['a zero prior sd', () => eap([], undefined, { mean: 0, sd: 0 })],
    ['c = 1', () => eap([{ item: { a: 1, b: 0, c: 1 }, correct: true }])],
  ])('rejects %s', (_name, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe('gridPoints', () => {
  it('puts every level threshold exactly on the default grid', () => {
    const points = gridPoints();
    for (const t of [-2, -1, 0, 1, 1.5]) expect(points).toContain(t);
    expect(points[0]).toBe(-4);
    expect(points[80]).toBe(4);
  });
});

describe('probabilityBelow', () => {
  // Three cells of width 1 centred on 0, 1, 2.
  const posterior: Posterior = {
    theta: 1.3,
    se: 0,
    points: [0, 1, 2],
    mass: [0.2, 0.3, 0.5],
    step: 1,
  };

  it.each<[number, number]>([
    [-10, 0],
    [-0.5, 0],
    [0, 0.1],
    [0.5, 0.2],
    // A grid point exactly on t counts half on each side.
    [1, 0.35],
    [1.5, 0.5],
    [2, 0.75],
    [2.5, 1],
    [10, 1],
  ])('P(theta < %p) = %p', (t, expected) => {
    expect(probabilityBelow(posterior, t)).toBeCloseTo(expected, 12);
    expect(probabilityAtOrAbove(posterior, t)).toBeCloseTo(1 - expected, 12);
  });

  it('approximates the normal CDF on the prior', () => {
    const prior = eap([]);
    expect(probabilityBelow(prior, 0)).toBeCloseTo(0.5, 12);
    expect(probabilityBelow(prior, -1.6448536269514715)).toBeCloseTo(0.05, 3);
    expect(probabilityAtOrAbove(prior, 1.5)).toBeCloseTo(0.0668, 3);
  });

  it('is monotone in t', () => {
    const p = eap(answers({ a: 1.5, b: 0.5, c: 0.25 }, '110'));
    let last = 0;
    for (let t = -5; t <= 5; t += 0.013) {
      const value = probabilityBelow(p, t);
      expect(value).toBeGreaterThanOrEqual(last - 1e-15);
      last = value;
    }
  });
});
