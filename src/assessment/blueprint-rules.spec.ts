import { blueprintProblems, defaultBlueprint, RequiredSkill, SkillSupply } from './blueprint-rules';

const required: RequiredSkill[] = [
  { skillId: 'python', weight: 30, minLevel: 3 },
  { skillId: 'llm-nlp', weight: 50, minLevel: 4 },
  { skillId: 'data-engineering', weight: 20, minLevel: 0 },
];
const bank = (overrides: Record<string, Partial<SkillSupply>> = {}) =>
  new Map<string, SkillSupply>(
    ['python', 'llm-nlp', 'data-engineering'].map((skill) => [
      skill,
      { items: 32, terms: 12, foils: 3, ...overrides[skill] },
    ]),
  );

describe('defaultBlueprint', () => {
  it.each<[string, RequiredSkill[], Partial<ReturnType<typeof defaultBlueprint>>]>([
    [
      'measures the skills required above level 0',
      required,
      { skills: ['llm-nlp', 'python'], itemCap: 12, timeLimitMinutes: 34, checklistSize: 24 },
    ],
    [
      'never gives less than 15 minutes',
      [{ skillId: 'python', weight: 1, minLevel: 2 }],
      { skills: ['python'], timeLimitMinutes: 20, checklistSize: 12 },
    ],
    [
      'shows at most 40 checklist terms',
      ['python', 'llm-nlp', 'data-engineering', 'x', 'y'].map((skillId) => ({
        skillId,
        weight: 1,
        minLevel: 3,
      })),
      { checklistSize: 36, timeLimitMinutes: 76 },
    ],
    [
      'measures nothing when every skill is required at level 0',
      [{ skillId: 'python', weight: 1, minLevel: 0 }],
      { skills: [], checklistSize: 10 },
    ],
  ])('%s', (_name, skills, expected) => {
    expect(defaultBlueprint(skills, bank())).toMatchObject(expected);
  });
});

describe('blueprintProblems', () => {
  const base = {
    skills: ['python', 'llm-nlp'],
    itemCap: 12,
    timeLimitMinutes: 30,
    checklistSize: 20,
  };

  it('accepts the default blueprint against the shipped bank', () => {
    expect(blueprintProblems(defaultBlueprint(required, bank()), required, bank())).toEqual([]);
  });

  it.each<[string, Partial<typeof base>, ReturnType<typeof bank>, string, RegExp]>([
    ['no skills', { skills: [] }, bank(), 'skills', /at least one/],
    ['a skill twice', { skills: ['python', 'python'] }, bank(), 'skills', /twice/],
    [
      'a skill the requisition does not require',
      { skills: ['statistics-math'] },
      bank(),
      'skills',
      /not a required skill/,
    ],
    [
      'a cap above the active items',
      { itemCap: 20 },
      bank({ python: { items: 19 } }),
      'itemCap',
      /python has 19 active items/,
    ],
    [
      'more checklist terms than the skills have',
      { checklistSize: 30 },
      bank(),
      'checklistSize',
      /24 active checklist terms/,
    ],
    [
      'fewer than two foils',
      {},
      bank({ python: { foils: 0 }, 'llm-nlp': { foils: 1 } }),
      'checklistSize',
      /fewer than 2 active foils/,
    ],
  ])('refuses %s', (_name, change, supply, field, message) => {
    const problems = blueprintProblems({ ...base, ...change }, required, supply);
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  });
});
