/**
 * The simulation harness (DESIGN.md "Assessment science"): synthetic candidates with known true
 * ability and known claims, run through the real engine (nextStep / skillResult) on the real shipped
 * bank, to measure how often the overstated verdict catches an overclaim and how often it wrongly
 * hits an honest claim. Answers come from item parameters perturbed around the authored ones the
 * engine scores with: authored parameters are guesses until calibrated, and scoring with the
 * generating parameters would make the result circular. Each candidate also rates the skill's
 * familiarity checklist (real terms and foils), scored with the engine's checklist indices.
 */
import { AnsweredItem, nextStep, SkillState, skillResult } from './cat';
import { ChecklistAnswer, ChecklistIndices, checklistIndices } from './checklist';
import { isRapidGuess, personFit, responseTimeEffort } from './integrity';
import { probability } from './irt';
import { Level, levelOf } from './levels';
import { derivedSeed, gaussian, mulberry32, uniform } from './random';
import { RandomSource } from './select';
import { DEFAULT_SETTINGS, EngineSettings } from './settings';
import {
  BankSkill,
  DEFAULT_PERTURBATION,
  knowsTermProbability,
  Perturbation,
  SimSkill,
  simSkill,
  SimTerm,
} from './simulate-bank';
import { StopReason } from './stopping';
import { Verdict } from './verdict';

export const GROUPS = [
  'honest_novice',
  'honest_working',
  'honest_expert',
  'understater',
  'overclaimer_2plus',
  'overclaimer_1',
  'rapid_guesser',
] as const;
export type Group = (typeof GROUPS)[number];

export const HONEST_GROUPS: readonly Group[] = ['honest_novice', 'honest_working', 'honest_expert'];

