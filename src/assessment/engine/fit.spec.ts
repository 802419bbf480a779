import { normalPosterior } from './posterior-fixture';
import { eap, Posterior, probabilityAtOrAbove } from './estimate';
import { fitScore, MeasuredSkill, RequiredSkill } from './fit';

const measured = (posterior: Posterior, itemsUsed = 8): MeasuredSkill => ({ posterior, itemsUsed });

describe('fitScore', () => {
  const python = normalPosterior(1.2, 0.4);
  const ml = normalPosterior(-0.2, 0.5);
  const required: RequiredSkill[] = [
    { skill: 'python', weight: 2, minimumLevel: 4 },
    { skill: 'ml-fundamentals', weight: 1, minimumLevel: 3 },
  ];

  it('is the weighted mean of P(theta >= t(minimum)), on 0-100', () => {
    const result = fitScore(
      required,
      new Map([
        ['python', measured(python)],
        ['ml-fundamentals', measured(ml)],
      ]),
    );
    const pPython = probabilityAtOrAbove(python, 1);
    const pMl = probabilityAtOrAbove(ml, 0);
    expect(result.score).toBeCloseTo((100 * (2 * pPython + pMl)) / 3, 10);
    expect(result.incomplete).toBe(false);
    expect(result.skills.map((s) => s.probability)).toEqual([pPython, pMl]);
  });

  it.each<[string, Map<string, MeasuredSkill>, number]>([
    ['a skill not assessed counts 0', new Map([['python', measured(python)]]), 2],
    [
      'a skill with no answers counts as not assessed',
      new Map([
        ['python', measured(python)],
        ['ml-fundamentals', measured(eap([]), 0)],
      ]),
      2,
    ],
  ])('%s and marks the score incomplete', (_name, skills, weightAssessed) => {
    const result = fitScore(required, skills);
    expect(result.incomplete).toBe(true);
    expect(result.score).toBeCloseTo(
      (100 * weightAssessed * probabilityAtOrAbove(python, 1)) / 3,
      10,
    );
    expect(result.skills[1]).toEqual({
      skill: 'ml-fundamentals',
      weight: 1,
      probability: 0,
      assessed: false,
    });
  });

  it.each<[string, number, number]>([
    ['a confident pass', 3, 100],
    ['a confident fail', -3, 0],
  ])('%s scores about %p', (_name, mean, expected) => {
    const result = fitScore(
      [{ skill: 'python', weight: 1, minimumLevel: 3 }],
      new Map([['python', measured(normalPosterior(mean, 0.3))]]),
    );
    expect(result.score).toBeCloseTo(expected, 3);
  });

  it('treats a minimum level of 0 as met', () => {
    const result = fitScore(
      [{ skill: 'python', weight: 1, minimumLevel: 0 }],
      new Map([['python', measured(normalPosterior(-3, 0.3))]]),
    );
    expect(result.score).toBe(100);
  });

  it.each<[string, RequiredSkill[]]>([
    ['no required skills', []],
    ['only zero weights', [{ skill: 'python', weight: 0, minimumLevel: 3 }]],
  ])('has no score with %s', (_name, skills) => {
    expect(fitScore(skills, new Map([['python', measured(python)]])).score).toBeUndefined();
  });

  it.each([-1, NaN, Infinity])('rejects weight %p', (weight) => {
    expect(() => fitScore([{ skill: 'python', weight, minimumLevel: 3 }], new Map())).toThrow(
      RangeError,
    );
  });
});
