/**
 * An assessment blueprint: which of a requisition's skills are measured, the item cap per skill,
 * the total time limit and how many checklist terms are shown. Plain TypeScript: defaults and
 * checks against what the item bank holds.
 */

export interface RequiredSkill {
  skillId: string;
  weight: number;
  minLevel: number;
}

/** What the active bank holds for one skill. */
export interface SkillSupply {
  items: number;
  terms: number;
  foils: number;
}

export interface BlueprintSettings {
  /** Skills measured, a subset of the requisition's required skills. */
  skills: string[];
  itemCap: number;
  timeLimitMinutes: number;
  checklistSize: number;
}

export const LIMITS = {
  itemCap: [4, 30],
  timeLimitMinutes: [5, 240],
  checklistSize: [10, 60],
} as const;

/** DESIGN.md: a cap of 12 ends near SE 0.5 with four-option items. */
export const DEFAULT_ITEM_CAP = 12;
/** About a minute per item plus the self-rating and the checklist, never under 15 minutes. */
const MINUTES_PER_SKILL = 14;
const MINUTES_FOR_THE_REST = 6;
/** DESIGN.md: 20-40 checklist terms, about a fifth of them foils. */
const CHECKLIST_TARGET = 40;

/**
 * The blueprint a requisition gets until someone saves one: every required skill with a minimum
 * level above 0 (a skill required at level 0 decides nothing), the default cap, a time limit that
 * grows with the skills, and as many checklist terms as the skills offer up to 40.
 */
export function defaultBlueprint(
  required: RequiredSkill[],
  supply: ReadonlyMap<string, SkillSupply>,
): BlueprintSettings {
  const skills = required
    .filter((skill) => skill.minLevel > 0)
    .map((skill) => skill.skillId)
    .sort();
  const terms = skills.reduce((sum, skill) => sum + (supply.get(skill)?.terms ?? 0), 0);
  return {
    skills,
    itemCap: DEFAULT_ITEM_CAP,
    timeLimitMinutes: Math.max(15, MINUTES_FOR_THE_REST + MINUTES_PER_SKILL * skills.length),
    checklistSize: clamp(Math.min(CHECKLIST_TARGET, terms), LIMITS.checklistSize),
  };
}

export interface BlueprintProblem {
  field: 'skills' | 'itemCap' | 'timeLimitMinutes' | 'checklistSize';
  message: string;
}

/** What would make the blueprint unusable for a quiz with today's active bank. */
export function blueprintProblems(
  blueprint: BlueprintSettings,
  required: RequiredSkill[],
  supply: ReadonlyMap<string, SkillSupply>,
): BlueprintProblem[] {
  const problems: BlueprintProblem[] = [];
  const requiredIds = new Set(required.map((skill) => skill.skillId));
  if (blueprint.skills.length === 0) {
    problems.push({ field: 'skills', message: 'measure at least one skill' });
  }
  if (new Set(blueprint.skills).size !== blueprint.skills.length) {
    problems.push({ field: 'skills', message: 'a skill is listed twice' });
  }
  for (const skill of blueprint.skills) {
    if (!requiredIds.has(skill)) {
      problems.push({
        field: 'skills',
        message: `${skill} is not a required skill of the requisition`,
      });
      continue;
    }
    const items = supply.get(skill)?.items ?? 0;
    if (items < blueprint.itemCap) {
      problems.push({
        field: 'itemCap',
        message: `${skill} has ${items} active items, fewer than the cap of ${blueprint.itemCap}`,
      });
    }
  }
  const terms = blueprint.skills.reduce((sum, skill) => sum + (supply.get(skill)?.terms ?? 0), 0);
  const foils = blueprint.skills.reduce((sum, skill) => sum + (supply.get(skill)?.foils ?? 0), 0);
  if (blueprint.checklistSize > terms) {
    problems.push({
      field: 'checklistSize',
      message: `the measured skills have ${terms} active checklist terms, fewer than ${blueprint.checklistSize}`,
    });
  } else if (foils < 2) {
    problems.push({
      field: 'checklistSize',
      message:
        'the measured skills have fewer than 2 active foils: the checklist could not catch over-claiming',
    });
  }
  return problems;
}

function clamp(value: number, [low, high]: readonly [number, number]): number {
  return Math.min(high, Math.max(low, value));
}
