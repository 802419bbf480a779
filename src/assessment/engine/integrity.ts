/**
 * Integrity signals: review flags for a human, never verdicts. A rapid guesser's low score says
 * nothing about their ability, and an aberrant pattern (hard items right, easy ones wrong) may mean
 * help or a leaked item; either way the reviewer should know before reading the verdicts.
 */
import { ItemResponse, logProbability } from './irt';
import { DEFAULT_SETTINGS, IntegritySettings } from './settings';

/**
 * The rapid-guess threshold for an item in ms: 10% of its typical response time, at most 10 s; 3 s
 * when the item has no usable typical time yet (new items have no history).
 */
export function rapidGuessThresholdMs(
  typicalMs: number | undefined,
  settings: IntegritySettings = DEFAULT_SETTINGS.integrity,
): number {
  if (typicalMs === undefined || !Number.isFinite(typicalMs) || typicalMs <= 0) {
    return settings.rapidNoHistoryMs;
  }
  return Math.min(settings.rapidShare * typicalMs, settings.rapidCapMs);
}

/** Strictly under the threshold: an answer exactly at it was given time. */
export function isRapidGuess(
  responseMs: number,
  typicalMs: number | undefined,
  settings: IntegritySettings = DEFAULT_SETTINGS.integrity,
): boolean {
  if (!Number.isFinite(responseMs) || responseMs < 0) {
    throw new RangeError(`response time must be finite and >= 0, got ${responseMs}`);
  }
  return responseMs < rapidGuessThresholdMs(typicalMs, settings);
}

export interface Effort {
  /** Response-time effort (Wise & Kong 2005): share of responses that were not rapid guesses. */
  readonly rte: number;
  readonly flagged: boolean;
}

/** Undefined with no responses: no behaviour, no signal. */
export function responseTimeEffort(
  rapid: readonly boolean[],
  settings: IntegritySettings = DEFAULT_SETTINGS.integrity,
): Effort | undefined {
  if (rapid.length === 0) return undefined;
  const rte = rapid.filter((r) => !r).length / rapid.length;
  return { rte, flagged: rte < settings.effortFlagBelow };
}

export interface PersonFit {
  readonly lz: number;
  readonly flagged: boolean;
}

/** Below this the variance is treated as zero: every item is either certain or a coin toss. */
const MIN_VARIANCE = 1e-9;

/**
 * Standardised log-likelihood lz (Drasgow, Levine & Williams 1985) at an ability estimate:
 * (l0 - E[l0]) / sqrt(Var[l0]). Undefined when the variance is ~0, which happens when every item
 * has P near 0 or 1 or exactly 0.5 at theta (ln(P/Q) = 0): the pattern then cannot be surprising
 * and dividing would only amplify rounding. Also undefined with no responses.
 */
export function personFit(
  responses: readonly ItemResponse[],
  theta: number,
  settings: IntegritySettings = DEFAULT_SETTINGS.integrity,
): PersonFit | undefined {
  let observed = 0;
  let expected = 0;
  let variance = 0;
  for (const response of responses) {
    const logP = logProbability(theta, { item: response.item, correct: true });
    const logQ = logProbability(theta, { item: response.item, correct: false });
    const p = Math.exp(logP);
    const q = Math.exp(logQ);
    observed += response.correct ? logP : logQ;
    // P ln P is 0 in the limit P -> 0; guards against 0 * -Infinity = NaN.
    expected += (p > 0 ? p * logP : 0) + (q > 0 ? q * logQ : 0);
    const logOdds = logP - logQ;
    if (p > 0 && q > 0) variance += p * q * logOdds * logOdds;
  }
  if (responses.length === 0 || variance < MIN_VARIANCE) return undefined;
  const lz = (observed - expected) / Math.sqrt(variance);
  return { lz, flagged: lz < settings.lzFlagBelow };
}
