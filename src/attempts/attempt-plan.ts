/**
 * What an attempt runs on, fixed when the invitation is first redeemed: later edits to the
 * blueprint or the requisition change no attempt already under way. Plain TypeScript.
 */
import { randomInt } from 'node:crypto';
import { RandomSource } from '../assessment/engine/select';

export interface PlanSkill {
  id: string;
  name: string;
}

export interface PlanRequirement {
  skill: string;
  weight: number;
  minimumLevel: number;
}

export interface AttemptPlan {
  version: 1;
  requisitionId: string;
  /** The skills measured, in the order the quiz takes them. */
  skills: PlanSkill[];
  /** Every required skill of the requisition, for the fit score (unmeasured ones count as 0). */
  required: PlanRequirement[];
  itemCap: number;
  /** Before the invitation's time multiplier. */
  timeLimitMinutes: number;
  checklistSize: number;
}

export interface TermChoice {
  id: string;
  skill: string;
  isFoil: boolean;
}

/** Uniform in [0, 1) from the OS generator: per-attempt shuffles must not be predictable. */
// randomInt takes a range of at most 2^48 - 1, so 2^47 steps.
export const cryptoRandom: RandomSource = () => randomInt(2 ** 47) / 2 ** 47;

/** Fisher-Yates; a new array. */
export function shuffle<T>(values: readonly T[], random: RandomSource): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The checklist shown: `size` terms spread as evenly as the skills allow, each skill's share
 * keeping its own mix of real terms and foils (at least one foil where the skill has one, so every
 * skill can catch over-claiming), then shuffled together so position says nothing about a term.
 */
export function chooseChecklist(
  terms: readonly TermChoice[],
  skills: readonly string[],
  size: number,
  random: RandomSource,
): TermChoice[] {
  const bySkill = new Map<string, TermChoice[]>(skills.map((skill) => [skill, []]));
  for (const term of terms) bySkill.get(term.skill)?.push(term);
  const quota = shareOut(
    size,
    skills.map((skill) => bySkill.get(skill)?.length ?? 0),
  );
  const chosen: TermChoice[] = [];
  skills.forEach((skill, index) => {
    const pool = bySkill.get(skill) ?? [];
    const take = quota[index] ?? 0;
    const foils = shuffle(
      pool.filter((term) => term.isFoil),
      random,
    );
    const real = shuffle(
      pool.filter((term) => !term.isFoil),
      random,
    );
    const foilShare = pool.length === 0 ? 0 : foils.length / pool.length;
    const foilCount = Math.min(
      foils.length,
      take,
      Math.max(foils.length > 0 && take > 0 ? 1 : 0, Math.round(take * foilShare)),
    );
    const realCount = Math.min(real.length, take - foilCount);
    // A skill short of real terms fills its quota with its remaining foils.
    const extraFoils = Math.min(foils.length - foilCount, take - foilCount - realCount);
    chosen.push(...foils.slice(0, foilCount + extraFoils), ...real.slice(0, realCount));
  });
  return shuffle(chosen, random);
}

/** Split `total` over buckets as evenly as their capacities allow (largest shares first). */
export function shareOut(total: number, capacities: readonly number[]): number[] {
  const shares = capacities.map(() => 0);
  let left = Math.min(
    total,
    capacities.reduce((sum, c) => sum + c, 0),
  );
  while (left > 0) {
    const open = capacities
      .map((capacity, index) => ({ index, room: capacity - (shares[index] ?? 0) }))
      .filter((bucket) => bucket.room > 0);
    const each = Math.max(1, Math.floor(left / open.length));
    for (const bucket of open) {
      if (left === 0) break;
      const give = Math.min(each, bucket.room, left);
      shares[bucket.index] = (shares[bucket.index] ?? 0) + give;
      left -= give;
    }
  }
  return shares;
}
