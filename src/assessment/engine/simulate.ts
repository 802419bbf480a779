/**
 * The simulation harness (DESIGN.md): synthetic candidates with known true ability and known claims,
 * run through the real engine (nextStep / skillResult), to measure how often the overstated flag
 * catches an overclaim and how often it wrongly hits an honest claim. Answers come from item
 * parameters perturbed around the authored ones the engine scores with: authored parameters are
 * guesses until calibrated, and scoring with the generating parameters would make the result circular.
 */
import { AnsweredItem, nextStep, SkillState, skillResult } from './cat';
import { isRapidGuess, personFit, responseTimeEffort } from './integrity';
import { ItemParams, probability } from './irt';
import { Level, LEVEL_NAMES, levelOf, RatedLevel } from './levels';
import { derivedSeed, gaussian, mulberry32, uniform } from './random';
import { PoolItem, RandomSource } from './select';
import { DEFAULT_SETTINGS, EngineSettings } from './settings';
import { Verdict } from './verdict';

export const GROUPS = [
  'honest_novice',
  'honest_working',
  'honest_expert',
  'overclaimer',
  'rapid_guesser',
] as const;
export type Group = (typeof GROUPS)[number];

const HONEST: readonly Group[] = ['honest_novice', 'honest_working', 'honest_expert'];

/** How far the true parameters stray from the authored ones. */
export interface Perturbation {
  /** SD of log(a_true / a_authored): 0.2 is about +-20%. */
  readonly aLogSd: number;
  /** SD of b_true - b_authored, in ability units. */
  readonly bSd: number;
  /** SD of c_true - c_authored (clamped to [0, 0.5]). */
  readonly cSd: number;
}

export const DEFAULT_PERTURBATION: Perturbation = { aLogSd: 0.2, bSd: 0.3, cSd: 0.05 };

export interface SimulationOptions {
  readonly seed: number;
  /** Candidates per group. */
  readonly perGroup: number;
  /** Distinct item pools (skills); candidates are spread over them. */
  readonly skills?: number;
  readonly settings?: EngineSettings;
  readonly perturbation?: Perturbation;
}

export interface GroupSummary {
  readonly group: Group;
  readonly n: number;
  readonly verdicts: Readonly<Record<Verdict, number>>;
  /** Share flagged overstated. */
  readonly overstatedRate: number;
  readonly meanItems: number;
  readonly meanSe: number;
  /** Root mean squared error of the EAP estimate against the true ability. */
  readonly rmse: number;
  /** Share flagged for response-time effort < 0.9. */
  readonly effortFlagRate: number;
  /** Share flagged for person fit lz < -1.645. */
  readonly lzFlagRate: number;
}

export interface SimulationReport {
  readonly seed: number;
  readonly perGroup: number;
  readonly skills: number;
  readonly poolSize: number;
  readonly perturbation: Perturbation;
  readonly settings: EngineSettings;
  readonly groups: readonly GroupSummary[];
  /** Share of overclaimers (claims 2+ levels above their true level) flagged overstated. */
  readonly sensitivity: number;
  /** Share of honest claims (novice, working, expert) flagged overstated. */
  readonly falseFlagRate: number;
  /** Over honest candidates and overclaimers (rapid guessers excluded). */
  readonly meanItems: number;
  readonly meanSe: number;
  /** Honest candidates by the level they claimed: where the false flags come from. */
  readonly honestByClaim: readonly ClaimSummary[];
}

export interface ClaimSummary {
  readonly claimed: Level;
  readonly n: number;
  readonly overstatedRate: number;
  readonly meanItems: number;
}

/** Items per level in a 30-item pool, in the proportions of the shipped bank (3/5/8/8/8 of 32). */
const ITEMS_PER_LEVEL: Readonly<Record<RatedLevel, number>> = { 1: 3, 2: 5, 3: 7, 4: 7, 5: 8 };
/** Authored b of an item written for a level (the item-bank's bands, docs/item-bank.md). */
const B_BANDS: Readonly<Record<RatedLevel, readonly [number, number]>> = {
  1: [-2.5, -1.5],
  2: [-1.5, -0.5],
  3: [-0.5, 0.5],
  4: [0.5, 1.25],
  5: [1.25, 2.5],
};
const RATED: readonly RatedLevel[] = [1, 2, 3, 4, 5];
export const POOL_SIZE = RATED.reduce((sum, level) => sum + ITEMS_PER_LEVEL[level], 0);

