import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { levelOf } from './levels';
import { mulberry32 } from './random';
import { DEFAULT_SETTINGS } from './settings';
import {
  CHECKLIST_BEHAVIOUR,
  GROUPS,
  HONEST_GROUPS,
  makeCandidate,
  rateChecklist,
  simulate,
  SimulationReport,
  wilson,
} from './simulate';
import {
  BankSkill,
  DEFAULT_PERTURBATION,
  knowsTermProbability,
  loadBank,
  perturbItem,
  simSkill,
} from './simulate-bank';
import {
  checkTargets,
  CONSISTENT_SLACK,
  honestConsistentRate,
  NamedRun,
  recommend,
  renderValidationDoc,
  TARGETS,
  targetMargin,
} from './simulate-report';

const BANK_DIR = join(__dirname, '..', '..', '..', 'content', 'item-bank');
const bankFiles = readdirSync(BANK_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name): unknown => JSON.parse(readFileSync(join(BANK_DIR, name), 'utf8')));
const bank = loadBank(bankFiles);

describe('loadBank', () => {
  it('reads every shipped skill with its 32 items and its checklist', () => {
    expect(bank).toHaveLength(bankFiles.length);
    expect(bank.length).toBeGreaterThanOrEqual(11);
    for (const skill of bank) {
      expect(skill.items).toHaveLength(32);
      expect(new Set(skill.items.map((item) => item.id)).size).toBe(32);
      for (const item of skill.items) {
        expect(item.a).toBeGreaterThan(0);
        expect(item.c).toBeGreaterThanOrEqual(0);
        expect(item.level).toBeGreaterThanOrEqual(1);
      }
      expect(skill.terms.some((term) => term.isFoil)).toBe(true);
      expect(skill.terms.some((term) => !term.isFoil)).toBe(true);
    }
  });

  it('sorts by skill, whatever order the files come in', () => {
    const names = bank.map((skill) => skill.skill);
    expect(names).toEqual([...names].sort());
    expect(loadBank([...bankFiles].reverse())).toEqual(bank);
  });

  it('keeps the authored parameters as written', () => {
    const python = bank.find((skill) => skill.skill === 'python');
    expect(python?.items[0]).toEqual({ id: 'python-i001', level: 1, a: 1.4, b: -2.2, c: 0.25 });
  });

  const file = {
    skill: 'x',
    items: [{ ref: 'x-i1', level: 3, a: 1.5, b: 0, c: 0.25 }],
    checklist: [{ ref: 'x-t1', is_foil: false }],
  };

  it.each([
    ['a non-object file', 'nope', /bank file 0 is not an object/],
    [
      'a missing parameter',
      { ...file, items: [{ ref: 'x-i1', level: 3, a: 1.5, c: 0.25 }] },
      /x\.items\[0\]\.b/,
    ],
    [
      'an invalid a',
      { ...file, items: [{ ref: 'x-i1', level: 3, a: 0, b: 0, c: 0.25 }] },
      /item a/,
    ],
    [
      'a level out of range',
      { ...file, items: [{ ref: 'x-i1', level: 6, a: 1, b: 0, c: 0 }] },
      /level/,
    ],
    ['a term without is_foil', { ...file, checklist: [{ ref: 'x-t1' }] }, /is_foil/],
    ['no items', { ...file, items: [] }, /no items/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => loadBank([input])).toThrow(message);
  });

  it('rejects a skill given twice', () => {
    expect(() => loadBank([file, file])).toThrow(/appears twice/);
  });
});

