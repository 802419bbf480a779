/**
 * Every number the engine decides with, in one object. A skill result stores the object it was
 * computed with, so a report can say how a verdict was reached even after the defaults change.
 */
import { DEFAULT_GRID, DEFAULT_PRIOR, GridSettings, PriorSettings } from './estimate';
import { THRESHOLDS, Thresholds } from './levels';
import { DEFAULT_TOP_K } from './select';

export interface SelectionSettings {
  readonly rule: 'max-information-randomesque';
  readonly topK: number;
  /** How many first items are chosen at the current estimate before switching to `target`. */
  readonly itemsAtEstimate: number;
  /** After those: information at the claimed level's threshold (Sift's rule) or at the estimate (classic CAT). */
  readonly target: 'claimed-threshold' | 'estimate';
}

/** Stop a skill once P(theta < t(claimed)) >= upper or <= lower, after at least minItems items. */
export interface DecisionSettings {
  readonly upper: number;
  readonly lower: number;
  readonly minItems: number;
}

export interface StoppingSettings {
  /** null: stop on precision, cap, time or pool only (the SE-only rule). */
  readonly decision: DecisionSettings | null;
  readonly seTarget: number;
  readonly maxItems: number;
}

export interface VerdictSettings {
  /** overstated when P(theta < t(claimed)) >= this. */
  readonly overstated: number;
  /** understated when P(theta >= t(claimed + 1)) >= this. */
  readonly understated: number;
  /** consistent needs P(theta < t(claimed)) <= this ... */
  readonly consistentBelow: number;
  /** ... or SE <= this. */
  readonly consistentSe: number;
}

export interface IntegritySettings {
  /** Rapid guess: faster than this share of the item's typical time ... */
  readonly rapidShare: number;
  /** ... but the threshold never exceeds this (ms) ... */
  readonly rapidCapMs: number;
  /** ... and is this (ms) when the item has no typical time yet. */
  readonly rapidNoHistoryMs: number;
  /** Response-time effort below this is flagged. */
  readonly effortFlagBelow: number;
  /** Person fit lz below this is flagged (one-sided 5%). */
  readonly lzFlagBelow: number;
}

export interface EngineSettings {
  readonly engine: 'sift-cat';
  readonly version: 1;
  readonly model: '3PL';
  readonly estimator: 'EAP';
  readonly grid: GridSettings;
  readonly prior: PriorSettings;
  readonly thresholds: Thresholds;
  readonly selection: SelectionSettings;
  readonly stopping: StoppingSettings;
  readonly verdict: VerdictSettings;
  readonly integrity: IntegritySettings;
}

/** Frozen all the way down: results keep a reference to the settings they were computed with. */
function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/** What Sift ships: DESIGN.md "Assessment science". */
export const DEFAULT_SETTINGS: EngineSettings = deepFreeze({
  engine: 'sift-cat',
  version: 1,
  model: '3PL',
  estimator: 'EAP',
  grid: DEFAULT_GRID,
  prior: DEFAULT_PRIOR,
  thresholds: THRESHOLDS,
  selection: {
    rule: 'max-information-randomesque',
    topK: DEFAULT_TOP_K,
    itemsAtEstimate: 2,
    target: 'claimed-threshold',
  },
  stopping: { decision: { upper: 0.95, lower: 0.05, minItems: 6 }, seTarget: 0.4, maxItems: 12 },
  verdict: { overstated: 0.95, understated: 0.95, consistentBelow: 0.05, consistentSe: 0.5 },
  integrity: {
    rapidShare: 0.1,
    rapidCapMs: 10_000,
    rapidNoHistoryMs: 3_000,
    effortFlagBelow: 0.9,
    lzFlagBelow: -1.645,
  },
});
