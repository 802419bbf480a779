/**
 * Ability estimates. EAP on a fixed grid is what Sift reports: it exists for every response pattern
 * (all right, all wrong, none at all) and its posterior answers the verdict's questions directly.
 * MLE is kept for the closed-form checks in DESIGN.md and as a cross-check; it has no finite value
 * for all-right or all-wrong patterns.
 */
import { assertItemParams, ItemResponse, logLikelihood, score, testInformation } from './irt';

export interface GridSettings {
  readonly points: number;
  readonly min: number;
  readonly max: number;
}

export interface PriorSettings {
  readonly mean: number;
  readonly sd: number;
}

export const DEFAULT_GRID: GridSettings = { points: 81, min: -4, max: 4 };
export const DEFAULT_PRIOR: PriorSettings = { mean: 0, sd: 1 };

export interface Posterior {
  /** Posterior mean (the EAP estimate). */
  readonly theta: number;
  /** Posterior standard deviation: the SE of an EAP estimate, prior included. */
  readonly se: number;
  readonly points: readonly number[];
  /** Normalised posterior mass at each grid point (sums to 1). */
  readonly mass: readonly number[];
  /** Grid spacing: each point stands for the cell of this width centred on it. */
  readonly step: number;
}

/** Grid points computed as min + (max - min) i / (n - 1), so -2, -1, 0, 1, 1.5 land exactly on the default grid. */
export function gridPoints(grid: GridSettings = DEFAULT_GRID): number[] {
  const { points, min, max } = grid;
  if (!Number.isInteger(points) || points < 2) throw new RangeError('grid needs >= 2 points');
  if (!(max > min)) throw new RangeError('grid max must exceed min');
  return Array.from({ length: points }, (_, i) => min + ((max - min) * i) / (points - 1));
}

export function eap(
  responses: readonly ItemResponse[],
  grid: GridSettings = DEFAULT_GRID,
  prior: PriorSettings = DEFAULT_PRIOR,
): Posterior {
  if (!(prior.sd > 0)) throw new RangeError('prior sd must be > 0');
  for (const response of responses) assertItemParams(response.item);
  const points = gridPoints(grid);
  // Log space with the maximum subtracted: a long pattern's likelihood underflows long before its ratio does.
  const logPost = points.map((theta) => {
    const zPrior = (theta - prior.mean) / prior.sd;
    return -0.5 * zPrior * zPrior + logLikelihood(theta, responses);
  });
  const top = Math.max(...logPost);
  const weights = logPost.map((value) => Math.exp(value - top));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const mass = weights.map((w) => w / total);
  let mean = 0;
  mass.forEach((m, i) => (mean += m * (points[i] ?? 0)));
  let variance = 0;
  mass.forEach((m, i) => {
    const d = (points[i] ?? 0) - mean;
    variance += m * d * d;
  });
  return {
    theta: mean,
    se: Math.sqrt(variance),
    points,
    mass,
    step: (grid.max - grid.min) / (grid.points - 1),
  };
}

/**
 * P(theta < t) from a grid posterior. Each point's mass is spread evenly over its cell
 * [point - step/2, point + step/2], so a point lying exactly on t counts half below and half above.
 * This is the midpoint-rule reading of the grid: P(theta < t) + P(theta >= t) = 1 for every t, the
 * result moves continuously with t, and the level thresholds (which sit on grid points) are not
 * biased towards either side as "strictly below" or "at or below" would be.
 */
export function probabilityBelow(posterior: Posterior, t: number): number {
  const { points, mass, step } = posterior;
  let below = 0;
  points.forEach((point, i) => {
    const fraction = Math.min(1, Math.max(0, (t - (point - step / 2)) / step));
    below += fraction * (mass[i] ?? 0);
  });
  return Math.min(1, Math.max(0, below));
}

export function probabilityAtOrAbove(posterior: Posterior, t: number): number {
  return 1 - probabilityBelow(posterior, t);
}

export interface MleEstimate {
  /** +Infinity / -Infinity when the likelihood keeps rising towards that end (no finite maximum). */
  readonly theta: number;
  /** 1 / sqrt(test information at theta); Infinity when theta is unbounded. */
  readonly se: number;
}

export interface MleOptions {
  /** The maximum is searched in [-bound, bound]; a maximum at the edge is reported as unbounded. */
  readonly bound?: number;
}

const SCAN_STEPS = 400;
const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-10;

/**
 * Maximum-likelihood ability. Returns undefined with no responses. All right -> theta +Infinity,
 * all wrong -> -Infinity (the likelihood is monotone for every 2PL/3PL item), SE Infinity. A 3PL
 * likelihood can also peak at the edge for mixed patterns (right answers explained by guessing),
 * and can have several local maxima, so a coarse scan finds the global maximum first; safeguarded
 * Newton steps (Fisher scoring, which is Newton's method for 2PL) then polish it inside the
 * scan's bracket, falling back to bisection of the score whenever a step would leave it.
 */
export function mle(
  responses: readonly ItemResponse[],
  options: MleOptions = {},
): MleEstimate | undefined {
  if (responses.length === 0) return undefined;
  for (const response of responses) assertItemParams(response.item);
  const bound = options.bound ?? 10;
  if (responses.every((r) => r.correct)) return { theta: Infinity, se: Infinity };
  if (responses.every((r) => !r.correct)) return { theta: -Infinity, se: Infinity };

  const at = (k: number): number => -bound + (2 * bound * k) / SCAN_STEPS;
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k <= SCAN_STEPS; k++) {
    const value = logLikelihood(at(k), responses);
    if (value > bestValue) {
      bestValue = value;
      best = k;
    }
  }
  if (best === 0) return { theta: -Infinity, se: Infinity };
  if (best === SCAN_STEPS) return { theta: Infinity, se: Infinity };

  let lo = at(best - 1);
  let hi = at(best + 1);
  let theta = at(best);
  const items = responses.map((r) => r.item);
  // Only a bracket with the score changing sign is refined; otherwise the scan point stands.
  if (score(lo, responses) > 0 && score(hi, responses) < 0) {
    for (let i = 0; i < MAX_ITERATIONS; i++) {
      const s = score(theta, responses);
      if (s === 0) break;
      if (s > 0) lo = theta;
      else hi = theta;
      let next = theta + s / testInformation(theta, items);
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      const moved = Math.abs(next - theta);
      theta = next;
      if (moved < TOLERANCE || hi - lo < TOLERANCE) break;
    }
  }
  const info = testInformation(theta, items);
  return { theta, se: info > 0 ? 1 / Math.sqrt(info) : Infinity };
}
