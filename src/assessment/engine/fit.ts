/**
 * The fit score of an application (DESIGN.md): the weighted mean, over the requisition's required
 * skills, of the probability that the candidate meets the skill's minimum level. A probability rather
 * than a point estimate, so a short, uncertain quiz cannot look like a confident pass.
 */
import { Posterior, probabilityAtOrAbove } from './estimate';
import { Level, threshold, THRESHOLDS, Thresholds } from './levels';

export interface RequiredSkill {
  readonly skill: string;
  readonly weight: number;
  readonly minimumLevel: Level;
}

export interface MeasuredSkill {
  readonly posterior: Posterior;
  readonly itemsUsed: number;
}

export interface SkillFit {
  readonly skill: string;
  readonly weight: number;
  /** P(theta >= t(minimum level)); 0 when not assessed. */
  readonly probability: number;
  readonly assessed: boolean;
}

export interface FitScore {
  /** 0-100; undefined when the requisition requires no skills (or only zero weights). */
  readonly score: number | undefined;
  /** A required skill was not assessed and counted as 0. */
  readonly incomplete: boolean;
  readonly skills: readonly SkillFit[];
}

/**
 * A skill counts as assessed when it has a posterior with at least one answer: a skill whose time
 * ran out before the first question has only the prior, which is not evidence about this person.
 * A minimum level of 0 is met by everyone (probability 1).
 */
export function fitScore(
  required: readonly RequiredSkill[],
  measured: ReadonlyMap<string, MeasuredSkill>,
  thresholds: Thresholds = THRESHOLDS,
): FitScore {
  let weighted = 0;
  let totalWeight = 0;
  let incomplete = false;
  const skills = required.map((req): SkillFit => {
    if (!Number.isFinite(req.weight) || req.weight < 0) {
      throw new RangeError(`weight of ${req.skill} must be finite and >= 0`);
    }
    const measure = measured.get(req.skill);
    const assessed = measure !== undefined && measure.itemsUsed > 0;
    if (!assessed) incomplete = true;
    const t = threshold(req.minimumLevel, thresholds);
    let probability = 0;
    if (assessed) probability = t === undefined ? 1 : probabilityAtOrAbove(measure.posterior, t);
    weighted += req.weight * probability;
    totalWeight += req.weight;
    return { skill: req.skill, weight: req.weight, probability, assessed };
  });
  const score = totalWeight > 0 ? (100 * weighted) / totalWeight : undefined;
  return { score, incomplete, skills };
}
