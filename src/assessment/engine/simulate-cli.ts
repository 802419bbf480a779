/**
 * Prints the simulation's tables (docs/assessment-simulation.md) for the shipped rule and the
 * alternatives DESIGN.md compares it with.
 *   npx ts-node --transpile-only src/assessment/engine/simulate-cli.ts [--seed 20250601] [--n 2000]
 */
import { claimTable, comparisonTable, groupTable, simulate, SimulationReport } from './simulate';
import { DEFAULT_SETTINGS, EngineSettings } from './settings';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value)) throw new Error(`--${name} needs an integer`);
  return value;
}

const seed = option('seed', 20250601);
const perGroup = option('n', 2000);

// Looser means stopping and flagging at 0.90: stopping at 0.90 while still flagging at 0.95 would
// only end quizzes before the flag can be reached.
const looser: EngineSettings = {
  ...DEFAULT_SETTINGS,
  stopping: { ...DEFAULT_SETTINGS.stopping, decision: { upper: 0.9, lower: 0.05, minItems: 4 } },
  verdict: { ...DEFAULT_SETTINGS.verdict, overstated: 0.9 },
};
const seOnly: EngineSettings = {
  ...DEFAULT_SETTINGS,
  selection: { ...DEFAULT_SETTINGS.selection, target: 'estimate' },
  stopping: { ...DEFAULT_SETTINGS.stopping, decision: null },
};

const shipped = simulate({ seed, perGroup });
const runs: { name: string; report: SimulationReport }[] = [
  { name: 'shipped: threshold after 2, decide 0.95/0.05 after 6, SE 0.4, cap 12', report: shipped },
  {
    name: 'looser: decide and flag at 0.90, 0.05, after 4',
    report: simulate({ seed, perGroup, settings: looser }),
  },
  {
    name: 'SE-only: select at estimate, SE 0.4, cap 12',
    report: simulate({ seed, perGroup, settings: seOnly }),
  },
  {
    name: 'shipped, but a wider N(0, 2^2) prior (not shipped)',
    report: simulate({
      seed,
      perGroup,
      settings: { ...DEFAULT_SETTINGS, prior: { mean: 0, sd: 2 } },
    }),
  },
  {
    name: 'shipped, answers from the exact authored parameters (circular)',
    report: simulate({ seed, perGroup, perturbation: { aLogSd: 0, bSd: 0, cSd: 0 } }),
  },
  {
    name: 'shipped, perturbation doubled (log a sd 0.4, b sd 0.6, c sd 0.1)',
    report: simulate({ seed, perGroup, perturbation: { aLogSd: 0.4, bSd: 0.6, cSd: 0.1 } }),
  },
];

const p = shipped.perturbation;
process.stdout.write(
  [
    `Seed ${seed}, ${perGroup} candidates per group, ${shipped.skills} pools of ${shipped.poolSize} items; ` +
      `true parameters perturbed: log a sd ${p.aLogSd}, b sd ${p.bSd}, c sd ${p.cSd}.`,
    '',
    '### Shipped rule, per group',
    '',
    groupTable(shipped),
    '',
    '### Shipped rule, honest claims by claimed level',
    '',
    claimTable(shipped),
    '',
    '### Stopping rules compared (same seed, same candidates and items)',
    '',
    comparisonTable(runs),
    '',
  ].join('\n'),
);
