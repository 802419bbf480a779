/**
 * docs/validation.md as a pure function of the simulation's results: the tables and the sentences
 * that quote numbers are generated, the explanations around them are fixed, so re-running the
 * command with the same seed and N reproduces the document.
 */
import { correctedRate } from './checklist';
import { LEVEL_NAMES } from './levels';
import { EngineSettings } from './settings';
import {
  CHECKLIST_BEHAVIOUR,
  ClaimSummary,
  Group,
  GROUPS,
  GroupSummary,
  HONEST_GROUPS as HONEST,
  Rate,
  SimulationReport,
} from './simulate';
import { TERM_DIFFICULTY_RANGE, TERM_SLOPE } from './simulate-bank';

/** The issue's targets for the harness. */
export const TARGETS = { sensitivity: 0.85, falseFlags: 0.05, meanItemsPerSkill: 10 } as const;

export interface NamedRun {
  readonly name: string;
  readonly report: SimulationReport;
}

export interface TargetCheck {
  readonly sensitivity: boolean;
  readonly falseFlags: boolean;
  /** Every skill's mean number of items within the target (so the pooled mean is too). */
  readonly items: boolean;
  readonly all: boolean;
}

export const worstSkillItems = (report: SimulationReport): number =>
  Math.max(...report.perSkill.map((s) => s.meanItems));

export function checkTargets(report: SimulationReport): TargetCheck {
  const sensitivity = report.sensitivity.rate >= TARGETS.sensitivity;
  const falseFlags = report.falseFlags.rate <= TARGETS.falseFlags;
  const items = worstSkillItems(report) <= TARGETS.meanItemsPerSkill;
  return { sensitivity, falseFlags, items, all: sensitivity && falseFlags && items };
}

/**
 * How far a run clears its targets, in standard errors: the smallest of the margins of sensitivity,
 * false flags and each skill's mean number of items (negative when a target is missed). A rule that
 * clears a target by a hair in one sample is likely to miss it in the next.
 */
export function targetMargin(report: SimulationReport): number {
  const z = (gap: number, se: number): number =>
    se > 0 ? gap / se : gap >= 0 ? Infinity : -Infinity;
  const rate = (r: Rate): number => Math.sqrt((r.rate * (1 - r.rate)) / r.n);
  const { sensitivity, falseFlags } = report;
  return Math.min(
    z(sensitivity.rate - TARGETS.sensitivity, rate(sensitivity)),
    z(TARGETS.falseFlags - falseFlags.rate, rate(falseFlags)),
    ...report.perSkill.map((s) =>
      z(TARGETS.meanItemsPerSkill - s.meanItems, s.sdItems / Math.sqrt(s.n)),
    ),
  );
}

/** Share of the honest groups given the verdict consistent. */
export function honestConsistentRate(report: SimulationReport): number {
  const honest = report.groups.filter((g) => HONEST.includes(g.group));
  const n = honest.reduce((s, g) => s + g.n, 0);
  return n === 0 ? NaN : honest.reduce((s, g) => s + g.verdicts.consistent, 0) / n;
}

/** A rule may not buy its numbers by calling fewer honest claims consistent than the shipped rule does. */
export const CONSISTENT_SLACK = 0.02;

/**
 * The rule to recommend: among the runs meeting all three targets that call honest claims
 * consistent about as often as the first (shipped) run, the one with the largest margin
 * (targetMargin). Undefined when no run qualifies.
 */
export function recommend(runs: readonly NamedRun[]): NamedRun | undefined {
  const shipped = runs[0];
  if (!shipped) return undefined;
  const floor = honestConsistentRate(shipped.report) - CONSISTENT_SLACK;
  return runs
    .filter((run) => checkTargets(run.report).all && honestConsistentRate(run.report) >= floor)
    .reduce<NamedRun | undefined>(
      (best, run) =>
        best === undefined || targetMargin(run.report) > targetMargin(best.report) ? run : best,
      undefined,
    );
}

export const fixed = (x: number, digits = 3): string =>
  Number.isFinite(x) ? x.toFixed(digits) : '-';
const withCi = (r: Rate): string =>
  Number.isFinite(r.rate) ? `${fixed(r.rate)} (${fixed(r.low)}-${fixed(r.high)})` : '-';
