/**
 * The one table of levels (DESIGN.md "Assessment science"): the self-rating form, the item authoring
 * guide and the engine all read it, so a claimed level and a measured ability are on the same scale.
 */

export type Level = 0 | 1 | 2 | 3 | 4 | 5;
export type RatedLevel = Exclude<Level, 0>;

export const LEVEL_NAMES: Readonly<Record<Level, string>> = {
  0: 'none',
  1: 'aware',
  2: 'beginner',
  3: 'working',
  4: 'advanced',
  5: 'expert',
};

/** Ability threshold t(L) of each level above none; level 0 has none (everyone is at least level 0). */
export type Thresholds = Readonly<Record<RatedLevel, number>>;

export const THRESHOLDS: Thresholds = { 1: -2.0, 2: -1.0, 3: 0.0, 4: 1.0, 5: 1.5 };

const RATED: readonly RatedLevel[] = [1, 2, 3, 4, 5];

export function isLevel(value: number): value is Level {
  return Number.isInteger(value) && value >= 0 && value <= 5;
}

/**
 * t(level); undefined for level 0 (no bar to fall below) and for 6, the level above expert, so
 * "understated" can never be claimed for an expert.
 */
export function threshold(level: number, table: Thresholds = THRESHOLDS): number | undefined {
  return level >= 1 && level <= 5 && Number.isInteger(level)
    ? table[level as RatedLevel]
    : undefined;
}

/** The highest level L with theta >= t(L); 0 below t(1). Accepts +-Infinity (an unbounded MLE). */
export function levelOf(theta: number, table: Thresholds = THRESHOLDS): Level {
  if (Number.isNaN(theta)) throw new RangeError('levelOf: theta is NaN');
  let level: Level = 0;
  for (const candidate of RATED) {
    if (theta >= table[candidate]) level = candidate;
  }
  return level;
}
