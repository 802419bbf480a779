/**
 * The rules of a candidate's attempt as plain functions: which phase may do what, what a valid
 * self-rating or checklist submission is, how an answer for a sequence number is treated, and how
 * the stored numbers are summarised for a reviewer. No Nest or TypeORM here; the services apply
 * these under the attempt's row lock.
 */
import { SkillState } from '../assessment/engine/cat';
import { ItemParams } from '../assessment/engine/irt';
import { isLevel, Level } from '../assessment/engine/levels';
import { isRapidGuess, personFit, responseTimeEffort } from '../assessment/engine/integrity';
import { DEFAULT_SETTINGS, EngineSettings } from '../assessment/engine/settings';
import { Verdict } from '../assessment/engine/verdict';

export const PHASES = [
  'consent',
  'self_rating',
  'checklist',
  'quiz',
  'finished',
  'voided',
] as const;
export type Phase = (typeof PHASES)[number];

/** Undefined when `current` is the phase the step needs; otherwise why it cannot run now. */
export function phaseProblem(current: Phase, needed: Phase): string | undefined {
  if (current === needed) return undefined;
  if (current === 'finished' || current === 'voided') return `the assessment is ${current}`;
  return `this step belongs to the ${needed.replace('_', '-')} phase, but the assessment is at ${current.replace('_', '-')}`;
}

/**
 * Minutes the candidate gets: the plan's limit times their accommodation multiplier, rounded up.
 * The multiplier is numeric(3, 2), so it is taken in hundredths to keep e.g. 10 x 1.3 at 13.
 */
export function effectiveMinutes(planMinutes: number, multiplier: number): number {
  const hundredths = Math.round(multiplier * 100);
  return Math.ceil((planMinutes * hundredths) / 100);
}

/** The engine settings an attempt runs on: the shipped rule with the plan's item cap. */
export function settingsFor(itemCap: number): EngineSettings {
  return {
    ...DEFAULT_SETTINGS,
    stopping: { ...DEFAULT_SETTINGS.stopping, maxItems: itemCap },
  };
}

export interface Problem {
  field: string;
  message: string;
}

/** Exactly one rating per measured skill, none for any other skill. */
export function selfRatingProblems(
  planSkills: readonly string[],
  ratings: readonly { skill: string }[],
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  ratings.forEach(({ skill }, index) => {
    if (!planSkills.includes(skill)) {
      problems.push({ field: `ratings[${index}].skill`, message: `${skill} is not measured here` });
    } else if (seen.has(skill)) {
      problems.push({ field: `ratings[${index}].skill`, message: `${skill} is rated twice` });
    }
    seen.add(skill);
  });
  for (const skill of planSkills) {
    if (!seen.has(skill)) problems.push({ field: 'ratings', message: `${skill} needs a rating` });
  }
  return problems;
}

/** Every position shown answered exactly once. */
export function checklistProblems(
  positions: readonly number[],
  answers: readonly { position: number }[],
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<number>();
  answers.forEach(({ position }, index) => {
    if (!positions.includes(position)) {
      problems.push({
        field: `answers[${index}].position`,
        message: `no term at position ${position}`,
      });
    } else if (seen.has(position)) {
      problems.push({
        field: `answers[${index}].position`,
        message: `position ${position} is answered twice`,
      });
    }
    seen.add(position);
  });
  const missing = positions.filter((p) => !seen.has(p));
  if (missing.length > 0) {
    problems.push({ field: 'answers', message: `positions ${missing.join(', ')} need an answer` });
  }
  return problems;
}

/** An unanswered term counts as not claimed (the lowest familiarity). */
export function checklistRating(rating: number | null): number {
  return rating ?? 0;
}

export interface ServedRow {
  seq: number;
  /** null while unanswered. */
  choice: number | null;
}

export type AnswerDecision = 'record' | 'repeat' | 'conflict' | 'out_of_order';

/**
 * What to do with an answer for `seq`: only the one pending item can be answered; a retry of an
 * answer already stored is harmless ('repeat'), a different answer to it is refused ('conflict'),
 * and any other sequence number (never served, or not the pending one) is out of order.
 */
export function decideAnswer(row: ServedRow | undefined, choice: number): AnswerDecision {
  if (!row) return 'out_of_order';
  if (row.choice === null) return 'record';
  return row.choice === choice ? 'repeat' : 'conflict';
}

/**
 * A 95% interval for a reviewer: the normal approximation theta +- 1.96 SE, kept inside the grid
 * the posterior lives on (the EAP cannot leave it).
 */
