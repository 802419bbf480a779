/**
 * The per-skill verdict on a self-rating, read off the posterior (DESIGN.md). It is evidence for a
 * human reviewer, never a decision: each verdict comes with the probabilities that produced it.
 */
import { Posterior, probabilityAtOrAbove, probabilityBelow } from './estimate';
import { Level, threshold } from './levels';
import { EngineSettings } from './settings';

export type Verdict = 'overstated' | 'understated' | 'consistent' | 'insufficient_evidence';

export interface VerdictEvidence {
  readonly verdict: Verdict;
  /** P(theta < t(claimed)); undefined for a claim of 0 (no threshold, cannot be overstated). */
  readonly pBelowClaimed: number | undefined;
  /** P(theta >= t(claimed + 1)); undefined for a claim of 5 (no level above, cannot be understated). */
  readonly pAboveNext: number | undefined;
}

/**
 * overstated: P(theta < t(claimed)) >= 0.95; understated: P(theta >= t(claimed + 1)) >= 0.95;
 * consistent: neither, and P(theta < t(claimed)) <= 0.05 or SE <= 0.5; otherwise insufficient
 * evidence. With no answers at all the verdict is insufficient evidence whatever the prior says:
 * the N(0, 1) prior alone puts 97.7% above t(1), which would otherwise call every "none" claim
 * understated before a single question.
 */
export function verdictFor(
  posterior: Posterior,
  claimed: Level,
  itemsUsed: number,
  settings: EngineSettings,
): VerdictEvidence {
  const t = threshold(claimed, settings.thresholds);
  const tNext = threshold(claimed + 1, settings.thresholds);
  const pBelowClaimed = t === undefined ? undefined : probabilityBelow(posterior, t);
  const pAboveNext = tNext === undefined ? undefined : probabilityAtOrAbove(posterior, tNext);
  const rule = settings.verdict;
  let verdict: Verdict;
  if (itemsUsed === 0) verdict = 'insufficient_evidence';
  else if (pBelowClaimed !== undefined && pBelowClaimed >= rule.overstated) verdict = 'overstated';
  else if (pAboveNext !== undefined && pAboveNext >= rule.understated) verdict = 'understated';
  // A claim of 0 has nothing below it: P(theta < t(0)) is 0.
  else if ((pBelowClaimed ?? 0) <= rule.consistentBelow || posterior.se <= rule.consistentSe) {
    verdict = 'consistent';
  } else verdict = 'insufficient_evidence';
  return { verdict, pBelowClaimed, pAboveNext };
}
