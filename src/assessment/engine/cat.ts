/**
 * One skill's adaptive quiz as a pure function of what has happened so far: given the pool and the
 * answers, say which item comes next or why the skill is over. Holding no state lets the server
 * recompute from the stored responses on every request (a retried request cannot skip or repeat an
 * item) and lets the simulation run the very same code.
 */
import { eap, Posterior } from './estimate';
import { ItemResponse } from './irt';
import { Level } from './levels';
import { PoolItem, RandomSource, selectItem } from './select';
import { DEFAULT_SETTINGS, EngineSettings } from './settings';
import { selectionTarget, StopReason, stopReason } from './stopping';
import { Verdict, verdictFor } from './verdict';

export interface AnsweredItem extends ItemResponse {
  /** The item's id in the pool, so it is never served twice. */
  readonly id: string;
}

export interface SkillState {
  readonly claimed: Level;
  /** In the order answered, scored with the parameters the item had when served. */
  readonly responses: readonly AnsweredItem[];
  readonly timeExpired?: boolean;
}

export type Step =
  | {
      readonly done: false;
      readonly item: PoolItem;
      readonly target: number;
      readonly posterior: Posterior;
    }
  | { readonly done: true; readonly reason: StopReason; readonly posterior: Posterior };

export function posteriorOf(state: SkillState, settings: EngineSettings): Posterior {
  return eap(state.responses, settings.grid, settings.prior);
}

export function nextStep(
  pool: readonly PoolItem[],
  state: SkillState,
  settings: EngineSettings = DEFAULT_SETTINGS,
  random?: RandomSource,
): Step {
  const posterior = posteriorOf(state, settings);
  const used = new Set(state.responses.map((r) => r.id));
  const itemsUsed = state.responses.length;
  const itemsLeft = pool.filter((item) => !used.has(item.id)).length;
  const reason = stopReason(
    {
      itemsUsed,
      claimed: state.claimed,
      posterior,
      timeExpired: state.timeExpired ?? false,
      itemsLeft,
    },
    settings,
  );
  if (reason) return { done: true, reason, posterior };
  const target = selectionTarget(itemsUsed, state.claimed, posterior.theta, settings);
  const item = selectItem(pool, target, used, { topK: settings.selection.topK, random });
  // stopReason has already returned pool_exhausted when nothing is left.
  if (!item) throw new Error('no item left although the pool was not exhausted');
  return { done: false, item, target, posterior };
}

export interface SkillResult {
  readonly theta: number;
  readonly se: number;
  readonly itemsUsed: number;
  readonly claimed: Level;
  readonly verdict: Verdict;
  readonly pBelowClaimed: number | undefined;
  readonly pAboveNext: number | undefined;
  /** Why the skill ended; undefined when it is summarised before the rule stopped it. */
  readonly stopReason: StopReason | undefined;
  readonly settings: EngineSettings;
}

export function skillResult(
  state: SkillState,
  reason: StopReason | undefined,
  settings: EngineSettings = DEFAULT_SETTINGS,
): SkillResult {
  const posterior = posteriorOf(state, settings);
  const evidence = verdictFor(posterior, state.claimed, state.responses.length, settings);
  return {
    theta: posterior.theta,
    se: posterior.se,
    itemsUsed: state.responses.length,
    claimed: state.claimed,
    ...evidence,
    stopReason: reason,
    settings,
  };
}
