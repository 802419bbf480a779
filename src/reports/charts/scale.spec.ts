import { linearScale, niceDomain, niceStep } from './scale';

describe('linearScale', () => {
  const x = linearScale([-3, 3], [100, 700]);
  it.each([
    [-3, 100],
    [0, 400],
    [3, 700],
    [1.5, 550],
    [-4, 100],
    [9, 700],
    [0.001, 400.1],
  ])('%p -> %p', (value, expected) => {
    expect(x(value)).toBe(expected);
  });

  it('refuses an empty or reversed domain', () => {
    expect(() => linearScale([1, 1], [0, 10])).toThrow(RangeError);
    expect(() => linearScale([2, 1], [0, 10])).toThrow(RangeError);
  });
});

describe('niceStep and niceDomain', () => {
  it.each([
    [0.7, 1],
    [1, 1],
    [1.3, 2],
    [3, 5],
    [7, 10],
    [1234, 2000],
    [0.031, 0.05],
  ])('step for %p is %p', (raw, expected) => {
    expect(niceStep(raw)).toBeCloseTo(expected, 10);
  });

  it.each([
    { values: [9_000_000, 15_500_000], domain: [8_000_000, 16_000_000], step: 2_000_000 },
    { values: [100, 100], domain: [90, 110], step: 5 },
    { values: [0], domain: [-1, 1], step: 0.5 },
    { values: [3, NaN, 7], domain: [3, 7], step: 1 },
  ])('$values -> $domain', ({ values, domain, step }) => {
    const nice = niceDomain(values);
    expect(nice.domain).toEqual(domain);
    expect(nice.step).toBeCloseTo(step, 10);
  });

  it('needs a finite value', () => {
    expect(() => niceDomain([NaN])).toThrow(RangeError);
  });
});
