/**
 * `npm run bench:engine`: one step of Sift's adaptive-testing engine against @bdelab/jscat 5.2.3 (a
 * devDependency), measured in the same run, on the same 1,000-item 3PL bank and the same response
 * histories. Absolute numbers drift with the machine; quote the ratio.
 *
 *   Sift:  nextStep() of src/assessment/engine/cat.ts, the function the server calls per request:
 *          EAP from the whole history (81-point grid over [-4, 4], N(0, 1) prior), the stopping
 *          check (set so that it never stops), then the unused item of maximum information at the
 *          estimate, randomesque among the top 5 with a seeded random source.
 *   jsCAT: new Cat({ method: 'EAP', itemSelect: 'MFI', minTheta: -4, maxTheta: 4, nStartItems: 0,
 *          priorDist: 'norm', priorPar: [0, 1] }), updateAbilityEstimate(history items, answers),
 *          findNextItem(remaining items). jsCAT's EAP uses the same 81 points and prior; its MFI
 *          takes the single most informative item (no randomesque). A fresh Cat per step, as a
 *          server that keeps no engine state between requests (Sift's design) would use it. The
 *          remaining items are handed over ready-made (Sift filters its pool itself), and with
 *          deepCopy false, since MFI does not modify its input; the default deepCopy true (a
 *          lodash cloneDeep of the remaining items) is reported too.
 *
 * Before timing, both sides must agree on theta within 0.01 and pick sensible items (exit 1 if not).
 */
import { Cat } from '@bdelab/jscat';
import { AnsweredItem, nextStep, SkillState, Step } from '../src/assessment/engine/cat';
import { information } from '../src/assessment/engine/irt';
import { mulberry32 } from '../src/assessment/engine/random';
import { PoolItem, RandomSource } from '../src/assessment/engine/select';
import { DEFAULT_SETTINGS, EngineSettings } from '../src/assessment/engine/settings';

const BANK_SIZE = Number(process.env.BENCH_ENGINE_ITEMS ?? 1000);
const LENGTHS = (process.env.BENCH_ENGINE_LENGTHS ?? '1,5,10,20').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Each timed round of one side runs for about this long. */
const ROUND_SECONDS = Number(process.env.BENCH_ENGINE_SECONDS ?? 0.5);
/**
 * A round is cut into this many slices, the sides taking turns slice by slice, so that a burst of
 * load from elsewhere on the machine falls on all of them alike rather than on one side's round.
 */
const SLICES = 10;
const SEED = 20261128;
const TOLERANCE = 0.01;
/** The simulated examinee whose answers make the histories. */
const TRUE_THETA = 0.7;

/** Sift's shipped settings, except that the next item is aimed at the estimate and nothing stops. */
const SETTINGS: EngineSettings = {
  ...DEFAULT_SETTINGS,
  selection: { ...DEFAULT_SETTINGS.selection, target: 'estimate' },
  stopping: { decision: null, seTarget: 0, maxItems: Number.MAX_SAFE_INTEGER },
};

interface JscatStimulus {
  id: string;
  a: number;
  b: number;
  c: number;
  d: number;
}

interface Case {
  length: number;
  state: SkillState;
  zetas: { a: number; b: number; c: number; d: number }[];
  answers: (0 | 1)[];
  remaining: JscatStimulus[];
}

function makeBank(): PoolItem[] {
  const random = mulberry32(SEED);
  return Array.from({ length: BANK_SIZE }, (_, i) => ({
    id: `item-${String(i).padStart(4, '0')}`,
    a: 0.8 + 1.2 * random(),
    b: -2.5 + 5 * random(),
    c: 0.25,
  }));
}