describe('perturbation', () => {
  it('never answers from the parameters the engine scores with', () => {
    for (const skill of bank) {
      for (const { authored, truth } of simSkill(skill, mulberry32(1)).items) {
        expect(truth.a).not.toBe(authored.a);
        expect(truth.b).not.toBe(authored.b);
        expect(truth.c).not.toBe(authored.c);
        expect(truth.c).toBeGreaterThanOrEqual(0);
        expect(truth.c).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it('redraws a parameter that comes out equal to the authored one', () => {
    // A source returning 0 makes the Box-Muller draw exactly 0: the first a would equal the authored a.
    const real = mulberry32(3);
    let calls = 0;
    const random = (): number => (calls++ < 2 ? 0 : real());
    const authored = { a: 1.4, b: 0.2, c: 0.25 };
    const truth = perturbItem(authored, random);
    expect(calls).toBeGreaterThan(6);
    expect(truth.a).not.toBe(authored.a);
  });

  it('refuses a zero SD (that would be scoring with the generating parameters)', () => {
    expect(() =>
      perturbItem({ a: 1, b: 0, c: 0.25 }, mulberry32(1), { ...DEFAULT_PERTURBATION, bSd: 0 }),
    ).toThrow(RangeError);
  });

  it('spreads the real terms over the ability range and leaves foils unknowable', () => {
    const skill = simSkill(bank[0] as BankSkill, mulberry32(1));
    for (const term of skill.terms) {
      if (term.isFoil) {
        expect(term.difficulty).toBeUndefined();
        expect(knowsTermProbability(3, term)).toBe(0);
      } else {
        expect(knowsTermProbability(2.5, term)).toBeGreaterThan(knowsTermProbability(-2, term));
      }
    }
  });
});

describe('makeCandidate', () => {
  const draw = (group: (typeof GROUPS)[number], n = 1000) => {
    const random = mulberry32(2);
    return Array.from({ length: n }, () => makeCandidate(group, random));
  };

  it.each(HONEST_GROUPS)('%s claims their true level', (group) => {
    for (const c of draw(group)) {
      expect(c.trueLevel).toBe(levelOf(c.theta));
      expect(c.claimed).toBe(c.trueLevel);
    }
  });

  it('honest groups cover novice, working and expert levels', () => {
    expect(new Set(draw('honest_novice').map((c) => c.claimed))).toEqual(new Set([1, 2]));
    expect(new Set(draw('honest_working').map((c) => c.claimed))).toEqual(new Set([3]));
    expect(new Set(draw('honest_expert').map((c) => c.claimed))).toEqual(new Set([4, 5]));
  });

  it('understaters claim one or two levels below their true level', () => {
    const gaps = new Set<number>();
    for (const c of draw('understater')) {
      gaps.add(c.trueLevel - c.claimed);
      expect(c.claimed).toBeGreaterThanOrEqual(0);
    }
    expect(gaps).toEqual(new Set([1, 2]));
  });

  it('overclaimer_2plus claims two or more levels too high, or expert when that is the cap', () => {
    let capped = 0;
    for (const c of draw('overclaimer_2plus')) {
      expect(c.claimed).toBeGreaterThan(c.trueLevel);
      if (c.claimed === 5 && c.claimed - c.trueLevel < 3) capped++;
      expect(c.claimed - c.trueLevel >= 2 || c.claimed === 5).toBe(true);
    }
    expect(capped).toBeGreaterThan(0);
  });

  it('overclaimer_1 claims exactly one level too high', () => {
    for (const c of draw('overclaimer_1')) expect(c.claimed).toBe(c.trueLevel + 1);
  });

  it('rapid guessers claim honestly and skip half or more of the items', () => {
    for (const c of draw('rapid_guesser')) {
      expect(c.claimed).toBe(c.trueLevel);
      expect(c.rapidShare).toBeGreaterThanOrEqual(0.5);
      expect(c.rapidShare).toBeLessThan(1);
    }
    for (const group of GROUPS.filter((g) => g !== 'rapid_guesser')) {
      expect(draw(group, 50).every((c) => c.rapidShare === 0)).toBe(true);
    }
  });
});

describe('rateChecklist', () => {
  const terms = simSkill(bank[0] as BankSkill, mulberry32(1)).terms;
  const foilRate = (group: (typeof GROUPS)[number]): number => {
    const random = mulberry32(9);
    let claimed = 0;
    let foils = 0;
    let invalid = 0;
    for (let i = 0; i < 2000; i++) {
      const answers = rateChecklist(makeCandidate(group, random), terms, random);
      if (answers.length !== terms.length) invalid++;
      answers.forEach((answer, k) => {
        const valid = Number.isInteger(answer.rating) && answer.rating >= 0 && answer.rating <= 4;
        if (!valid || answer.isFoil !== terms[k]?.isFoil) invalid++;
        if (answer.isFoil) {
          foils++;
          if (answer.rating >= 2) claimed++;
        }
      });
    }
    expect(invalid).toBe(0);
    return claimed / foils;
  };

  it('claims foils at the group bluff rate', () => {
    for (const group of ['honest_working', 'overclaimer_2plus'] as const) {
      const behaviour = CHECKLIST_BEHAVIOUR[group];
      if (behaviour.kind !== 'rated') throw new Error('expected a rated behaviour');
      expect(foilRate(group)).toBeCloseTo(behaviour.bluff, 1);
    }
    expect(foilRate('rapid_guesser')).toBeCloseTo(0.6, 1);
  });
});

describe('simulate', () => {
  const tiny = { seed: 7, perGroup: 11, bank };
  const report = simulate(tiny);

  it('is deterministic for a fixed seed', () => {
    expect(simulate(tiny)).toEqual(report);
  });

  it('changes with the seed', () => {
    expect(simulate({ ...tiny, seed: 8 })).not.toEqual(report);
  });

  it('reports every group and every skill, with rates in [0, 1]', () => {
    expect(report.groups.map((g) => g.group)).toEqual([...GROUPS]);
    for (const g of report.groups) {
      expect(g.n).toBe(11);
      expect(Object.values(g.verdicts).reduce((s, n) => s + n, 0)).toBe(11);
      expect(Object.values(g.stopReasons).reduce((s, n) => s + n, 0)).toBe(11);
      expect(g.meanItems).toBeGreaterThan(0);
      expect(g.meanItems).toBeLessThanOrEqual(DEFAULT_SETTINGS.stopping.maxItems);
    }
    expect(report.skills).toEqual(bank.map((s) => s.skill));
    // The skills in turn: rapid guessers aside, six groups of 11 spread evenly over the skills.
    const perSkill = report.perSkill.map((s) => s.n);
    expect(perSkill.reduce((s, n) => s + n, 0)).toBe(6 * 11);
    expect(Math.max(...perSkill) - Math.min(...perSkill)).toBeLessThanOrEqual(6);
    for (const rate of [report.sensitivity, report.falseFlags, report.grayZone]) {
      expect(rate.rate).toBeGreaterThanOrEqual(0);
      expect(rate.rate).toBeLessThanOrEqual(1);
      expect(rate.low).toBeLessThanOrEqual(rate.rate);
      expect(rate.high).toBeGreaterThanOrEqual(rate.rate);
    }
    expect(report.settings).toBe(DEFAULT_SETTINGS);
  });

  it('flags rapid guessers by response-time effort and no honest responder', () => {
    expect(report.rapid.rteFlag.rate).toBeGreaterThan(0.9);
    expect(report.honestRteFlag.rate).toBe(0);
  });

  it('rejects an empty run', () => {
    expect(() => simulate({ ...tiny, perGroup: 0 })).toThrow(RangeError);
    expect(() => simulate({ ...tiny, bank: [] })).toThrow(RangeError);
  });
});

describe('wilson', () => {
  it('brackets the share and stays inside [0, 1]', () => {
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(10, 10).high).toBe(1);
    const half = wilson(50, 100);
    expect(half.rate).toBe(0.5);
    expect(half.low).toBeCloseTo(0.4038, 3);
    expect(half.high).toBeCloseTo(0.5962, 3);
    expect(wilson(0, 0).rate).toBeNaN();
  });
});

describe('validation document', () => {
  const shipped = simulate({ seed: 5, perGroup: 11, bank });
  const rules: NamedRun[] = [
    { name: 'shipped', report: shipped },
    {
      name: 'min 8',
      report: simulate({
        seed: 5,
        perGroup: 11,
        bank,
        settings: {
          ...DEFAULT_SETTINGS,
          stopping: {
            ...DEFAULT_SETTINGS.stopping,
            decision: { upper: 0.95, lower: 0.05, minItems: 8 },
          },
        },
      }),
    },
  ];
  const doc = renderValidationDoc({
    command: 'npm run simulate -- --n 11 --seed 5',
    rules,
    calibration: [{ name: 'default perturbation', report: shipped }],
  });

  it('has every section and table from a tiny run', () => {
    for (const heading of [
      '## Headline',
      '## Set-up',
      '### Verdicts by group',
      '### False flags and the gray zone by claimed level',
      '### Per skill',
      '### Checklist indices by group',
      '### Rapid guessers and integrity flags',
      '## Stopping rules compared',
      '## Calibration error',
      '## Reading the numbers',
      '## Recommendation',
      '## Limits',
    ]) {
      expect(doc).toContain(heading);
    }
    for (const header of [
      '| measure | target | result (95% interval) | met |',
      '| group | n | overstated |',
      '| claimed level | honest: n |',
      '| skill | items in bank |',
      "| group | bluff rate (assumed) | mean H | mean FA | mean d' |",
      '| measure | rapid guessers | honest groups |',
      '| rule | sensitivity | false flags |',
      '| answers generated from |',
    ]) {
      expect(doc).toContain(header);
    }
    for (const skill of bank) expect(doc).toContain(`| ${skill.skill} |`);
    for (const group of GROUPS) expect(doc).toContain(`| ${group} |`);
    expect(doc).toContain('npm run simulate -- --n 11 --seed 5');
    expect(doc).toContain('Paulhus');
    expect(doc).not.toMatch(/NaN|undefined/);
  });

  it('renders the same document from the same runs', () => {
    expect(
      renderValidationDoc({
        command: 'npm run simulate -- --n 11 --seed 5',
        rules,
        calibration: [{ name: 'default perturbation', report: shipped }],
      }),
    ).toBe(doc);
  });
});

describe('checkTargets and recommend', () => {
  const base = simulate({ seed: 3, perGroup: 11, bank });
  const withRates = (sensitivity: number, falseFlags: number): SimulationReport => ({
    ...base,
    sensitivity: wilson(Math.round(sensitivity * 2000), 2000),
    falseFlags: wilson(Math.round(falseFlags * 6000), 6000),
    perSkill: base.perSkill.map((s) => ({ ...s, n: 1000, meanItems: 9, sdItems: 2 })),
  });

  it('checks each target', () => {
    expect(checkTargets(withRates(0.9, 0.04)).all).toBe(true);
    expect(checkTargets(withRates(0.84, 0.04)).sensitivity).toBe(false);
    expect(checkTargets(withRates(0.9, 0.06)).falseFlags).toBe(false);
    const long = {
      ...withRates(0.9, 0.04),
      perSkill: base.perSkill.map((s) => ({ ...s, meanItems: 10.5 })),
    };
    expect(checkTargets(long).items).toBe(false);
    expect(TARGETS).toEqual({ sensitivity: 0.85, falseFlags: 0.05, meanItemsPerSkill: 10 });
  });

  it('recommends the passing rule with the widest margin, or none', () => {
    const runs: NamedRun[] = [
      { name: 'shipped', report: withRates(0.9, 0.055) },
      { name: 'barely', report: withRates(0.852, 0.02) },
      { name: 'comfortable', report: withRates(0.88, 0.04) },
    ];
    expect(recommend(runs)?.name).toBe('comfortable');
    expect(recommend(runs.slice(0, 1))).toBeUndefined();
  });

  it('counts a skill whose mean length is a hair under the target as a thin margin', () => {
    const report = withRates(0.95, 0.01);
    const [first, ...rest] = report.perSkill;
    if (!first) throw new Error('no skills');
    const thin = { ...report, perSkill: [{ ...first, meanItems: 9.99 }, ...rest] };
    expect(targetMargin(thin)).toBeCloseTo(0.01 / (2 / Math.sqrt(1000)), 6);
    expect(targetMargin(thin)).toBeLessThan(targetMargin(report));
  });

  it('does not recommend a rule that buys its numbers with fewer consistent verdicts', () => {
    const shipped = withRates(0.9, 0.055);
    const fewerConsistent: SimulationReport = {
      ...withRates(0.9, 0.04),
      groups: shipped.groups.map((g) => ({
        ...g,
        verdicts: {
          ...g.verdicts,
          consistent: 0,
          insufficient_evidence: g.verdicts.insufficient_evidence + g.verdicts.consistent,
        },
      })),
    };
    expect(honestConsistentRate(fewerConsistent)).toBe(0);
    expect(honestConsistentRate(shipped)).toBeGreaterThan(CONSISTENT_SLACK);
    expect(
      recommend([
        { name: 'shipped', report: shipped },
        { name: 'fewer consistent', report: fewerConsistent },
      ]),
    ).toBeUndefined();
  });
});