export interface SimItem {
  readonly authored: PoolItem;
  readonly truth: ItemParams;
  readonly typicalMs: number;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

export function makePool(
  random: RandomSource,
  skill: number,
  perturbation: Perturbation,
): SimItem[] {
  const items: SimItem[] = [];
  for (const level of RATED) {
    const [lo, hi] = B_BANDS[level];
    for (let k = 0; k < ITEMS_PER_LEVEL[level]; k++) {
      const authored: PoolItem = {
        id: `s${skill}-l${level}-${k}`,
        a: clamp(gaussian(random, 1.5, 0.2), 0.8, 2.0),
        b: uniform(random, lo, hi),
        c: 0.25,
      };
      const truth: ItemParams = {
        a: authored.a * Math.exp(gaussian(random, 0, perturbation.aLogSd)),
        b: authored.b + gaussian(random, 0, perturbation.bSd),
        c: clamp(authored.c + gaussian(random, 0, perturbation.cSd), 0, 0.5),
      };
      items.push({ authored, truth, typicalMs: uniform(random, 30_000, 90_000) });
    }
  }
  return items;
}

export interface Candidate {
  readonly group: Group;
  readonly theta: number;
  readonly claimed: Level;
}

export function makeCandidate(group: Group, random: RandomSource): Candidate {
  switch (group) {
    case 'honest_novice': {
      const theta = uniform(random, -2, 0);
      return { group, theta, claimed: levelOf(theta) };
    }
    case 'honest_working': {
      const theta = uniform(random, 0, 1);
      return { group, theta, claimed: levelOf(theta) };
    }
    case 'honest_expert': {
      const theta = uniform(random, 1, 2.5);
      return { group, theta, claimed: levelOf(theta) };
    }
    case 'overclaimer': {
      // True level 1-3, claim two or three levels higher (at most expert).
      const theta = uniform(random, -2, 1);
      const gap = random() < 0.5 ? 2 : 3;
      return { group, theta, claimed: Math.min(5, levelOf(theta) + gap) as Level };
    }
    case 'rapid_guesser': {
      // An honest claim, then clicking through: what the integrity flags are for.
      const theta = clamp(gaussian(random), -3, 3);
      return { group, theta, claimed: levelOf(theta) };
    }
  }
}

interface Outcome {
  readonly group: Group;
  readonly claimed: Level;
  readonly theta: number;
  readonly estimate: number;
  readonly se: number;
  readonly items: number;
  readonly verdict: Verdict;
  readonly effortFlagged: boolean;
  readonly lzFlagged: boolean;
}

function runCandidate(
  candidate: Candidate,
  pool: readonly SimItem[],
  random: RandomSource,
  settings: EngineSettings,
): Outcome {
  const byId = new Map(pool.map((item) => [item.authored.id, item]));
  const authored = pool.map((item) => item.authored);
  const responses: AnsweredItem[] = [];
  const rapid: boolean[] = [];
  for (;;) {
    const state: SkillState = { claimed: candidate.claimed, responses };
    const step = nextStep(authored, state, settings, random);
    if (step.done) {
      const result = skillResult(state, step.reason, settings);
      const effort = responseTimeEffort(rapid, settings.integrity);
      const fit = personFit(responses, result.theta, settings.integrity);
      return {
        group: candidate.group,
        claimed: candidate.claimed,
        theta: candidate.theta,
        estimate: result.theta,
        se: result.se,
        items: result.itemsUsed,
        verdict: result.verdict,
        effortFlagged: effort?.flagged ?? false,
        lzFlagged: fit?.flagged ?? false,
      };
    }
    const served = byId.get(step.item.id);
    if (!served) throw new Error(`unknown item ${step.item.id}`);
    const guessing = candidate.group === 'rapid_guesser';
    // A guesser picks one of four options blindly; everyone else answers by the true parameters.
    const correct = random() < (guessing ? 0.25 : probability(candidate.theta, served.truth));
    const ms = guessing
      ? uniform(random, 500, 4_000)
      : served.typicalMs * Math.exp(gaussian(random, 0, 0.35));
    rapid.push(isRapidGuess(ms, served.typicalMs, settings.integrity));
    // The engine scores with the authored parameters, as it would in production.
    responses.push({ id: step.item.id, item: step.item, correct });
  }
}

const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
const share = <T>(xs: readonly T[], pick: (x: T) => boolean): number =>
  xs.length === 0 ? NaN : xs.filter(pick).length / xs.length;

function summarise(group: Group, outcomes: readonly Outcome[]): GroupSummary {
  const verdicts: Record<Verdict, number> = {
    overstated: 0,
    understated: 0,
    consistent: 0,
    insufficient_evidence: 0,
  };
  for (const o of outcomes) verdicts[o.verdict]++;
  return {
    group,
    n: outcomes.length,
    verdicts,
    overstatedRate: share(outcomes, (o) => o.verdict === 'overstated'),
    meanItems: mean(outcomes.map((o) => o.items)),
    meanSe: mean(outcomes.map((o) => o.se)),
    rmse: Math.sqrt(mean(outcomes.map((o) => (o.estimate - o.theta) ** 2))),
    effortFlagRate: share(outcomes, (o) => o.effortFlagged),
    lzFlagRate: share(outcomes, (o) => o.lzFlagged),
  };
}

/**
 * Deterministic for a given seed. Pools and candidates come from streams of their own, so two runs
 * with different settings but the same seed see the same items and the same people (common random
 * numbers): differences between rules are then not sampling noise between populations.
 */
export function simulate(options: SimulationOptions): SimulationReport {
  const { seed, perGroup } = options;
  const skills = options.skills ?? 10;
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const perturbation = options.perturbation ?? DEFAULT_PERTURBATION;
  if (!Number.isInteger(perGroup) || perGroup < 1) throw new RangeError('perGroup must be >= 1');
  if (!Number.isInteger(skills) || skills < 1) throw new RangeError('skills must be >= 1');

  const poolRandom = mulberry32(derivedSeed(seed, 0));
  const pools = Array.from({ length: skills }, (_, s) => makePool(poolRandom, s, perturbation));
  const outcomes: Outcome[] = [];
  GROUPS.forEach((group, g) => {
    for (let i = 0; i < perGroup; i++) {
      const index = 1 + g * perGroup + i;
      const people = mulberry32(derivedSeed(seed, 2 * index));
      const answers = mulberry32(derivedSeed(seed, 2 * index + 1));
      const pool = pools[i % skills] ?? [];
      outcomes.push(runCandidate(makeCandidate(group, people), pool, answers, settings));
    }
  });
  const groups = GROUPS.map((group) =>
    summarise(
      group,
      outcomes.filter((o) => o.group === group),
    ),
  );
  const honest = outcomes.filter((o) => HONEST.includes(o.group));
  const scored = outcomes.filter((o) => o.group !== 'rapid_guesser');
  return {
    seed,
    perGroup,
    skills,
    poolSize: POOL_SIZE,
    perturbation,
    settings,
    groups,
    sensitivity: share(
      outcomes.filter((o) => o.group === 'overclaimer'),
      (o) => o.verdict === 'overstated',
    ),
    falseFlagRate: share(honest, (o) => o.verdict === 'overstated'),
    meanItems: mean(scored.map((o) => o.items)),
    meanSe: mean(scored.map((o) => o.se)),
    honestByClaim: ([0, 1, 2, 3, 4, 5] as const).flatMap((claimed): ClaimSummary[] => {
      const these = honest.filter((o) => o.claimed === claimed);
      if (these.length === 0) return [];
      return [
        {
          claimed,
          n: these.length,
          overstatedRate: share(these, (o) => o.verdict === 'overstated'),
          meanItems: mean(these.map((o) => o.items)),
        },
      ];
    }),
  };
}

const fixed = (x: number, digits: number): string => (Number.isNaN(x) ? '-' : x.toFixed(digits));

/** Per-group results of one run as a markdown table. */
export function groupTable(report: SimulationReport): string {
  const lines = [
    '| group | n | overstated | understated | consistent | insufficient | mean items | mean SE | RMSE | RTE flag | lz flag |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const g of report.groups) {
    const rate = (v: Verdict): string => fixed(g.verdicts[v] / g.n, 3);
    lines.push(
      `| ${g.group} | ${g.n} | ${rate('overstated')} | ${rate('understated')} | ${rate('consistent')} | ` +
        `${rate('insufficient_evidence')} | ${fixed(g.meanItems, 2)} | ${fixed(g.meanSe, 3)} | ` +
        `${fixed(g.rmse, 3)} | ${fixed(g.effortFlagRate, 3)} | ${fixed(g.lzFlagRate, 3)} |`,
    );
  }
  return lines.join('\n');
}

/** False flags of honest candidates by claimed level. */
export function claimTable(report: SimulationReport): string {
  const lines = [
    '| honest claim | n | flagged overstated | mean items |',
    '| --- | --- | --- | --- |',
  ];
  for (const c of report.honestByClaim) {
    lines.push(
      `| ${c.claimed} (${LEVEL_NAMES[c.claimed]}) | ${c.n} | ${fixed(c.overstatedRate, 3)} | ${fixed(c.meanItems, 2)} |`,
    );
  }
  return lines.join('\n');
}

/** One row per named run: the trade-off between catching overclaims, sparing honest claims and length. */
export function comparisonTable(
  runs: readonly { name: string; report: SimulationReport }[],
): string {
  const lines = [
    '| rule | sensitivity (overclaims 2+ levels) | false flags (honest claims) | mean items | mean SE |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const { name, report } of runs) {
    lines.push(
      `| ${name} | ${fixed(report.sensitivity, 3)} | ${fixed(report.falseFlagRate, 3)} | ` +
        `${fixed(report.meanItems, 2)} | ${fixed(report.meanSe, 3)} |`,
    );
  }
  return lines.join('\n');
}
