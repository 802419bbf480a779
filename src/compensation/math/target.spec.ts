import { skillAdjustedTarget } from './target';

describe('skillAdjustedTarget: 25 + fit / 2, to the nearest 5', () => {
  it.each<[number, number]>([
    [0, 25],
    [10, 30],
    [14, 30],
    [15, 35],
    [40, 45],
    [50, 50],
    [62, 55],
    [75, 65], // 62.5: a tie goes up
    [90, 70],
    [100, 75],
  ])('fit %p -> p%p', (fit, percentile) => {
    const target = skillAdjustedTarget(fit);
    expect(target).toMatchObject({ available: true, fitScore: fit, percentile });
    expect(target.available && target.explanation).toContain(`p${percentile}`);
  });

  it('is unavailable without a finished assessment', () => {
    expect(skillAdjustedTarget(undefined)).toEqual({
      available: false,
      reason: expect.stringContaining('No finished assessment') as string,
    });
  });

  it.each([-1, 101, Number.NaN])('refuses a fit score of %p', (fit) => {
    expect(() => skillAdjustedTarget(fit)).toThrow(RangeError);
  });
});
