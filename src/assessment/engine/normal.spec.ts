import { inverseNormal } from './normal';

/** Reference quantiles from Python's statistics.NormalDist().inv_cdf (Wichura's AS241, ~1e-16). */
const QUANTILES: [number, number][] = [
  [0.5, 0],
  [0.975, 1.9599639845400536],
  [0.95, 1.6448536269514715],
  [0.9, 1.2815515655446008],
  [0.8413447460685429, 1],
  [0.6, 0.2533471031357998],
  [0.25, -0.6744897501960817],
  // The boundary between Acklam's central and tail formulas.
  [0.02425, -1.9729610513118845],
  [0.01, -2.3263478740408408],
  [0.99, 2.3263478740408408],
  [0.001, -3.090232306167813],
  [1e-5, -4.2648907939228256],
  [0.999999, 4.753424308817089],
  [1e-10, -6.361340902404056],
];

/** Acklam's relative error bound is 1.15e-9; |z| <= 6.4 here, so 1e-8 absolute holds. */
const TOLERANCE = 1e-8;

describe('inverseNormal', () => {
  it.each(QUANTILES)('z(%p) = %p', (p, z) => {
    expect(Math.abs(inverseNormal(p) - z)).toBeLessThan(TOLERANCE);
  });

  it.each<[number, number]>([
    [0, -Infinity],
    [1, Infinity],
    [-0.1, NaN],
    [1.1, NaN],
    [NaN, NaN],
  ])('z(%p) = %p', (p, z) => {
    expect(inverseNormal(p)).toBe(z);
  });

  it('is antisymmetric and increasing', () => {
    let last = -Infinity;
    for (let p = 0.0005; p < 1; p += 0.0005) {
      const z = inverseNormal(p);
      expect(z).toBeGreaterThan(last);
      expect(z + inverseNormal(1 - p)).toBeCloseTo(0, 8);
      last = z;
    }
  });
});
