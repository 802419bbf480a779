import { ItemParams, ItemResponse, probability } from './irt';
import { isRapidGuess, personFit, rapidGuessThresholdMs, responseTimeEffort } from './integrity';

describe('rapid guessing', () => {
  it.each<[string, number | undefined, number]>([
    ['10% of a 60 s typical time', 60_000, 6_000],
    ['10% of a 20 s typical time', 20_000, 2_000],
    ['capped at 10 s', 200_000, 10_000],
    ['exactly at the cap', 100_000, 10_000],
    ['no typical time yet', undefined, 3_000],
    ['an unusable typical time (0)', 0, 3_000],
    ['an unusable typical time (NaN)', NaN, 3_000],
  ])('threshold: %s -> %p ms', (_name, typical, expected) => {
    expect(rapidGuessThresholdMs(typical)).toBe(expected);
  });

  it.each<[number, number | undefined, boolean]>([
    [5_999, 60_000, true],
    [6_000, 60_000, false],
    [9_999, 300_000, true],
    [10_000, 300_000, false],
    [2_999, undefined, true],
    [3_000, undefined, false],
    [0, undefined, true],
  ])('%p ms with typical %p ms: rapid = %p', (ms, typical, rapid) => {
    expect(isRapidGuess(ms, typical)).toBe(rapid);
  });

  it.each([-1, NaN, Infinity])('rejects a response time of %p', (ms) => {
    expect(() => isRapidGuess(ms, 60_000)).toThrow(RangeError);
  });
});

describe('responseTimeEffort', () => {
  const flags = (rapid: number, total: number): boolean[] =>
    Array.from({ length: total }, (_, i) => i < rapid);

  it.each<[number, number, number, boolean]>([
    [0, 10, 1, false],
    [1, 10, 0.9, false],
    [2, 10, 0.8, true],
    [12, 12, 0, true],
  ])('%p rapid of %p: RTE %p, flagged %p', (rapid, total, rte, flagged) => {
    expect(responseTimeEffort(flags(rapid, total))).toEqual({ rte, flagged });
  });

  it('has nothing to say with no responses', () => {
    expect(responseTimeEffort([])).toBeUndefined();
  });
});

describe('personFit', () => {
  const item = (b: number, a = 1.5, c = 0): ItemParams => ({ a, b, c });
  const ladder = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2].map((b) => item(b));
  const respond = (items: ItemParams[], correct: (b: number) => boolean): ItemResponse[] =>
    items.map((it) => ({ item: it, correct: correct(it.b) }));

  it('matches the definition on a small case', () => {
    const responses = [
      { item: item(-1, 1), correct: true },
      { item: item(1, 1), correct: false },
      { item: item(0.5, 2, 0.2), correct: true },
    ];
    let l0 = 0;
    let e = 0;
    let v = 0;
    for (const { item: it, correct } of responses) {
      const p = probability(0.2, it);
      const q = 1 - p;
      l0 += correct ? Math.log(p) : Math.log(q);
      e += p * Math.log(p) + q * Math.log(q);
      v += p * q * Math.log(p / q) ** 2;
    }
    expect(personFit(responses, 0.2)?.lz).toBeCloseTo((l0 - e) / Math.sqrt(v), 12);
  });

  it.each<[string, (b: number) => boolean, boolean]>([
    ['a Guttman pattern (easy right, hard wrong)', (b) => b <= 0, false],
    ['a reversed pattern (easy wrong, hard right)', (b) => b > 0, true],
  ])('%s: flagged %p', (_name, correct, flagged) => {
    const fit = personFit(respond(ladder, correct), 0);
    expect(fit?.flagged).toBe(flagged);
    if (flagged) expect(fit?.lz).toBeLessThan(-1.645);
    else expect(fit?.lz).toBeGreaterThan(0);
  });

  it.each<[string, ItemResponse[], number]>([
    ['no responses', [], 0],
    // P = 0.5 on every item: ln(P/Q) = 0, so the variance is exactly 0.
    [
      'every item a coin toss at theta',
      respond([item(0, 1), item(0, 1), item(0, 1), item(0, 1)], () => true),
      0,
    ],
    ['every item certain at theta', respond(ladder, () => true), 60],
  ])('is undefined when the variance is ~0: %s', (_name, responses, theta) => {
    expect(personFit(responses, theta)).toBeUndefined();
  });

  it('is finite for 3PL items far from theta', () => {
    const fit = personFit(
      respond([item(0, 1.5, 0.25), item(1, 1.5, 0.25)], () => false),
      -8,
    );
    expect(fit === undefined || Number.isFinite(fit.lz)).toBe(true);
  });
});