const share = (count: number, n: number): string => (n === 0 ? '-' : fixed(count / n));
const yes = (ok: boolean): string => (ok ? 'yes' : 'no');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const group = (report: SimulationReport, name: Group): GroupSummary => {
  const found = report.groups.find((g) => g.group === name);
  if (!found) throw new Error(`no summary for ${name}`);
  return found;
};

/** One line describing the selection and stopping rule of a settings object. */
export function describeRule(settings: EngineSettings): string {
  const { selection, stopping, verdict, prior } = settings;
  const select =
    selection.target === 'estimate'
      ? `select at the estimate (top ${selection.topK})`
      : `select at the estimate for ${selection.itemsAtEstimate}, then at the claimed threshold (top ${selection.topK})`;
  const decide = stopping.decision
    ? `stop once P(below) >= ${stopping.decision.upper} or <= ${stopping.decision.lower} after ${stopping.decision.minItems}`
    : 'no decision stop';
  return (
    `${select}; ${decide}; else SE <= ${stopping.seTarget} or ${stopping.maxItems} items; ` +
    `flag overstated at ${verdict.overstated}; prior N(${prior.mean}, ${prior.sd}^2)`
  );
}

export function headlineTable(report: SimulationReport): string {
  const check = checkTargets(report);
  const gray = report.grayZone;
  return table(
    ['measure', 'target', 'result (95% interval)', 'met'],
    [
      [
        'sensitivity: claims 2+ levels too high flagged overstated',
        `>= ${TARGETS.sensitivity}`,
        withCi(report.sensitivity),
        yes(check.sensitivity),
      ],
      [
        'false flags: honest claims flagged overstated (three honest groups pooled)',
        `<= ${TARGETS.falseFlags}`,
        withCi(report.falseFlags),
        yes(check.falseFlags),
      ],
      [
        'mean items per skill (worst of the skills; all groups but rapid guessers)',
        `<= ${TARGETS.meanItemsPerSkill}`,
        `${fixed(worstSkillItems(report), 2)} (pooled ${fixed(report.meanItems, 2)})`,
        yes(check.items),
      ],
      ['gray zone: claims 1 level too high flagged overstated', 'none', withCi(gray), '-'],
      [
        'honest claims of advanced or expert flagged overstated',
        'none',
        withCi(report.highClaimFalseFlags),
        '-',
      ],
      ['theta RMSE (EAP vs true; all groups but rapid guessers)', 'none', fixed(report.rmse), '-'],
      ['mean SE (same candidates)', 'none', fixed(report.meanSe), '-'],
    ],
  );
}

export function groupTable(report: SimulationReport): string {
  return table(
    [
      'group',
      'n',
      'overstated',
      'understated',
      'consistent',
      'insufficient',
      'mean items',
      'mean SE',
      'RMSE',
      'stopped: decided',
      'precision',
      'cap',
    ],
    report.groups.map((g) => [
      g.group,
      String(g.n),
      share(g.verdicts.overstated, g.n),
      share(g.verdicts.understated, g.n),
      share(g.verdicts.consistent, g.n),
      share(g.verdicts.insufficient_evidence, g.n),
      fixed(g.meanItems, 2),
      fixed(g.meanSe),
      fixed(g.rmse),
      share(g.stopReasons.decided, g.n),
      share(g.stopReasons.precision, g.n),
      share(g.stopReasons.item_cap, g.n),
    ]),
  );
}

export function claimTable(report: SimulationReport): string {
  const find = (xs: readonly ClaimSummary[], level: number): ClaimSummary | undefined =>
    xs.find((c) => c.claimed === level);
  const levels = [0, 1, 2, 3, 4, 5].filter(
    (level) =>
      find(report.falseFlagsByClaim, level) !== undefined ||
      find(report.grayZoneByClaim, level) !== undefined,
  );
  return table(
    [
      'claimed level',
      'honest: n',
      'honest: flagged overstated',
      'honest: mean items',
      'gray zone: n',
      'gray zone: flagged overstated',
      'gray zone: mean items',
    ],
    levels.map((level) => {
      const honest = find(report.falseFlagsByClaim, level);
      const gray = find(report.grayZoneByClaim, level);
      return [
        `${level} (${LEVEL_NAMES[level as keyof typeof LEVEL_NAMES]})`,
        honest ? String(honest.overstated.n) : '0',
        honest ? withCi(honest.overstated) : '-',
        honest ? fixed(honest.meanItems, 2) : '-',
        gray ? String(gray.overstated.n) : '0',
        gray ? withCi(gray.overstated) : '-',
        gray ? fixed(gray.meanItems, 2) : '-',
      ];
    }),
  );
}

