import { derivedSeed, gaussian, mulberry32, uniform } from './random';

describe('mulberry32', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const random = mulberry32(seed);
      return Array.from({ length: 5 }, () => random());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('stays in [0, 1) with mean ~1/2 and variance ~1/12', () => {
    const random = mulberry32(123);
    const xs = Array.from({ length: 100_000 }, () => random());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });
});

describe('helpers', () => {
  it('draws gaussians with the asked mean and sd', () => {
    const random = mulberry32(9);
    const xs = Array.from({ length: 100_000 }, () => gaussian(random, 1, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(1, 1);
    expect(sd).toBeCloseTo(2, 1);
    expect(xs.every(Number.isFinite)).toBe(true);
  });

  it('draws uniforms in the range', () => {
    const random = mulberry32(10);
    for (let i = 0; i < 1000; i++) {
      const x = uniform(random, -2, 3);
      expect(x).toBeGreaterThanOrEqual(-2);
      expect(x).toBeLessThan(3);
    }
  });

  it('derives distinct, repeatable seeds', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => derivedSeed(42, i));
    expect(new Set(seeds).size).toBe(1000);
    expect(derivedSeed(42, 5)).toBe(seeds[5]);
    expect(derivedSeed(43, 5)).not.toBe(seeds[5]);
  });
});