export interface Candidate {
  readonly group: Group;
  readonly theta: number;
  /** levelOf(theta): the level an honest self-rating would give. */
  readonly trueLevel: Level;
  readonly claimed: Level;
  /** Rapid guessers only: the share of items they click through without reading. */
  readonly rapidShare: number;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function candidateAt(group: Group, theta: number, claimFrom: (level: Level) => number): Candidate {
  const trueLevel = levelOf(theta);
  return {
    group,
    theta,
    trueLevel,
    claimed: clamp(claimFrom(trueLevel), 0, 5) as Level,
    rapidShare: 0,
  };
}

/**
 * Who applies. Abilities are uniform over each group's range (a flat spread puts as many people
 * near a threshold as away from it, which is where verdicts are hard).
 */
export function makeCandidate(group: Group, random: RandomSource): Candidate {
  switch (group) {
    case 'honest_novice': // aware or beginner
      return candidateAt(group, uniform(random, -2, 0), (level) => level);
    case 'honest_working':
      return candidateAt(group, uniform(random, 0, 1), (level) => level);
    case 'honest_expert': // advanced or expert
      return candidateAt(group, uniform(random, 1, 2.5), (level) => level);
    case 'understater': {
      // True level 2-5, claims one or two levels lower (a true beginner claiming 2 below says none).
      const gap = random() < 0.5 ? 1 : 2;
      return candidateAt(group, uniform(random, -1, 2.5), (level) => level - gap);
    }
    case 'overclaimer_2plus': {
      // True level 1-3, claims two or three levels higher, at most expert.
      const gap = random() < 0.5 ? 2 : 3;
      return candidateAt(group, uniform(random, -2, 1), (level) => level + gap);
    }
    case 'overclaimer_1':
      // The gray zone: true level 1-4, claims the next level up.
      return candidateAt(group, uniform(random, -2, 1.5), (level) => level + 1);
    case 'rapid_guesser': {
      // An honest claim, then clicking through half or more of the items.
      const theta = clamp(gaussian(random), -3, 3);
      return {
        ...candidateAt(group, theta, (level) => level),
        rapidShare: uniform(random, 0.5, 1),
      };
    }
  }
}

/**
 * How a group fills in the familiarity checklist. `bluff`: chance of claiming (rating >= 2) a term
 * one does not know, foils included; `modesty`: chance of rating a known term below 2. These are
 * assumptions, not measurements: Paulhus et al. (2003) found that people who overclaim endorse
 * foils far more often than others, but the rates here are chosen, not taken from that study.
 */
export type ChecklistBehaviour =
  | { readonly kind: 'rated'; readonly bluff: number; readonly modesty: number }
  | { readonly kind: 'random' };

export const CHECKLIST_BEHAVIOUR: Readonly<Record<Group, ChecklistBehaviour>> = {
  honest_novice: { kind: 'rated', bluff: 0.07, modesty: 0.05 },
  honest_working: { kind: 'rated', bluff: 0.07, modesty: 0.05 },
  honest_expert: { kind: 'rated', bluff: 0.07, modesty: 0.05 },
  understater: { kind: 'rated', bluff: 0.03, modesty: 0.2 },
  overclaimer_2plus: { kind: 'rated', bluff: 0.35, modesty: 0 },
  overclaimer_1: { kind: 'rated', bluff: 0.2, modesty: 0.02 },
  // Clicking through: any rating 0-4, whatever the term.
  rapid_guesser: { kind: 'random' },
};

/** Ratings 0-4 of every term of the skill, in the skill's order. */
export function rateChecklist(
  candidate: Candidate,
  terms: readonly SimTerm[],
  random: RandomSource,
): ChecklistAnswer[] {
  const behaviour = CHECKLIST_BEHAVIOUR[candidate.group];
  return terms.map((term): ChecklistAnswer => {
    // The same number of draws per term whatever the branch, so a term's rating does not shift
    // the next term's random numbers.
    const [u1, u2, u3] = [random(), random(), random()];
    if (behaviour.kind === 'random') return { isFoil: term.isFoil, rating: Math.floor(u3 * 5) };
    const knows = u1 < knowsTermProbability(candidate.theta, term);
    const claims = knows ? u2 >= behaviour.modesty : u2 < behaviour.bluff;
    const rating = claims ? 2 + Math.floor(u3 * 3) : Math.floor(u3 * 2);
    return { isFoil: term.isFoil, rating };
  });
}

export interface Outcome {
  readonly group: Group;
  readonly skill: number;
  readonly claimed: Level;
  readonly trueLevel: Level;
  readonly theta: number;
  readonly estimate: number;
  readonly se: number;
  readonly items: number;
  readonly verdict: Verdict;
  readonly stopReason: StopReason;
  readonly effortFlagged: boolean;
  readonly lzFlagged: boolean;
  readonly checklist: ChecklistIndices;
}

interface Streams {
  /** Per-item draws, fixed before the quiz: the same person answers the same item the same way under every rule. */
  readonly answers: RandomSource;
  /** Randomesque selection among the top k. */
  readonly selection: RandomSource;
}

interface ItemDraws {
  readonly correct: number;
  readonly timeFactor: number;
  readonly rapid: number;
  readonly guessMs: number;
}

export function runCandidate(
  candidate: Candidate,
  skill: SimSkill,
  skillIndex: number,
  streams: Streams,
  checklist: readonly ChecklistAnswer[],
  settings: EngineSettings,
): Outcome {
  const draws = new Map<string, ItemDraws>();
  for (const item of skill.items) {
    draws.set(item.authored.id, {
      correct: streams.answers(),
      timeFactor: Math.exp(gaussian(streams.answers, 0, 0.35)),
      rapid: streams.answers(),
      guessMs: uniform(streams.answers, 500, 4_000),
    });
  }
  const byId = new Map(skill.items.map((item) => [item.authored.id, item]));
  const authored = skill.items.map((item) => item.authored);
  const responses: AnsweredItem[] = [];
  const rapid: boolean[] = [];
  for (;;) {
    const state: SkillState = { claimed: candidate.claimed, responses };
    const step = nextStep(authored, state, settings, streams.selection);
    if (step.done) {
      const result = skillResult(state, step.reason, settings);
      return {
        group: candidate.group,
        skill: skillIndex,
        claimed: candidate.claimed,
        trueLevel: candidate.trueLevel,
        theta: candidate.theta,
        estimate: result.theta,
        se: result.se,
        items: result.itemsUsed,
        verdict: result.verdict,
        stopReason: step.reason,
        effortFlagged: responseTimeEffort(rapid, settings.integrity)?.flagged ?? false,
        lzFlagged: personFit(responses, result.theta, settings.integrity)?.flagged ?? false,
        checklist: checklistIndices(checklist),
      };
    }
    const served = byId.get(step.item.id);
    const draw = draws.get(step.item.id);
    if (!served || !draw) throw new Error(`unknown item ${step.item.id}`);
    const guessing = draw.rapid < candidate.rapidShare;
    // A rapid guess picks one of four options blindly; a read item is answered by the true parameters.
    const correct = draw.correct < (guessing ? 0.25 : probability(candidate.theta, served.truth));
    const ms = guessing ? draw.guessMs : served.typicalMs * draw.timeFactor;
    rapid.push(isRapidGuess(ms, served.typicalMs, settings.integrity));
    // The engine scores with the authored parameters, as it does in production.
    responses.push({ id: step.item.id, item: step.item, correct });
  }
}

/** A share with its Wilson 95% interval. */
export interface Rate {
  readonly n: number;
  readonly count: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

export function wilson(count: number, n: number, z = 1.959964): Rate {
  if (n === 0) return { n, count, rate: NaN, low: NaN, high: NaN };
  const p = count / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  // At 0 and n the interval reaches the bound exactly (the formula gives it up to rounding).
  return {
    n,
    count,
    rate: p,
    low: count === 0 ? 0 : Math.max(0, centre - half),
    high: count === n ? 1 : Math.min(1, centre + half),
  };
}

const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const rateOf = <T>(xs: readonly T[], pick: (x: T) => boolean): Rate =>
  wilson(xs.filter(pick).length, xs.length);
const rmseOf = (xs: readonly Outcome[]): number =>
  Math.sqrt(mean(xs.map((o) => (o.estimate - o.theta) ** 2)));
const flagged = (o: Outcome): boolean => o.verdict === 'overstated';

const VERDICTS: readonly Verdict[] = [
  'overstated',
  'understated',
  'consistent',
  'insufficient_evidence',
];
const STOP_REASONS: readonly StopReason[] = [
  'decided',
  'precision',
  'item_cap',
  'time',
  'pool_exhausted',
];

function countBy<K extends string>(
  keys: readonly K[],
  xs: readonly Outcome[],
  key: (o: Outcome) => K,
): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const o of xs) counts[key(o)]++;
  return counts;
}

