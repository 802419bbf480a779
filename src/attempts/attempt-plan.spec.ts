import { mulberry32 } from '../assessment/engine/random';
import { chooseChecklist, cryptoRandom, shareOut, shuffle, TermChoice } from './attempt-plan';

function terms(skill: string, real: number, foils: number): TermChoice[] {
  return [
    ...Array.from({ length: real }, (_, i) => ({ id: `${skill}-r${i}`, skill, isFoil: false })),
    ...Array.from({ length: foils }, (_, i) => ({ id: `${skill}-f${i}`, skill, isFoil: true })),
  ];
}

describe('shareOut', () => {
  it.each([
    { total: 40, capacities: [12, 12, 12, 12], expected: [10, 10, 10, 10] },
    { total: 40, capacities: [12, 12, 12], expected: [12, 12, 12] },
    { total: 10, capacities: [12, 12, 12], expected: [4, 3, 3] },
    { total: 20, capacities: [2, 30], expected: [2, 18] },
    { total: 5, capacities: [0, 0], expected: [0, 0] },
    { total: 0, capacities: [3], expected: [0] },
  ])('$total over $capacities -> $expected', ({ total, capacities, expected }) => {
    const shares = shareOut(total, capacities);
    expect(shares).toEqual(expected);
  });
});

describe('chooseChecklist', () => {
  it.each([
    { skills: ['a', 'b', 'c', 'd'], size: 40, perSkill: 10, foilsPerSkill: 3 },
    { skills: ['a', 'b'], size: 10, perSkill: 5, foilsPerSkill: 1 },
    { skills: ['a'], size: 12, perSkill: 12, foilsPerSkill: 3 },
  ])('$size terms over $skills', ({ skills, size, perSkill, foilsPerSkill }) => {
    const pool = skills.flatMap((skill) => terms(skill, 9, 3));
    const chosen = chooseChecklist(pool, skills, size, mulberry32(3));
    expect(chosen).toHaveLength(size);
    expect(new Set(chosen.map((t) => t.id)).size).toBe(size);
    for (const skill of skills) {
      const mine = chosen.filter((t) => t.skill === skill);
      expect(mine).toHaveLength(perSkill);
      expect(mine.filter((t) => t.isFoil)).toHaveLength(foilsPerSkill);
    }
  });

  it('ignores terms of skills not measured and fills from foils when real terms run out', () => {
    const pool = [...terms('a', 1, 3), ...terms('z', 9, 3)];
    const chosen = chooseChecklist(pool, ['a'], 4, mulberry32(1));
    expect(chosen.map((t) => t.skill)).toEqual(['a', 'a', 'a', 'a']);
    expect(chosen.filter((t) => t.isFoil)).toHaveLength(3);
  });

  it('puts foils in every position over many shuffles', () => {
    const pool = terms('a', 9, 3);
    const firstIsFoil = Array.from({ length: 2000 }, (_, seed) =>
      chooseChecklist(pool, ['a'], 12, mulberry32(seed + 1)),
    ).filter((chosen) => chosen[0]?.isFoil).length;
    // 3 of 12 are foils: expect about a quarter of first positions.
    expect(firstIsFoil / 2000).toBeGreaterThan(0.2);
    expect(firstIsFoil / 2000).toBeLessThan(0.3);
  });
});

describe('shuffle', () => {
  it('is a permutation and leaves its input alone', () => {
    const input = [1, 2, 3, 4, 5];
    const out = shuffle(input, mulberry32(9));
    expect([...out].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('cryptoRandom', () => {
  it('gives uniform numbers in [0, 1)', () => {
    const draws = Array.from({ length: 4000 }, () => cryptoRandom());
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const low = draws.filter((x) => x < 0.5).length / draws.length;
    expect(low).toBeGreaterThan(0.45);
    expect(low).toBeLessThan(0.55);
  });
});