/** Histories as a real quiz makes them: Sift's own steps, answered by a simulated examinee. */
function makeCases(bank: readonly PoolItem[]): Case[] {
  const random = mulberry32(SEED + 1);
  const responses: AnsweredItem[] = [];
  const longest = Math.max(...LENGTHS);
  const cases: Case[] = [];
  for (let n = 0; n <= longest; n++) {
    if (LENGTHS.includes(n)) {
      const used = new Set(responses.map((r) => r.id));
      cases.push({
        length: n,
        state: { claimed: 3, responses: [...responses] },
        zetas: responses.map(({ item }) => ({ a: item.a, b: item.b, c: item.c, d: 1 })),
        answers: responses.map((r) => (r.correct ? 1 : 0)),
        remaining: bank
          .filter((item) => !used.has(item.id))
          .map(({ id, a, b, c }) => ({ id, a, b, c, d: 1 })),
      });
    }
    const step = nextStep(bank, { claimed: 3, responses }, SETTINGS, random);
    if (step.done) throw new Error(`the engine stopped (${step.reason}) while making histories`);
    const p =
      step.item.c + (1 - step.item.c) / (1 + Math.exp(-step.item.a * (TRUE_THETA - step.item.b)));
    responses.push({ id: step.item.id, item: step.item, correct: random() < p });
  }
  return cases;
}

function siftStep(bank: readonly PoolItem[], c: Case, random: RandomSource, topK?: number): Step {
  const settings =
    topK === undefined ? SETTINGS : { ...SETTINGS, selection: { ...SETTINGS.selection, topK } };
  return nextStep(bank, c.state, settings, random);
}

function jscatStep(c: Case, deepCopy: boolean): { theta: number; next: JscatStimulus } {
  const cat = new Cat({
    method: 'EAP',
    itemSelect: 'MFI',
    nStartItems: 0,
    minTheta: -4,
    maxTheta: 4,
    priorDist: 'norm',
    priorPar: [0, 1],
    // A fixed seed: without one, seedrandom gathers entropy on every construction.
    randomSeed: 'sift-bench',
  });
  cat.updateAbilityEstimate(c.zetas, c.answers);
  const { nextStimulus } = cat.findNextItem(c.remaining, 'MFI', deepCopy);
  return { theta: cat.theta, next: nextStimulus as JscatStimulus };
}

/** Agreement on identical inputs; returns false (after saying why) if anything is off. */
function check(bank: readonly PoolItem[], c: Case): boolean {
  const sift = siftStep(bank, c, mulberry32(SEED + 2));
  const siftBest = siftStep(bank, c, () => 0, 1);
  const jscat = jscatStep(c, false);
  const jscatDeep = jscatStep(c, true);
  if (sift.done || siftBest.done) {
    console.log(`check, ${c.length} answered: FAIL, Sift stopped`);
    return false;
  }
  const theta = sift.posterior.theta;
  const gap = Math.abs(theta - jscat.theta);
  const used = new Set(c.state.responses.map((r) => r.id));
  const infos = bank.filter((i) => !used.has(i.id)).map((i) => information(theta, i));
  const best = Math.max(...infos);
  const top5 = [...infos].sort((x, y) => y - x)[4] ?? 0;
  const byId = new Map(bank.map((i) => [i.id, i]));
  const jscatItem = byId.get(jscat.next.id);
  const siftInfo = information(theta, sift.item);
  const jscatInfo = jscatItem ? information(theta, jscatItem) : NaN;
  const ok =
    gap < TOLERANCE &&
    !used.has(sift.item.id) &&
    !used.has(jscat.next.id) &&
    siftInfo >= top5 &&
    jscatInfo >= best * (1 - 1e-9) &&
    siftBest.item.id === jscat.next.id &&
    jscatDeep.next.id === jscat.next.id;
  console.log(
    `check, ${c.length} answered: theta Sift ${theta.toFixed(4)} jsCAT ${jscat.theta.toFixed(4)} ` +
      `(|diff| ${gap.toExponential(1)}); next item Sift ${sift.item.id} (info ${siftInfo.toFixed(3)}, ` +
      `randomesque top 5; top 1 would be ${siftBest.item.id}), jsCAT ${jscat.next.id} ` +
      `(info ${jscatInfo.toFixed(3)}; best unused ${best.toFixed(3)}): ${ok ? 'ok' : 'FAIL'}`,
  );
  return ok;
}