export interface ChecklistSummary {
  /** Means over the group's candidates of the engine's indices (rates with the 0/1 correction). */
  readonly hitRate: number;
  readonly falseAlarmRate: number;
  readonly dPrime: number;
  readonly criterion: number;
  /** Share claiming at least one foil, and at least two. */
  readonly anyFoil: number;
  readonly twoFoils: number;
}

export interface GroupSummary {
  readonly group: Group;
  readonly n: number;
  readonly verdicts: Readonly<Record<Verdict, number>>;
  readonly stopReasons: Readonly<Record<StopReason, number>>;
  readonly overstated: Rate;
  readonly meanItems: number;
  readonly meanSe: number;
  /** Root mean squared error of the EAP estimate against the true ability. */
  readonly rmse: number;
  /** Response-time effort below the flag line. */
  readonly effortFlagRate: number;
  /** Person fit lz below the flag line. */
  readonly lzFlagRate: number;
  readonly checklist: ChecklistSummary;
}

export interface SkillSummary {
  readonly skill: string;
  /** Candidates assessed on the skill, rapid guessers excluded. */
  readonly n: number;
  readonly meanItems: number;
  /** Standard deviation of the number of items, for the margin of the mean against a target. */
  readonly sdItems: number;
  readonly meanSe: number;
  readonly rmse: number;
  readonly sensitivity: Rate;
  readonly falseFlags: Rate;
}

