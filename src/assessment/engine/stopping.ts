/**
 * The stopping rule Sift ships (DESIGN.md): the rule serves the verdict, not only precision. Once the
 * posterior puts 95% on one side of the claimed level's threshold there is nothing more a hiring
 * manager needs from this skill, so the quiz stops early instead of running to a precision it
 * rarely reaches with four-option items in 12 questions.
 */
import { Posterior, probabilityBelow } from './estimate';
import { Level, threshold } from './levels';
import { EngineSettings } from './settings';

export type StopReason = 'decided' | 'precision' | 'item_cap' | 'time' | 'pool_exhausted';

/**
 * Where the next item should be most informative. The first items go to the current estimate (with
 * no answers yet, the prior mean) to locate the candidate; after that, to the claimed level's
 * threshold, since the verdict is a question about that one point. A claim of 0 has no threshold,
 * so the estimate is used throughout.
 */
export function selectionTarget(
  itemsUsed: number,
  claimed: Level,
  estimate: number,
  settings: EngineSettings,
): number {
  const { itemsAtEstimate, target } = settings.selection;
  if (itemsUsed < itemsAtEstimate || target === 'estimate') return estimate;
  return threshold(claimed, settings.thresholds) ?? estimate;
}

export interface StopContext {
  readonly itemsUsed: number;
  readonly claimed: Level;
  readonly posterior: Posterior;
  /** The attempt's or the skill's time has ended. */
  readonly timeExpired: boolean;
  /** Unused items left in the pool. */
  readonly itemsLeft: number;
}

/**
 * Why the skill stops now, or undefined to go on. Checked in DESIGN.md's order (decided, precision,
 * cap, time, pool) so the recorded reason is the first that holds. A claim of 0 has no threshold to
 * decide against, so only the other reasons can stop it.
 */
export function stopReason(context: StopContext, settings: EngineSettings): StopReason | undefined {
  const { itemsUsed, claimed, posterior } = context;
  const { decision, seTarget, maxItems } = settings.stopping;
  const t = threshold(claimed, settings.thresholds);
  if (decision && t !== undefined && itemsUsed >= decision.minItems) {
    const below = probabilityBelow(posterior, t);
    if (below >= decision.upper || below <= decision.lower) return 'decided';
  }
  // SE is meaningful only with answers: with none, the posterior is the prior.
  if (itemsUsed > 0 && posterior.se <= seTarget) return 'precision';
  if (itemsUsed >= maxItems) return 'item_cap';
  if (context.timeExpired) return 'time';
  if (context.itemsLeft === 0) return 'pool_exhausted';
  return undefined;
}
