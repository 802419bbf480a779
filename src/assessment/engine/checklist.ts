/**
 * Indices of the familiarity checklist with foils (the over-claiming technique, Paulhus et al. 2003):
 * claiming to know terms that do not exist is the direct trace of over-claiming, and signal
 * detection separates knowing the real terms (d', accuracy) from saying yes to everything (c, bias).
 */
import { inverseNormal } from './normal';

export interface ChecklistAnswer {
  readonly isFoil: boolean;
  /** Familiarity 0-4 as the candidate rated it. */
  readonly rating: number;
}

/** A rating of 2 or more claims familiarity. */
export const CLAIMED_FROM_RATING = 2;

export interface ChecklistIndices {
  readonly realTerms: number;
  readonly foils: number;
  /** Real terms claimed. */
  readonly hits: number;
  /** Foils claimed. */
  readonly falseAlarms: number;
  /** H, with the 0/1 correction applied; undefined with no real terms. */
  readonly hitRate: number | undefined;
  /** FA, with the 0/1 correction applied; undefined with no foils. */
  readonly falseAlarmRate: number | undefined;
  /** z(H) - z(FA). The four indices need both rates, so they are undefined if either is. */
  readonly dPrime: number | undefined;
  /** -(z(H) + z(FA)) / 2: negative means a tendency to claim. */
  readonly criterion: number | undefined;
  /** H - FA. */
  readonly accuracy: number | undefined;
  /** (H + FA) / 2. */
  readonly bias: number | undefined;
}

/**
 * x / n, except that a rate of exactly 0 or 1 becomes (x + 0.5) / (n + 1): z(0) and z(1) are
 * infinite, and a perfect score over a dozen terms is not certainty. Undefined for n = 0.
 */
export function correctedRate(x: number, n: number): number | undefined {
  if (n === 0) return undefined;
  return x === 0 || x === n ? (x + 0.5) / (n + 1) : x / n;
}

export function checklistIndices(answers: readonly ChecklistAnswer[]): ChecklistIndices {
  let realTerms = 0;
  let foils = 0;
  let hits = 0;
  let falseAlarms = 0;
  for (const { isFoil, rating } of answers) {
    if (!Number.isInteger(rating) || rating < 0 || rating > 4) {
      throw new RangeError(`checklist rating must be an integer 0-4, got ${rating}`);
    }
    const claimed = rating >= CLAIMED_FROM_RATING;
    if (isFoil) {
      foils++;
      if (claimed) falseAlarms++;
    } else {
      realTerms++;
      if (claimed) hits++;
    }
  }
  const hitRate = correctedRate(hits, realTerms);
  const falseAlarmRate = correctedRate(falseAlarms, foils);
  const base = { realTerms, foils, hits, falseAlarms, hitRate, falseAlarmRate };
  if (hitRate === undefined || falseAlarmRate === undefined) {
    return {
      ...base,
      dPrime: undefined,
      criterion: undefined,
      accuracy: undefined,
      bias: undefined,
    };
  }
  const zH = inverseNormal(hitRate);
  const zFA = inverseNormal(falseAlarmRate);
  return {
    ...base,
    dPrime: zH - zFA,
    criterion: -(zH + zFA) / 2,
    accuracy: hitRate - falseAlarmRate,
    bias: (hitRate + falseAlarmRate) / 2,
  };
}