export interface ClaimSummary {
  readonly claimed: Level;
  readonly overstated: Rate;
  readonly meanItems: number;
}

export interface SimulationReport {
  readonly seed: number;
  readonly perGroup: number;
  readonly skills: readonly string[];
  readonly itemsPerSkill: readonly number[];
  /** Checklist terms per skill, foils included, and the foils among them. */
  readonly termsPerSkill: readonly number[];
  readonly foilsPerSkill: readonly number[];
  readonly perturbation: Perturbation;
  readonly settings: EngineSettings;
  readonly groups: readonly GroupSummary[];
  readonly perSkill: readonly SkillSummary[];
  /** overclaimer_2plus flagged overstated. */
  readonly sensitivity: Rate;
  /** Honest groups pooled, flagged overstated. */
  readonly falseFlags: Rate;
  readonly falseFlagsByClaim: readonly ClaimSummary[];
  /** Honest claims of advanced or expert: where false flags concentrate. */
  readonly highClaimFalseFlags: Rate;
  /** overclaimer_1 flagged overstated. */
  readonly grayZone: Rate;
  readonly grayZoneByClaim: readonly ClaimSummary[];
  /** Over every group except rapid guessers. */
  readonly meanItems: number;
  readonly meanSe: number;
  readonly rmse: number;
  readonly rapid: {
    readonly rteFlag: Rate;
    readonly lzFlag: Rate;
    readonly eitherFlag: Rate;
    /** Of the rapid guessers flagged overstated, the share that also carry the RTE flag. */
    readonly overstatedWithRteFlag: Rate;
  };
  /** Honest groups pooled: how often an integrity flag fires on a sincere attempt. */
  readonly honestRteFlag: Rate;
  readonly honestLzFlag: Rate;
}

function summariseGroup(group: Group, xs: readonly Outcome[]): GroupSummary {
  const defined = (pick: (c: ChecklistIndices) => number | undefined): number =>
    mean(xs.map((o) => pick(o.checklist)).filter((v): v is number => v !== undefined));
  return {
    group,
    n: xs.length,
    verdicts: countBy(VERDICTS, xs, (o) => o.verdict),
    stopReasons: countBy(STOP_REASONS, xs, (o) => o.stopReason),
    overstated: rateOf(xs, flagged),
    meanItems: mean(xs.map((o) => o.items)),
    meanSe: mean(xs.map((o) => o.se)),
    rmse: rmseOf(xs),
    effortFlagRate: rateOf(xs, (o) => o.effortFlagged).rate,
    lzFlagRate: rateOf(xs, (o) => o.lzFlagged).rate,
    checklist: {
      hitRate: defined((c) => c.hitRate),
      falseAlarmRate: defined((c) => c.falseAlarmRate),
      dPrime: defined((c) => c.dPrime),
      criterion: defined((c) => c.criterion),
      anyFoil: rateOf(xs, (o) => o.checklist.falseAlarms >= 1).rate,
      twoFoils: rateOf(xs, (o) => o.checklist.falseAlarms >= 2).rate,
    },
  };
}

function byClaim(xs: readonly Outcome[]): ClaimSummary[] {
  return ([0, 1, 2, 3, 4, 5] as const).flatMap((claimed): ClaimSummary[] => {
    const these = xs.filter((o) => o.claimed === claimed);
    if (these.length === 0) return [];
    return [
      { claimed, overstated: rateOf(these, flagged), meanItems: mean(these.map((o) => o.items)) },
    ];
  });
}

export interface SimulationOptions {
  readonly seed: number;
  /** Candidates per group; each takes one skill, the skills in turn. */
  readonly perGroup: number;
  readonly bank: readonly BankSkill[];
  readonly settings?: EngineSettings;
  readonly perturbation?: Perturbation;
}

/**
 * Deterministic for a given seed. True item parameters, people, their answers and checklist
 * ratings come from streams of their own, so runs with different settings but the same seed see
 * the same items, the same people and the same answer to each item (common random numbers):
 * differences between rules are not sampling noise between populations.
 */