export function interval95(
  theta: number,
  se: number,
  grid = DEFAULT_SETTINGS.grid,
): [number, number] {
  const half = 1.959964 * se;
  return [Math.max(grid.min, theta - half), Math.min(grid.max, theta + half)];
}

/**
 * The probability a verdict rests on: P(theta >= t(claimed + 1)) for understated, otherwise
 * P(theta < t(claimed)) (for consistent that is how small the chance of falling short is).
 */
export function verdictProbability(
  verdict: Verdict,
  pBelowClaimed: number | null,
  pAboveNext: number | null,
): number | null {
  return verdict === 'understated' ? pAboveNext : pBelowClaimed;
}

/** Which skill the quiz is on (0-based): the first undecided one; all of them once finished. */
export function currentSkillIndex(decided: number, skillCount: number, finished: boolean): number {
  if (finished) return skillCount;
  return Math.min(decided, Math.max(0, skillCount - 1));
}

/** Validation (docs/validation.md): 2+ foils claimed separates over-claimers from honest groups. */
export const FOILS_CLAIMED_FLAG = 2;

export interface TimedResponse {
  skill: string;
  item: ItemParams;
  correct: boolean;
  responseMs: number;
  /** Median time of the item's earlier answers in other attempts; undefined without history. */
  typicalMs: number | undefined;
}

export interface IntegritySummary {
  answered: number;
  rapidGuesses: number;
  /** Response-time effort: share of answers that were not rapid guesses. */
  effort: { rte: number; flagged: boolean } | null;
  /** Person fit lz per skill, at that skill's estimate (null: too little variance to say). */
  personFit: { skill: string; lz: number | null; flagged: boolean }[];
  focusLost: number;
  pastes: number;
  foilsClaimed: number;
  /** The signals a reviewer should look at, by name. */
  flagged: string[];
}

/** Every integrity signal of an attempt, as the review screen shows them. */
export function integritySummary(input: {
  responses: readonly TimedResponse[];
  thetaBySkill: ReadonlyMap<string, number>;
  skills: readonly string[];
  focusLost: number;
  pastes: number;
  foilsClaimed: number;
  settings?: EngineSettings;
}): IntegritySummary {
  const settings = (input.settings ?? DEFAULT_SETTINGS).integrity;
  const rapid = input.responses.map((r) => isRapidGuess(r.responseMs, r.typicalMs, settings));
  const effort = responseTimeEffort(rapid, settings) ?? null;
  const personFits = input.skills.flatMap((skill) => {
    const theta = input.thetaBySkill.get(skill);
    const mine = input.responses.filter((r) => r.skill === skill);
    if (theta === undefined || mine.length === 0) return [];
    const fit = personFit(mine, theta, settings);
    return [{ skill, lz: fit?.lz ?? null, flagged: fit?.flagged ?? false }];
  });
  const flagged: string[] = [];
  if (effort?.flagged) flagged.push('rapid_guessing');
  for (const fit of personFits) if (fit.flagged) flagged.push(`person_fit:${fit.skill}`);
  if (input.foilsClaimed >= FOILS_CLAIMED_FLAG) flagged.push('foils_claimed');
  if (input.focusLost > 0) flagged.push('focus_lost');
  if (input.pastes > 0) flagged.push('paste');
  return {
    answered: input.responses.length,
    rapidGuesses: rapid.filter(Boolean).length,
    effort,
    personFit: personFits,
    focusLost: input.focusLost,
    pastes: input.pastes,
    foilsClaimed: input.foilsClaimed,
    flagged,
  };
}

export interface ScoredResponse {
  skill: string;
  /** The item's ref: the engine's id, so no version of a question is served twice. */
  ref: string;
  item: ItemParams;
  /** null while unanswered. */
  correct: boolean | null;
}

/** One skill's state for the engine: its claim and its answered items, in the order served. */
export function skillStateOf(
  skill: string,
  claimed: number,
  responses: readonly ScoredResponse[],
  timeExpired = false,
): SkillState {
  const answered = responses.flatMap((r) =>
    r.skill === skill && r.correct !== null
      ? [{ id: r.ref, item: r.item, correct: r.correct }]
      : [],
  );
  return { claimed: asLevel(claimed), responses: answered, timeExpired };
}

/** A stored level (0-5 by the schema's CHECK) as the engine's type. */
export function asLevel(value: number): Level {
  if (!isLevel(value)) throw new RangeError(`level ${value} is not 0-5`);
  return value;
}