/** Seconds for `iterations` calls of `step`; `sink` keeps the work from being optimised away. */
let sink = 0;
function seconds(iterations: number, step: () => number): number {
  const begin = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += step();
  return Number(process.hrtime.bigint() - begin) / 1e9;
}

/** How many calls fill one slice (ROUND_SECONDS / SLICES), from a short trial (after warm-up). */
function calibrate(step: () => number): number {
  for (let n = 1; ; n *= 2) {
    const s = seconds(n, step);
    if (s > 0.05) return Math.max(1, Math.round((n * ROUND_SECONDS) / SLICES / s));
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function main(): void {
  const bank = makeBank();
  const cases = makeCases(bank);
  let ok = true;
  for (const c of cases) ok = check(bank, c) && ok;
  if (!ok) {
    console.error('Sift and jsCAT disagree; not timing.');
    process.exit(1);
  }

  const rows: string[] = [];
  for (const c of cases) {
    const random = mulberry32(SEED + 3);
    const sides: [string, () => number][] = [
      [
        'sift',
        () => {
          const step = siftStep(bank, c, random);
          return step.done ? 0 : step.posterior.theta;
        },
      ],
      ['jscat', () => jscatStep(c, false).theta],
      ['jscatDeep', () => jscatStep(c, true).theta],
    ];
    // Warm-up: let V8 optimise every path before anything counts (300 calls, at most ~1 s a side).
    for (const [, step] of sides) {
      const until = process.hrtime.bigint() + 1_000_000_000n;
      for (let i = 0; i < 300 && process.hrtime.bigint() < until; i++) sink += step();
    }
    const iterations = new Map(sides.map(([name, step]) => [name, calibrate(step)]));
    const runs = new Map<string, number[]>(sides.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const spent = new Map(sides.map(([name]) => [name, 0]));
      for (let slice = 0; slice < SLICES; slice++) {
        // Rotate the order, so no side always runs right after the same other one.
        const order = sides.map((_, i) => sides[(i + slice + round) % sides.length]!);
        for (const [name, step] of order)
          spent.set(name, spent.get(name)! + seconds(iterations.get(name)!, step));
      }
      for (const [name] of sides)
        runs.get(name)!.push((iterations.get(name)! * SLICES) / spent.get(name)!);
    }
    const sift = median(runs.get('sift')!);
    const jscat = median(runs.get('jscat')!);
    const deep = median(runs.get('jscatDeep')!);
    const list = (name: string) =>
      runs
        .get(name)!
        .map((r) => fmt(r))
        .join(' ');
    console.error(
      `${c.length} answered, per round: Sift ${list('sift')}; jsCAT ${list('jscat')}; ` +
        `jsCAT deepCopy ${list('jscatDeep')} steps/s`,
    );
    rows.push(
      `| ${c.length} | ${fmt(sift)} | ${fmt(jscat)} | ${fmt(sift / jscat, 2)} | ${fmt(deep)} | ${fmt(sift / deep, 2)} |`,
    );
  }

  console.log(
    `\nbank: ${BANK_SIZE} 3PL items (a 0.8-2.0, b -2.5-2.5, c 0.25); rounds: ${ROUNDS} of ~${ROUND_SECONDS} s per side, in ${SLICES} interleaved slices; medians; Node ${process.version}\n`,
  );
  console.log(
    '| answered items | Sift steps/s | jsCAT steps/s | ratio Sift/jsCAT | jsCAT, deepCopy (default) steps/s | ratio Sift/jsCAT deepCopy |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  if (!Number.isFinite(sink)) console.error('(sink not finite)');
}

main();