export function simulate(options: SimulationOptions): SimulationReport {
  const { seed, perGroup, bank } = options;
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const perturbation = options.perturbation ?? DEFAULT_PERTURBATION;
  if (!Number.isInteger(perGroup) || perGroup < 1) throw new RangeError('perGroup must be >= 1');
  if (bank.length === 0) throw new RangeError('the bank has no skills');

  const truthRandom = mulberry32(derivedSeed(seed, 0));
  const skills = bank.map((skill) => simSkill(skill, truthRandom, perturbation));
  const outcomes: Outcome[] = [];
  GROUPS.forEach((group, g) => {
    for (let i = 0; i < perGroup; i++) {
      const index = 1 + g * perGroup + i;
      const stream = (k: number): RandomSource => mulberry32(derivedSeed(seed, 4 * index + k));
      const skillIndex = i % skills.length;
      const skill = skills[skillIndex];
      if (!skill) throw new Error('unreachable: skill index out of range');
      const candidate = makeCandidate(group, stream(0));
      const checklist = rateChecklist(candidate, skill.terms, stream(3));
      const streams = { answers: stream(1), selection: stream(2) };
      outcomes.push(runCandidate(candidate, skill, skillIndex, streams, checklist, settings));
    }
  });

  const inGroup = (...groups: readonly Group[]): Outcome[] =>
    outcomes.filter((o) => groups.includes(o.group));
  const honest = inGroup(...HONEST_GROUPS);
  const overclaimers = inGroup('overclaimer_2plus');
  const gray = inGroup('overclaimer_1');
  const rapid = inGroup('rapid_guesser');
  const sincere = outcomes.filter((o) => o.group !== 'rapid_guesser');
  const rapidFlagged = rapid.filter(flagged);

  return {
    seed,
    perGroup,
    skills: skills.map((s) => s.skill),
    itemsPerSkill: skills.map((s) => s.items.length),
    termsPerSkill: skills.map((s) => s.terms.length),
    foilsPerSkill: skills.map((s) => s.terms.filter((t) => t.isFoil).length),
    perturbation,
    settings,
    groups: GROUPS.map((group) => summariseGroup(group, inGroup(group))),
    perSkill: skills.map((s, k): SkillSummary => {
      const these = sincere.filter((o) => o.skill === k);
      return {
        skill: s.skill,
        n: these.length,
        meanItems: mean(these.map((o) => o.items)),
        sdItems: sd(these.map((o) => o.items)),
        meanSe: mean(these.map((o) => o.se)),
        rmse: rmseOf(these),
        sensitivity: rateOf(
          overclaimers.filter((o) => o.skill === k),
          flagged,
        ),
        falseFlags: rateOf(
          honest.filter((o) => o.skill === k),
          flagged,
        ),
      };
    }),
    sensitivity: rateOf(overclaimers, flagged),
    falseFlags: rateOf(honest, flagged),
    falseFlagsByClaim: byClaim(honest),
    highClaimFalseFlags: rateOf(
      honest.filter((o) => o.claimed >= 4),
      flagged,
    ),
    grayZone: rateOf(gray, flagged),
    grayZoneByClaim: byClaim(gray),
    meanItems: mean(sincere.map((o) => o.items)),
    meanSe: mean(sincere.map((o) => o.se)),
    rmse: rmseOf(sincere),
    rapid: {
      rteFlag: rateOf(rapid, (o) => o.effortFlagged),
      lzFlag: rateOf(rapid, (o) => o.lzFlagged),
      eitherFlag: rateOf(rapid, (o) => o.effortFlagged || o.lzFlagged),
      overstatedWithRteFlag: rateOf(rapidFlagged, (o) => o.effortFlagged),
    },
    honestRteFlag: rateOf(honest, (o) => o.effortFlagged),
    honestLzFlag: rateOf(honest, (o) => o.lzFlagged),
  };
}
