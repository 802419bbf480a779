import { AnsweredItem, nextStep, SkillState, skillResult, Step } from './cat';
import { Level } from './levels';
import { mulberry32 } from './random';
import { PoolItem } from './select';
import { DEFAULT_SETTINGS, EngineSettings } from './settings';
import { StopReason } from './stopping';

/** 30 four-option items, b spread over -2.5..2.5, as in the shipped bank. */
const pool: PoolItem[] = Array.from({ length: 30 }, (_, i) => ({
  id: `item-${i}`,
  a: 1.3 + (0.4 * ((i * 7) % 10)) / 10,
  b: -2.5 + (5 * i) / 29,
  c: 0.25,
}));

/** Runs one skill to its end with a scripted responder; returns every step taken. */
function run(
  claimed: Level,
  answer: (item: PoolItem, n: number) => boolean,
  settings: EngineSettings = DEFAULT_SETTINGS,
  items: readonly PoolItem[] = pool,
  seed = 1,
): { steps: Step[]; state: SkillState; reason: StopReason } {
  const random = mulberry32(seed);
  const responses: AnsweredItem[] = [];
  const steps: Step[] = [];
  for (;;) {
    const step = nextStep(items, { claimed, responses }, settings, random);
    steps.push(step);
    if (step.done) return { steps, state: { claimed, responses }, reason: step.reason };
    responses.push({
      id: step.item.id,
      item: step.item,
      correct: answer(step.item, responses.length),
    });
  }
}

describe('nextStep', () => {
  it('targets the estimate for the first two items, then the claimed threshold', () => {
    const { steps } = run(5, (_item, n) => n % 2 === 0);
    const targets = steps.flatMap((s) => (s.done ? [] : [s.target]));
    expect(targets[0]).toBeCloseTo(0, 10);
    expect(targets[1]).toBe(steps[1]?.posterior.theta);
    expect(targets.slice(2).every((t) => t === 1.5)).toBe(true);
  });

  it('never serves an item twice and stops by the cap at 12 when nothing is decided', () => {
    // Right on easy items, wrong on hard ones, around t(3) = 0: never 95% on either side.
    const random = mulberry32(8);
    const { state, reason } = run(3, (item) => (item.b < 0 ? random() < 0.8 : random() < 0.35));
    const ids = state.responses.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeLessThanOrEqual(12);
    expect(['item_cap', 'decided', 'precision']).toContain(reason);
  });

  it('stops an all-wrong expert claim as decided after exactly 6 items', () => {
    const { state, reason } = run(5, () => false);
    expect(reason).toBe('decided');
    expect(state.responses).toHaveLength(6);
    expect(skillResult(state, reason).verdict).toBe('overstated');
  });

  it.each<[string, EngineSettings, readonly PoolItem[], StopReason, number]>([
    [
      'the item cap',
      { ...DEFAULT_SETTINGS, stopping: { ...DEFAULT_SETTINGS.stopping, maxItems: 3 } },
      pool,
      'item_cap',
      3,
    ],
    ['an exhausted pool', DEFAULT_SETTINGS, pool.slice(10, 12), 'pool_exhausted', 2],
  ])('stops at %s', (_name, settings, items, reason, length) => {
    const outcome = run(3, (_item, n) => n % 2 === 0, settings, items);
    expect(outcome.reason).toBe(reason);
    expect(outcome.state.responses).toHaveLength(length);
  });

  it('stops at once when the time has ended, with insufficient evidence and no answers', () => {
    const step = nextStep(pool, { claimed: 4, responses: [], timeExpired: true });
    expect(step.done && step.reason).toBe('time');
    const result = skillResult({ claimed: 4, responses: [] }, 'time');
    expect(result.verdict).toBe('insufficient_evidence');
    expect(result.itemsUsed).toBe(0);
  });

  it('stops with an empty pool before serving anything', () => {
    const step = nextStep([], { claimed: 3, responses: [] });
    expect(step.done && step.reason).toBe('pool_exhausted');
  });

  it('is a pure function of the state and the random source', () => {
    const a = run(4, (_item, n) => n % 3 !== 0, DEFAULT_SETTINGS, pool, 42);
    const b = run(4, (_item, n) => n % 3 !== 0, DEFAULT_SETTINGS, pool, 42);
    expect(b.state.responses.map((r) => r.id)).toEqual(a.state.responses.map((r) => r.id));
  });
});

describe('skillResult', () => {
  it('records the settings it was computed with, frozen', () => {
    const { state, reason } = run(2, () => true);
    const result = skillResult(state, reason);
    expect(result.settings).toBe(DEFAULT_SETTINGS);
    expect(Object.isFrozen(result.settings)).toBe(true);
    expect(Object.isFrozen(result.settings.stopping.decision)).toBe(true);
    expect(result.settings.stopping).toEqual({
      decision: { upper: 0.95, lower: 0.05, minItems: 6 },
      seTarget: 0.4,
      maxItems: 12,
    });
    expect(result.stopReason).toBe(reason);
    expect(result.itemsUsed).toBe(state.responses.length);
  });

  it.each<[Level, StopReason, number, string]>([
    [1, 'decided', 6, 'understated'],
    // The rule stops once the overclaim question is settled (P(theta < -1) <= 0.05); six right
    // answers to four-option items are not yet 95% evidence for the next level up.
    [2, 'decided', 6, 'consistent'],
    // A claim of 0 has no threshold to decide against: it runs to the cap.
    [0, 'item_cap', 12, 'understated'],
  ])('all right with claim %p: stops %p after %p items, %p', (claimed, reason, items, verdict) => {
    const outcome = run(claimed, () => true);
    expect(outcome.reason).toBe(reason);
    expect(outcome.state.responses).toHaveLength(items);
    expect(skillResult(outcome.state, outcome.reason).verdict).toBe(verdict);
  });
});