export function skillTable(report: SimulationReport): string {
  return table(
    ['skill', 'items in bank', 'n', 'mean items', 'mean SE', 'RMSE', 'sensitivity', 'false flags'],
    report.perSkill.map((s, k) => [
      s.skill,
      String(report.itemsPerSkill[k] ?? '-'),
      String(s.n),
      fixed(s.meanItems, 2),
      fixed(s.meanSe),
      fixed(s.rmse),
      fixed(s.sensitivity.rate),
      fixed(s.falseFlags.rate),
    ]),
  );
}

export function checklistTable(report: SimulationReport): string {
  return table(
    [
      'group',
      'bluff rate (assumed)',
      'mean H',
      'mean FA',
      "mean d'",
      'mean c',
      'claimed >= 1 foil',
      'claimed >= 2 foils',
    ],
    report.groups.map((g) => {
      const behaviour = CHECKLIST_BEHAVIOUR[g.group];
      return [
        g.group,
        behaviour.kind === 'random' ? 'random ratings' : fixed(behaviour.bluff, 2),
        fixed(g.checklist.hitRate),
        fixed(g.checklist.falseAlarmRate),
        fixed(g.checklist.dPrime, 2),
        fixed(g.checklist.criterion, 2),
        fixed(g.checklist.anyFoil),
        fixed(g.checklist.twoFoils),
      ];
    }),
  );
}

export function integrityTable(report: SimulationReport): string {
  const { rapid } = report;
  return table(
    ['measure', 'rapid guessers', 'honest groups'],
    [
      [
        'response-time effort flag (RTE < 0.9)',
        withCi(rapid.rteFlag),
        withCi(report.honestRteFlag),
      ],
      ['person-fit flag (lz < -1.645)', withCi(rapid.lzFlag), withCi(report.honestLzFlag)],
      ['either flag', withCi(rapid.eitherFlag), '-'],
      [
        'flagged overstated',
        withCi(group(report, 'rapid_guesser').overstated),
        withCi(report.falseFlags),
      ],
      [
        'of those flagged overstated: RTE flag shown beside it',
        withCi(rapid.overstatedWithRteFlag),
        '-',
      ],
    ],
  );
}

export function comparisonTable(runs: readonly NamedRun[]): string {
  return table(
    [
      'rule',
      'sensitivity',
      'false flags',
      'honest advanced/expert flagged',
      'gray zone flagged',
      'honest consistent',
      'mean items (worst skill)',
      'mean SE',
      'meets all targets',
    ],
    runs.map(({ name, report }) => {
      const check = checkTargets(report);
      return [
        name,
        fixed(report.sensitivity.rate),
        fixed(report.falseFlags.rate),
        fixed(report.highClaimFalseFlags.rate),
        fixed(report.grayZone.rate),
        honestConsistent(report),
        `${fixed(report.meanItems, 2)} (${fixed(worstSkillItems(report), 2)})`,
        fixed(report.meanSe),
        check.all
          ? 'yes'
          : `no (${[
              check.sensitivity ? '' : 'sensitivity',
              check.falseFlags ? '' : 'false flags',
              check.items ? '' : 'items',
            ]
              .filter(Boolean)
              .join(', ')})`,
      ];
    }),
  );
}

export function calibrationTable(runs: readonly NamedRun[]): string {
  return table(
    ['answers generated from', 'sensitivity', 'false flags', 'gray zone flagged', 'RMSE'],
    runs.map(({ name, report }) => [
      name,
      fixed(report.sensitivity.rate),
      fixed(report.falseFlags.rate),
      fixed(report.grayZone.rate),
      fixed(report.rmse),
    ]),
  );
}

const POPULATION: Readonly<Record<Group, string>> = {
  honest_novice: 'theta ~ U(-2, 0) (aware or beginner); claims their true level',
  honest_working: 'theta ~ U(0, 1) (working); claims their true level',
  honest_expert: 'theta ~ U(1, 2.5) (advanced or expert); claims their true level',
  understater:
    'theta ~ U(-1, 2.5) (true level 2-5); claims 1 or 2 levels below it (equally often), so a true beginner may claim none',
  overclaimer_2plus:
    'theta ~ U(-2, 1) (true level 1-3); claims 2 or 3 levels above it (equally often), capped at expert (5)',
  overclaimer_1: 'theta ~ U(-2, 1.5) (true level 1-4); claims one level above it (the gray zone)',
  rapid_guesser:
    'theta ~ N(0, 1) clamped to [-3, 3]; claims their true level, then clicks through a share U(0.5, 1) of the items',
};

