import { isLevel, LEVEL_NAMES, levelOf, threshold, THRESHOLDS } from './levels';

describe('the level table', () => {
  it('has the thresholds and names of DESIGN.md', () => {
    expect(THRESHOLDS).toEqual({ 1: -2, 2: -1, 3: 0, 4: 1, 5: 1.5 });
    expect(LEVEL_NAMES).toEqual({
      0: 'none',
      1: 'aware',
      2: 'beginner',
      3: 'working',
      4: 'advanced',
      5: 'expert',
    });
  });

  it.each<[number, number | undefined]>([
    [0, undefined],
    [1, -2],
    [2, -1],
    [3, 0],
    [4, 1],
    [5, 1.5],
    [6, undefined],
    [2.5, undefined],
  ])('t(%p) = %p', (level, expected) => {
    expect(threshold(level)).toBe(expected);
  });
});

describe('levelOf', () => {
  it.each<[number, number]>([
    [-Infinity, 0],
    [-4, 0],
    [-2.0001, 0],
    [-2, 1],
    [-1.5, 1],
    [-1, 2],
    [-0.0001, 2],
    [0, 3],
    [0.99, 3],
    [1, 4],
    [1.4999, 4],
    [1.5, 5],
    [4, 5],
    [Infinity, 5],
  ])('levelOf(%p) = %p', (theta, level) => {
    expect(levelOf(theta)).toBe(level);
  });

  it('rejects NaN', () => {
    expect(() => levelOf(NaN)).toThrow(RangeError);
  });

  it('follows a given table', () => {
    expect(levelOf(0.5, { 1: -1, 2: 0, 3: 0.5, 4: 2, 5: 3 })).toBe(3);
  });
});

describe('isLevel', () => {
  it.each<[number, boolean]>([
    [0, true],
    [5, true],
    [6, false],
    [-1, false],
    [2.5, false],
  ])('isLevel(%p) = %p', (value, expected) => {
    expect(isLevel(value)).toBe(expected);
  });
});
