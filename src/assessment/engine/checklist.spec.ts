import { ChecklistAnswer, checklistIndices, correctedRate } from './checklist';
import { inverseNormal } from './normal';

/** ratings of real terms, then of foils */
const answers = (real: number[], foils: number[]): ChecklistAnswer[] => [
  ...real.map((rating) => ({ isFoil: false, rating })),
  ...foils.map((rating) => ({ isFoil: true, rating })),
];

describe('correctedRate', () => {
  it.each<[number, number, number | undefined]>([
    [3, 10, 0.3],
    [0, 10, 0.5 / 11],
    [10, 10, 10.5 / 11],
    [0, 1, 0.25],
    [1, 1, 0.75],
    [0, 0, undefined],
  ])('%p of %p -> %p', (x, n, expected) => {
    expect(correctedRate(x, n)).toBe(expected);
  });
});

describe('checklistIndices', () => {
  it.each<
    [string, ChecklistAnswer[], { hits: number; falseAlarms: number; H: number; FA: number }]
  >([
    [
      'an ordinary profile: 8 of 10 real, 1 of 3 foils',
      answers([4, 3, 2, 2, 4, 3, 2, 3, 1, 0], [0, 2, 1]),
      { hits: 8, falseAlarms: 1, H: 0.8, FA: 1 / 3 },
    ],
    [
      'claims everything: both rates corrected from 1',
      answers([4, 4, 4, 4, 4, 4, 4, 4, 4, 4], [4, 3, 2]),
      { hits: 10, falseAlarms: 3, H: 10.5 / 11, FA: 3.5 / 4 },
    ],
    [
      'knows the real terms, no foil: H corrected from 1, FA from 0',
      answers([2, 2, 2, 2, 2, 2, 2, 2, 2, 2], [1, 1, 0]),
      { hits: 10, falseAlarms: 0, H: 10.5 / 11, FA: 0.5 / 4 },
    ],
    [
      'claims nothing',
      answers([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], [0, 0, 0]),
      { hits: 0, falseAlarms: 0, H: 0.5 / 11, FA: 0.5 / 4 },
    ],
  ])('%s', (_name, input, { hits, falseAlarms, H, FA }) => {
    const result = checklistIndices(input);
    expect(result).toMatchObject({ realTerms: 10, foils: 3, hits, falseAlarms });
    expect(result.hitRate).toBeCloseTo(H, 15);
    expect(result.falseAlarmRate).toBeCloseTo(FA, 15);
    const zH = inverseNormal(H);
    const zFA = inverseNormal(FA);
    expect(result.dPrime).toBeCloseTo(zH - zFA, 12);
    expect(result.criterion).toBeCloseTo(-(zH + zFA) / 2, 12);
    expect(result.accuracy).toBeCloseTo(H - FA, 15);
    expect(result.bias).toBeCloseTo((H + FA) / 2, 15);
  });

  it('gives the textbook values for H = 0.8, FA = 1/3', () => {
    // z(0.8) = 0.8416212335729144, z(1/3) = -0.43072729929545744 (Python statistics.NormalDist).
    const result = checklistIndices(answers([2, 2, 2, 2, 2, 2, 2, 2, 0, 0], [2, 0, 0]));
    expect(result.dPrime).toBeCloseTo(1.272348532868372, 8);
    expect(result.criterion).toBeCloseTo(-0.20544696713872848, 8);
    expect(result.accuracy).toBeCloseTo(0.4666666666666667, 12);
    expect(result.bias).toBeCloseTo(0.5666666666666667, 12);
  });

  it('counts a rating of 2 or more as claimed', () => {
    const result = checklistIndices(answers([1, 2], [1, 2]));
    expect(result).toMatchObject({ hits: 1, falseAlarms: 1, hitRate: 0.5, falseAlarmRate: 0.5 });
    expect(result.dPrime).toBe(0);
  });

  it.each<[string, ChecklistAnswer[], boolean, boolean]>([
    ['no foils', answers([2, 3, 0], []), true, false],
    ['no real terms', answers([], [0, 2]), false, true],
    ['no answers', [], false, false],
  ])('guards n = 0: %s', (_name, input, hasH, hasFA) => {
    const result = checklistIndices(input);
    expect(result.hitRate !== undefined).toBe(hasH);
    expect(result.falseAlarmRate !== undefined).toBe(hasFA);
    expect(result.dPrime).toBeUndefined();
    expect(result.criterion).toBeUndefined();
    expect(result.accuracy).toBeUndefined();
    expect(result.bias).toBeUndefined();
  });

  it.each([-1, 5, 2.5, NaN])('rejects rating %p', (rating) => {
    expect(() => checklistIndices([{ isFoil: false, rating }])).toThrow(RangeError);
  });
});