export interface ValidationInput {
  /** The command that reproduces the document. */
  readonly command: string;
  /** Stopping rules compared; the first is the shipped rule, with full tables. */
  readonly rules: readonly NamedRun[];
  /** The shipped rule with smaller and larger calibration error. */
  readonly calibration: readonly NamedRun[];
  /** The shipped and the recommended rule again on another seed: new people, answers and true parameters. */
  readonly replication?: { readonly seed: number; readonly runs: readonly NamedRun[] };
}

export function renderValidationDoc(input: ValidationInput): string {
  const shippedRun = input.rules[0];
  if (!shippedRun) throw new Error('renderValidationDoc needs at least the shipped rule');
  const r = shippedRun.report;
  const check = checkTargets(r);
  const p = r.perturbation;
  const met = (ok: boolean): string => (ok ? 'meets' : 'misses');
  const seOnly = input.rules.find((run) => run.report.settings.stopping.decision === null);
  const lowClaims = r.falseFlagsByClaim.filter((c) => c.claimed <= 3);
  const lowClaimMax = Math.max(...lowClaims.map((c) => c.overstated.rate));
  const understater = group(r, 'understater');
  const rapid = group(r, 'rapid_guesser');
  const over = group(r, 'overclaimer_2plus');
  const honestD = honestDPrimes(r);
  const honestPerSkill =
    honestGroups(r).reduce((sum, g) => sum + g.n, 0) / Math.max(1, r.skills.length);
  const best = recommend(input.rules);
  const totalCandidates = r.perGroup * GROUPS.length;
  const items = r.itemsPerSkill;
  const sameSize = items.every((n) => n === items[0]);

  const lines: string[] = [
    '# Validation: the assessment simulation',
    '',
    "This is the project's own evidence that the adaptive quiz catches overstated skill claims without flagging honest",
    'people (DESIGN.md, "Assessment science"). The harness (`src/assessment/engine/simulate.ts`) generates synthetic',
    'candidates whose true ability and claimed level are known, runs each through the real engine (`nextStep` and',
    '`skillResult` in `src/assessment/engine/cat.ts`, the functions the attempts API calls) on the real shipped item bank',
    "(`content/item-bank/*.json`), and counts the verdicts. Each candidate also fills in the skill's familiarity checklist,",
    "scored with the engine's `checklist.ts`.",
    '',
    'This file is generated; do not edit it by hand. Reproduce it (same seed and N give the same file) with:',
    '',
    '```',
    input.command,
    '```',
    '',
    `## Headline (seed ${r.seed}, ${r.perGroup} candidates per group)`,
    '',
    `Shipped rule: ${describeRule(r.settings)}.`,
    '',
    headlineTable(r),
    '',
    `The shipped rule ${met(check.sensitivity)} the sensitivity target, ${met(check.falseFlags)} the false-flag target and ` +
      `${met(check.items)} the length target. ` +
      (best
        ? `Of the rules compared below, the one recommended is "${best.name}" (see "Recommendation").`
        : 'None of the rules compared below meets all three targets (see "Recommendation").'),
    '',
    '## Set-up',
    '',
    `- **Bank.** The shipped bank: ${r.skills.length} skills, ` +
      (sameSize ? `${items[0]} four-option items each` : `${items.join('/')} items`) +
      ", with the authored a, b, c the engine scores with, and each skill's checklist terms " +
      `(${describeCounts(r.termsPerSkill)} a skill, ${describeCounts(r.foilsPerSkill)} of them foils).`,
    `- **Answers come from perturbed parameters.** For each run, every item gets fixed "true" parameters: ` +
      `a x exp(N(0, ${p.aLogSd}^2)), b + N(0, ${p.bSd}^2), c + N(0, ${p.cSd}^2) clamped to [0, 0.5]; a draw equal to ` +
      'the authored value is redrawn, and a zero SD is refused. Candidates answer by the true parameters; the engine ' +
      'scores with the authored ones, as it will until the items are calibrated. Answering from the exact authored ' +
      'parameters would make the result circular.',
    `- **Candidates.** ${r.perGroup} per group, ${totalCandidates} in all; each takes one skill (the skills in turn, so ` +
      'every skill gets about the same number of each group):',
    '',
    ...GROUPS.map((g) => `  - \`${g}\`: ${POPULATION[g]}.`),
    '',
    "  A read item is answered correctly with the 3PL probability at the true parameters, in the item's typical time " +
      '(U(30, 90) s, drawn once per item: the bank has no response history yet) x exp(N(0, 0.35^2)). A rapid guess is ' +
      'right with probability 0.25 and takes U(0.5, 4) s.',
    `- **Checklist.** Each candidate rates the skill's terms 0-4. A real term is known with probability ` +
      `logistic(${TERM_SLOPE} (theta - d)), the real terms' d spread evenly over [${TERM_DIFFICULTY_RANGE[0]}, ` +
      `${TERM_DIFFICULTY_RANGE[1]}] in file order (the bank authors no term difficulty). A known term is claimed ` +
      '(rated 2-4) unless the candidate is modest; an unknown term, foils included, is claimed at the group\'s "bluff" ' +
      `rate, else rated 0-1. Bluff and modesty rates: ${describeBehaviour()}. ` +
      '**These rates are assumptions**, chosen to be plausible: ' +
      'Paulhus, Harms, Bruce and Lysy (2003, Journal of Personality and Social Psychology 84(4)) report that ' +
      'over-claimers endorse non-existent items far more often than others, but the numbers here are not taken from ' +
      "that study. H, FA, d' and c are the engine's (claimed = rating >= 2; 0 or 1 rates corrected).",
    '- **Measures.** Sensitivity: share of `overclaimer_2plus` flagged overstated. False flags: share of the three ' +
      'honest groups flagged overstated. Gray zone: share of `overclaimer_1` flagged overstated (no target: a claim ' +
      'one level too high often sits within one SE of the truth). Mean items, mean SE and RMSE (EAP estimate against ' +
      'true theta) over all groups but rapid guessers. Intervals are Wilson 95% intervals.',
    "- **Common random numbers.** The true item parameters, the people, each person's answer to each item and " +
      'their checklist ratings come from streams of their own, so the rules compared below see the same items, ' +
      "people and answers: their differences are the rules', not sampling noise between populations.",
    '',
    '## Results under the shipped rule',
    '',
    '### Verdicts by group',
    '',
    groupTable(r),
    '',
    '### False flags and the gray zone by claimed level',
    '',
    claimTable(r),
    '',
    '### Per skill',
    '',
    skillTable(r),
    '',
    '### Checklist indices by group',
    '',
    checklistTable(r),
    '',
    '### Rapid guessers and integrity flags',
    '',
    integrityTable(r),
    '',
    '## Stopping rules compared',
    '',
    'Same seed, same candidates, same answers. "Honest advanced/expert flagged" is the false-flag rate of honest claims ' +
      'of 4 or 5 alone; "honest consistent" is the share of honest candidates given the verdict consistent. The ' +
      'looser rule stops and flags at 0.90 (stopping at 0.90 while flagging at 0.95 would only end quizzes before the ' +
      'flag can be reached); the "stop at ..., flag at 0.95" rules move only the stopping line, so a candidate ' +
      'between the two lines takes more items and is flagged at the end if still past 0.95.',
    '',
    comparisonTable(input.rules),
    '',
    ...input.rules.map(({ name, report }) => `- ${name}: ${describeRule(report.settings)}.`),
    '',
    '## Calibration error',
    '',
    'The shipped rule with the item parameters the candidates answer by perturbed less and more than the default ' +
      '(the engine always scores with the authored ones).',
    '',
    calibrationTable(input.calibration),
    '',
    '## Reading the numbers',
    '',
    `- **Overclaims.** ${fixed(r.sensitivity.rate)} of claims two or more levels too high are flagged ` +
      `overstated (target ${TARGETS.sensitivity}), in ${fixed(over.meanItems, 2)} items on average; ` +
      `${share(over.stopReasons.decided, over.n)} of them stop early as decided. DESIGN.md's tuning on a synthetic ` +
      'pool gave ~0.90.',
    `- **False flags${r.highClaimFalseFlags.rate > lowClaimMax ? ' concentrate on high honest claims' : ''}.** ` +
      `Pooled, ${fixed(r.falseFlags.rate)} of honest claims are ` +
      `flagged (target ${TARGETS.falseFlags}); honest claims of aware to working are flagged at most ` +
      `${fixed(lowClaimMax)}, honest claims of advanced or expert at ${fixed(r.highClaimFalseFlags.rate)}. The pooled ` +
      `rate therefore depends on the mix: here ${fixed(r.highClaimFalseFlags.n / r.falseFlags.n, 2)} of honest ` +
      'candidates claim advanced or expert. Three causes ' +
      'add up: the decision rule looks at P(theta < t(claimed)) after every item from the minimum on, and each look is ' +
      'another chance to cross the flag line' +
      (seOnly
        ? ` (the SE-only rule, which judges once at the end, flags ${fixed(seOnly.report.highClaimFalseFlags.rate)} of ` +
          `them, at ${fixed(seOnly.report.meanItems, 2)} items)`
        : '') +
      `; the N(${r.settings.prior.mean}, ${r.settings.prior.sd}^2) prior pulls high abilities down (it puts ` +
      `${fixed(normalCdf((r.settings.thresholds[5] - r.settings.prior.mean) / r.settings.prior.sd), 2)} of its ` +
      `mass below t(5) = ${r.settings.thresholds[5]}); and honest experts ` +
      'just above t(5) or t(4) are within one SE of the line, where a four-option quiz of 6-12 items cannot tell them ' +
      'from someone just below.',
    `- **The gray zone.** ${fixed(r.grayZone.rate)} of claims one level too high are flagged, ` +
      `${claimSpread(r.grayZoneByClaim)} by claimed level. A claim one level too high is often within an SE ` +
      `(${fixed(r.meanSe, 2)} on average here) of the truth, and the verdict flags only what the quiz shows with ` +
      `${r.settings.verdict.overstated} confidence; high claims are flagged more often for the same reasons as honest ` +
      'high claims (above). The checklist and the reviewer are the other signals.',
    `- **Understaters** are flagged overstated ${share(understater.verdicts.overstated, understater.n)} of the time; ` +
      `${share(understater.verdicts.understated, understater.n)} are called understated, ` +
      `${share(understater.verdicts.consistent, understater.n)} consistent and ` +
      `${share(understater.verdicts.insufficient_evidence, understater.n)} insufficient evidence. The shipped rule ` +
      "serves the overstated question: it selects items at the claimed level's threshold and stops once " +
      `P(theta < t(claimed)) <= ${r.settings.stopping.decision?.lower ?? '-'}, often before it has the evidence ` +
      'that the next level is reached.',
    `- **Rapid guessers** are flagged overstated ${fixed(rapid.overstated.rate)} of the time; ` +
      `${fixed(r.rapid.rteFlag.rate)} carry the response-time effort flag (of those flagged overstated, ` +
      `${fixed(r.rapid.overstatedWithRteFlag.rate)}), which is why the flag must be shown beside the verdicts. Person ` +
      `fit alone catches ${fixed(r.rapid.lzFlag.rate)}: guessing at c = 0.25 looks like low ability, not an aberrant ` +
      `pattern. On honest candidates the RTE flag fires ${fixed(r.honestRteFlag.rate)} and lz ` +
      `${fixed(r.honestLzFlag.rate)} of the time.`,
    `- **Checklist.** Honest groups reach mean d' ${honestD}. d' measures knowledge more than honesty: ` +
      `overclaimers (true level 1-3) reach ${fixed(over.checklist.dPrime, 2)}, and rapid guessers ` +
      `${fixed(rapid.checklist.dPrime, 2)}. What sets overclaimers apart is the false-alarm side: mean FA ` +
      `${fixed(over.checklist.falseAlarmRate)} against ${rangeOf(honestGroups(r).map((g) => g.checklist.falseAlarmRate))} ` +
      `for the honest groups, and ${fixed(over.checklist.twoFoils)} claiming two or more foils against ` +
      `${rangeOf(honestGroups(r).map((g) => g.checklist.twoFoils))}. With ${describeCounts(r.foilsPerSkill)} foils a ` +
      `skill, FA takes only the values ${faValues(r.foilsPerSkill[0] ?? 0)} (after the correction), so one skill's ` +
      "checklist is a coarse signal; a requisition's checklist pools the terms of several skills (DESIGN.md: 20-40 " +
      'terms), which makes FA finer.',
    `- **Precision.** Mean SE is ${fixed(r.meanSe)} and RMSE ${fixed(r.rmse)} under the shipped rule` +
      (seOnly
        ? ` (${fixed(seOnly.report.meanSe)} and ${fixed(seOnly.report.rmse)} with the SE-only rule's ` +
          `${fixed(seOnly.report.meanItems, 2)} items)`
        : '') +
      `: four-option items rarely reach SE ${r.settings.stopping.seTarget} within ${r.settings.stopping.maxItems} ` +
      `items (DESIGN.md: 13-16; here ${fixed(precisionShare(r))} of candidates stopped on precision), so many honest ` +
      'claims near a threshold end as insufficient evidence rather than consistent: ' +
      `${honestGroups(r)
        .map((g) => `${share(g.verdicts.insufficient_evidence, g.n)} of ${g.group}`)
        .join(', ')}.`,
    `- **Per skill**, false flags range ${rangeOf(r.perSkill.map((x) => x.falseFlags.rate))} and sensitivity ` +
      `${rangeOf(r.perSkill.map((x) => x.sensitivity.rate))}; with about ${fixed(honestPerSkill, 0)} honest ` +
      `candidates a skill, +-${fixed(1.96 * Math.sqrt((r.falseFlags.rate * (1 - r.falseFlags.rate)) / honestPerSkill))} ` +
      'around the pooled false-flag rate is sampling noise alone.',
    `- **Calibration error.** Across the perturbations simulated, sensitivity ranges ${range(input.calibration, (x) => x.sensitivity.rate)} ` +
      `and false flags ${range(input.calibration, (x) => x.falseFlags.rate)}; across the stopping rules compared, ` +
      `${range(input.rules, (x) => x.sensitivity.rate)} and ${range(input.rules, (x) => x.falseFlags.rate)}. ` +
      'Larger errors than those simulated (a badly mis-keyed or mis-levelled item) are for calibration to find.',
    '',
    '## Recommendation',
    '',
    ...recommendationText(input.rules, best),
    '',
    ...(input.replication
      ? [
          `The same rules on seed ${input.replication.seed} (other people, answers and true item parameters), as a ` +
            'check that the choice is not an accident of one sample. A new seed also redraws the true item ' +
            'parameters, so the spread between seeds includes calibration luck, not only sampling noise:',
          '',
          comparisonTable(input.replication.runs),
          '',
        ]
      : []),
    '## Limits',
    '',
    '- Synthetic results: the populations (uniform abilities, the group mix), the perturbation sizes, the ' +
      'response-time model and the checklist behaviour are assumptions stated above, and the numbers move with them.',
    '- One skill per candidate; a real attempt covers several skills, each stopped on its own, so the per-skill ' +
      'numbers carry over but a candidate-level false-flag rate (any skill flagged) is higher than the per-skill one.',
    '- No time limit is simulated (no "time" stops), and items are never exhausted (32 per skill, at most 12 used).',
    '- Re-run the harness when the stopping rule, the prior, the bank or its parameters change.',
    '',
  ];
  return lines.join('\n');
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, error < 1.5e-7): for the prose only. */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A margin in standard errors; infinite when a quantity does not vary (12 items every time). */
function signed(x: number): string {
  if (Number.isNaN(x)) return '-';
  return Number.isFinite(x) ? fixed(x, 1) : x > 0 ? 'inf' : '-inf';
}

