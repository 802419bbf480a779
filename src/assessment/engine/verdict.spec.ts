import { normalPosterior } from './posterior-fixture';
import { Posterior } from './estimate';
import { Level } from './levels';
import { DEFAULT_SETTINGS } from './settings';
import { Verdict, verdictFor } from './verdict';

describe('verdictFor', () => {
  it.each<[string, Level, Posterior, Verdict]>([
    ['well below the claimed threshold', 4, normalPosterior(-0.5, 0.5), 'overstated'],
    ['well above the next threshold', 2, normalPosterior(1.5, 0.5), 'understated'],
    ['decided on the claimed side', 3, normalPosterior(0.5, 0.25), 'consistent'],
    ['undecided but precise (SE <= 0.5)', 3, normalPosterior(0.2, 0.45), 'consistent'],
    ['undecided and imprecise', 3, normalPosterior(0.2, 0.7), 'insufficient_evidence'],
    ['leaning below but not to 95%', 4, normalPosterior(0.3, 0.6), 'insufficient_evidence'],
    ['expert far above: cannot be understated', 5, normalPosterior(3.5, 0.2), 'consistent'],
    ['none, far below aware: cannot be overstated', 0, normalPosterior(-3.5, 0.3), 'consistent'],
    ['none, clearly aware', 0, normalPosterior(0, 0.5), 'understated'],
    ['expert, clearly not', 5, normalPosterior(0, 0.4), 'overstated'],
  ])('%s -> %s', (_name, claimed, posterior, verdict) => {
    expect(verdictFor(posterior, claimed, 8, DEFAULT_SETTINGS).verdict).toBe(verdict);
  });

  it('gives the probabilities behind the verdict', () => {
    const evidence = verdictFor(normalPosterior(-0.5, 0.5), 4, 8, DEFAULT_SETTINGS);
    expect(evidence.pBelowClaimed).toBeCloseTo(0.9987, 3);
    expect(evidence.pAboveNext).toBeLessThan(1e-4);
    expect(verdictFor(normalPosterior(0, 1), 0, 8, DEFAULT_SETTINGS).pBelowClaimed).toBeUndefined();
    expect(verdictFor(normalPosterior(0, 1), 5, 8, DEFAULT_SETTINGS).pAboveNext).toBeUndefined();
  });

  it('needs at least one answer: the prior alone would call a claim of 0 understated', () => {
    const prior = normalPosterior(0, 1);
    expect(verdictFor(prior, 0, 1, DEFAULT_SETTINGS).verdict).toBe('understated');
    expect(verdictFor(prior, 0, 0, DEFAULT_SETTINGS).verdict).toBe('insufficient_evidence');
  });

  it('applies the thresholds inclusively', () => {
    // Cells of width 2 centred on -1 and 1 split exactly at t(3) = 0; t(4) = 1 cuts the second in half.
    const split = (below: number): Posterior => ({
      theta: 0,
      se: 0.9,
      points: [-1, 1],
      mass: [below, 1 - below],
      step: 2,
    });
    expect(verdictFor(split(0.95), 3, 8, DEFAULT_SETTINGS).verdict).toBe('overstated');
    expect(verdictFor(split(0.9499), 3, 8, DEFAULT_SETTINGS).verdict).toBe('insufficient_evidence');
    expect(verdictFor(split(0.05), 3, 8, DEFAULT_SETTINGS).verdict).toBe('consistent');
    expect(verdictFor(split(0.0501), 3, 8, DEFAULT_SETTINGS).verdict).toBe('insufficient_evidence');
    expect(verdictFor({ ...split(0.5), se: 0.5 }, 3, 8, DEFAULT_SETTINGS).verdict).toBe(
      'consistent',
    );
    expect(verdictFor({ ...split(0.5), se: 0.5001 }, 3, 8, DEFAULT_SETTINGS).verdict).toBe(
      'insufficient_evidence',
    );
  });
});
