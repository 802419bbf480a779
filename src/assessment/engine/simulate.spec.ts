import { levelOf } from './levels';
import { mulberry32 } from './random';
import {
  claimTable,
  comparisonTable,
  DEFAULT_PERTURBATION,
  GROUPS,
  groupTable,
  makeCandidate,
  makePool,
  POOL_SIZE,
  simulate,
} from './simulate';

describe('simulate', () => {
  const small = { seed: 7, perGroup: 20, skills: 3 };

  it('is deterministic for a fixed seed', () => {
    expect(simulate(small)).toEqual(simulate(small));
  });

  it('changes with the seed', () => {
    expect(simulate({ ...small, seed: 8 })).not.toEqual(simulate(small));
  });

  it('reports every group with rates in [0, 1] and the settings it ran with', () => {
    const report = simulate(small);
    expect(report.groups.map((g) => g.group)).toEqual([...GROUPS]);
    for (const g of report.groups) {
      expect(g.n).toBe(20);
      expect(Object.values(g.verdicts).reduce((s, n) => s + n, 0)).toBe(20);
      expect(g.meanItems).toBeGreaterThan(0);
      expect(g.meanItems).toBeLessThanOrEqual(12);
    }
    for (const rate of [report.sensitivity, report.falseFlagRate]) {
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
    expect(report.settings.stopping.maxItems).toBe(12);
    expect(report.poolSize).toBe(30);
  });

  it('flags rapid guessers by response-time effort and almost no honest responder', () => {
    const report = simulate({ seed: 3, perGroup: 40, skills: 2 });
    const rate = (group: string): number =>
      report.groups.find((g) => g.group === group)?.effortFlagRate ?? NaN;
    expect(rate('rapid_guesser')).toBeGreaterThan(0.9);
    expect(rate('honest_expert')).toBeLessThan(0.05);
  });

  it('rejects an empty run', () => {
    expect(() => simulate({ seed: 1, perGroup: 0 })).toThrow(RangeError);
  });
});

describe('makePool', () => {
  const pool = makePool(mulberry32(1), 0, DEFAULT_PERTURBATION);

  it('has 30 four-option items with a ~1.5 and b spread over the levels', () => {
    expect(pool).toHaveLength(POOL_SIZE);
    expect(new Set(pool.map((item) => item.authored.id)).size).toBe(30);
    for (const { authored } of pool) {
      expect(authored.c).toBe(0.25);
      expect(authored.a).toBeGreaterThanOrEqual(0.8);
      expect(authored.a).toBeLessThanOrEqual(2);
    }
    const levels = new Set(pool.map((item) => levelOf(item.authored.b + 0.5)));
    expect(levels.size).toBeGreaterThanOrEqual(4);
  });

  it('answers from perturbed parameters, never the ones the engine scores with', () => {
    for (const { authored, truth } of pool) {
      expect(truth.a).not.toBe(authored.a);
      expect(truth.b).not.toBe(authored.b);
      expect(truth.c).not.toBe(authored.c);
    }
  });
});

describe('makeCandidate', () => {
  const random = mulberry32(2);

  it.each(GROUPS.filter((g) => g !== 'overclaimer'))('%s claims their true level', (group) => {
    for (let i = 0; i < 500; i++) {
      const candidate = makeCandidate(group, random);
      expect(candidate.claimed).toBe(levelOf(candidate.theta));
    }
  });

  it('overclaimers claim two or more levels above their true level', () => {
    for (let i = 0; i < 500; i++) {
      const candidate = makeCandidate('overclaimer', random);
      expect(candidate.claimed - levelOf(candidate.theta)).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('tables', () => {
  it('render one markdown row per group and per run', () => {
    const report = simulate({ seed: 5, perGroup: 5, skills: 1 });
    expect(groupTable(report).split('\n')).toHaveLength(2 + GROUPS.length);
    expect(comparisonTable([{ name: 'shipped', report }]).split('\n')).toHaveLength(3);
    expect(groupTable(report)).toMatch(/^\| group \| n \|/);
    expect(claimTable(report).split('\n')).toHaveLength(2 + report.honestByClaim.length);
  });
});