function rangeOf(values: readonly number[]): string {
  return `${fixed(Math.min(...values))}-${fixed(Math.max(...values))}`;
}

const honestGroups = (report: SimulationReport): GroupSummary[] =>
  report.groups.filter((g) => HONEST.includes(g.group));

const precisionShare = (report: SimulationReport): number => {
  const n = report.groups.reduce((sum, g) => sum + g.n, 0);
  return report.groups.reduce((sum, g) => sum + g.stopReasons.precision, 0) / n;
};

/** "12" when every skill has the same count, else "10-12". */
function describeCounts(counts: readonly number[]): string {
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

/** The false-alarm rates n foils can give, with the 0/1 correction. */
function faValues(foils: number): string {
  return Array.from({ length: foils + 1 }, (_, x) => fixed(correctedRate(x, foils) ?? NaN)).join(
    ', ',
  );
}

function describeBehaviour(): string {
  return GROUPS.map((g) => {
    const b = CHECKLIST_BEHAVIOUR[g];
    return b.kind === 'random'
      ? `${g} rate every term at random`
      : `${g} bluff ${fixed(b.bluff, 2)}, modesty ${fixed(b.modesty, 2)}`;
  }).join('; ');
}

/** "0.040 (claim 2) to 0.534 (claim 4)": the lowest and highest rate over the claimed levels. */
function claimSpread(claims: readonly ClaimSummary[]): string {
  const rated = claims.filter((c) => Number.isFinite(c.overstated.rate));
  if (rated.length === 0) return 'no claims';
  const lo = rated.reduce((x, y) => (y.overstated.rate < x.overstated.rate ? y : x));
  const hi = rated.reduce((x, y) => (y.overstated.rate > x.overstated.rate ? y : x));
  return `from ${fixed(lo.overstated.rate)} (claim ${lo.claimed}) to ${fixed(hi.overstated.rate)} (claim ${hi.claimed})`;
}

function range(runs: readonly NamedRun[], pick: (r: SimulationReport) => number): string {
  const values = runs.map((run) => pick(run.report));
  return `${fixed(Math.min(...values))}-${fixed(Math.max(...values))}`;
}

function honestConsistent(report: SimulationReport): string {
  return fixed(honestConsistentRate(report));
}

function honestDPrimes(report: SimulationReport): string {
  const values = (['honest_novice', 'honest_working', 'honest_expert'] as const).map((g) =>
    fixed(group(report, g).checklist.dPrime, 2),
  );
  return `${values.join(', ')} (novice, working, expert: d' rises with ability, as real terms are known more)`;
}

function recommendationText(runs: readonly NamedRun[], best: NamedRun | undefined): string[] {
  const shipped = runs[0];
  if (!shipped) return [];
  const rule =
    'Rule for choosing: among the rules that meet all three targets, the one that clears them by the largest ' +
    'margin, counted in standard errors (the smallest of the margins of sensitivity, false flags and each ' +
    "skill's mean items decides): " +
    'a rule that clears a target by a hair in one sample is likely to miss it in the next. A rule must also call ' +
    `honest claims consistent at least as often as the shipped rule, less ${CONSISTENT_SLACK}: stopping sooner ` +
    'can cut items without moving a single flag, by turning consistent verdicts into insufficient evidence. ' +
    'Margins here: ' +
    runs.map((run) => `"${run.name}" ${signed(targetMargin(run.report))}`).join(', ') +
    '.';
  if (!best) {
    const closest = [...runs].sort(
      (x, y) =>
        Math.max(0, TARGETS.sensitivity - x.report.sensitivity.rate) +
        Math.max(0, x.report.falseFlags.rate - TARGETS.falseFlags) -
        (Math.max(0, TARGETS.sensitivity - y.report.sensitivity.rate) +
          Math.max(0, y.report.falseFlags.rate - TARGETS.falseFlags)),
    )[0];
    return [
      rule,
      '',
      `No rule compared meets all three targets in this run. Closest on sensitivity and false flags: "${closest?.name ?? '-'}".`,
    ];
  }
  const b = best.report;
  const s = shipped.report;
  return [
    rule,
    '',
    `**"${best.name}"** (${describeRule(b.settings)}): sensitivity ${fixed(b.sensitivity.rate)}, false flags ` +
      `${fixed(b.falseFlags.rate)}, ${fixed(b.meanItems, 2)} items on average (worst skill ` +
      `${fixed(worstSkillItems(b), 2)}), against the shipped rule's ${fixed(s.sensitivity.rate)}, ` +
      `${fixed(s.falseFlags.rate)} and ${fixed(s.meanItems, 2)}. ` +
      `Honest claims are called consistent ${honestConsistent(b)} of the time (shipped ${honestConsistent(s)}).` +
      (best === shipped
        ? ' The shipped rule is already the best of those compared.'
        : ' Adopting it means changing DEFAULT_SETTINGS in settings.ts and the stopping rule in DESIGN.md' +
          (b.settings.verdict.overstated !== s.settings.verdict.overstated
            ? ', and the verdict rule too, since it moves the flag line'
            : '; the verdict rule (flag at ' + String(s.settings.verdict.overstated) + ') stays') +
          '. Results already stored keep the settings they were computed with.'),
    '',
    `Even so, honest claims of advanced or expert are flagged at ${fixed(b.highClaimFalseFlags.rate)}: the pooled ` +
      'target is met because honest low and middle claims are almost never flagged. A reviewer should read an ' +
      'overstated verdict on an advanced or expert claim with P(theta < t(claimed)) near the flag line as weak ' +
      'evidence, together with the checklist.',
  ];
}
