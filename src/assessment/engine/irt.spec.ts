import {
  assertItemParams,
  information,
  ItemParams,
  ItemResponse,
  logistic,
  logLikelihood,
  logProbability,
  probability,
  score,
  testInformation,
} from './irt';
import { mulberry32 } from './random';

const rasch: ItemParams = { a: 1, b: 0, c: 0 };
const threePl: ItemParams = { a: 1.5, b: 0.5, c: 0.25 };

/** The textbook formula, written out literally: fine away from the extremes. */
const textbookInformation = (theta: number, { a, b, c }: ItemParams): number => {
  const p = c + (1 - c) / (1 + Math.exp(-a * (theta - b)));
  return a * a * ((p - c) ** 2 / (1 - c) ** 2) * ((1 - p) / p);
};

describe('probability', () => {
  it.each<[string, number, ItemParams, number]>([
    ['2PL at theta = b', 0, rasch, 0.5],
    ['2PL one logit above', 1, rasch, 0.7310585786300049],
    ['2PL one logit below', -1, rasch, 0.2689414213699951],
    ['2PL with a = 2', 0.5, { a: 2, b: 0, c: 0 }, 0.7310585786300049],
    ['3PL at theta = b', 0.5, threePl, 0.625],
    ['3PL far below: the guessing floor', -1000, threePl, 0.25],
    ['3PL far above', 1000, threePl, 1],
    ['2PL far below', -1000, rasch, 0],
  ])('%s', (_name, theta, item, expected) => {
    expect(probability(theta, item)).toBeCloseTo(expected, 12);
  });

  it('logistic is finite and symmetric for huge arguments', () => {
    expect(logistic(1e6)).toBe(1);
    expect(logistic(-1e6)).toBe(0);
    expect(logistic(3) + logistic(-3)).toBeCloseTo(1, 15);
  });
});

describe('information', () => {
  it.each<[number, ItemParams]>([
    [0, rasch],
    [1.3, rasch],
    [-0.7, { a: 2, b: 0.3, c: 0 }],
    [0.5, threePl],
    [-1, threePl],
    [2.2, { a: 0.8, b: -1, c: 0.2 }],
  ])('matches the textbook 3PL formula at theta %p', (theta, item) => {
    expect(information(theta, item)).toBeCloseTo(textbookInformation(theta, item), 12);
  });

  it('reduces to a^2 P Q for 2PL, maximal a^2 / 4 at theta = b', () => {
    const item = { a: 1.7, b: 0.4, c: 0 };
    const p = probability(1.1, item);
    expect(information(1.1, item)).toBeCloseTo(1.7 ** 2 * p * (1 - p), 14);
    expect(information(0.4, item)).toBeCloseTo(1.7 ** 2 / 4, 14);
  });

  it("peaks for 3PL at Birnbaum's b + ln((1 + sqrt(1 + 8c)) / 2) / a", () => {
    const { a, b, c } = threePl;
    const peak = b + Math.log((1 + Math.sqrt(1 + 8 * c)) / 2) / a;
    expect(information(peak, threePl)).toBeGreaterThan(information(peak - 0.01, threePl));
    expect(information(peak, threePl)).toBeGreaterThan(information(peak + 0.01, threePl));
  });

  it.each([-1e4, -50, 50, 1e4])('is finite and ~0 at theta %p (no NaN from 0/0)', (theta) => {
    for (const item of [rasch, threePl, { a: 4, b: 0, c: 0 }]) {
      const value = information(theta, item);
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeLessThan(1e-15);
    }
  });

  it('adds up over a test', () => {
    expect(testInformation(0, [rasch, rasch, threePl])).toBeCloseTo(
      0.5 + information(0, threePl),
      14,
    );
    expect(testInformation(0, [])).toBe(0);
  });
});

describe('log-likelihood', () => {
  it.each<[string, number, ItemResponse]>([
    ['right, 2PL, far below', -1000, { item: rasch, correct: true }],
    ['wrong, 2PL, far above', 1000, { item: rasch, correct: false }],
    ['wrong, 3PL, far above', 1000, { item: threePl, correct: false }],
  ])('is finite for a surprising answer: %s', (_name, theta, response) => {
    const value = logProbability(theta, response);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeLessThan(-100);
  });

  it('equals log P and log Q where those are representable', () => {
    expect(logProbability(0.3, { item: threePl, correct: true })).toBeCloseTo(
      Math.log(probability(0.3, threePl)),
      13,
    );
    expect(logProbability(0.3, { item: threePl, correct: false })).toBeCloseTo(
      Math.log(1 - probability(0.3, threePl)),
      13,
    );
  });

  it('has the score as its derivative (central differences, random 3PL patterns)', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 50; trial++) {
      const responses: ItemResponse[] = Array.from(
        { length: 1 + Math.floor(random() * 12) },
        () => ({
          item: {
            a: 0.5 + 2 * random(),
            b: -3 + 6 * random(),
            c: random() < 0.3 ? 0 : 0.3 * random(),
          },
          correct: random() < 0.5,
        }),
      );
      const theta = -3 + 6 * random();
      const h = 1e-5;
      const numeric =
        (logLikelihood(theta + h, responses) - logLikelihood(theta - h, responses)) / (2 * h);
      expect(score(theta, responses)).toBeCloseTo(numeric, 5);
    }
  });

  it('has a finite score at the extremes', () => {
    const responses = [
      { item: rasch, correct: true },
      { item: threePl, correct: false },
    ];
    for (const theta of [-1e4, 1e4]) expect(Number.isFinite(score(theta, responses))).toBe(true);
    // 2PL right answer far below: the score tends to a.
    expect(score(-1e4, [{ item: { a: 2, b: 0, c: 0 }, correct: true }])).toBeCloseTo(2, 12);
  });
});

describe('assertItemParams', () => {
  it.each<[string, ItemParams]>([
    ['a = 0', { a: 0, b: 0, c: 0 }],
    ['negative a', { a: -1, b: 0, c: 0 }],
    ['c = 1', { a: 1, b: 0, c: 1 }],
    ['negative c', { a: 1, b: 0, c: -0.1 }],
    ['NaN b', { a: 1, b: NaN, c: 0 }],
    ['infinite a', { a: Infinity, b: 0, c: 0 }],
  ])('rejects %s', (_name, item) => {
    expect(() => assertItemParams(item)).toThrow(RangeError);
  });

  it('accepts 2PL and 3PL items', () => {
    expect(() => assertItemParams(rasch)).not.toThrow();
    expect(() => assertItemParams(threePl)).not.toThrow();
  });
});
