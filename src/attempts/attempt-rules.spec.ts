import { DEFAULT_SETTINGS } from '../assessment/engine/settings';
import {
  checklistProblems,
  checklistRating,
  currentSkillIndex,
  decideAnswer,
  effectiveMinutes,
  integritySummary,
  interval95,
  phaseProblem,
  selfRatingProblems,
  settingsFor,
  skillStateOf,
  TimedResponse,
  verdictProbability,
} from './attempt-rules';

describe('phaseProblem', () => {
  it.each([
    ['consent', 'consent', undefined],
    ['quiz', 'quiz', undefined],
    [
      'self_rating',
      'consent',
      'belongs to the consent phase, but the assessment is at self-rating',
    ],
    ['consent', 'quiz', 'belongs to the quiz phase, but the assessment is at consent'],
    ['finished', 'quiz', 'the assessment is finished'],
    ['voided', 'checklist', 'the assessment is voided'],
  ] as const)('%s doing a %s step', (current, needed, expected) => {
    const problem = phaseProblem(current, needed);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });
});

describe('effectiveMinutes', () => {
  it.each([
    [30, 1, 30],
    [30, 1.5, 45],
    [10, 1.3, 13],
    [7, 1.1, 8],
    [132, 1.25, 165],
    [1, 3, 3],
    [45, 1.01, 46],
  ])('%i minutes x %f -> %i', (minutes, multiplier, expected) => {
    expect(effectiveMinutes(minutes, multiplier)).toBe(expected);
  });
});

describe('settingsFor', () => {
  it("is the shipped rule with the plan's item cap, leaving the defaults untouched", () => {
    const settings = settingsFor(9);
    expect(settings.stopping).toEqual({ ...DEFAULT_SETTINGS.stopping, maxItems: 9 });
    expect(settings.verdict).toBe(DEFAULT_SETTINGS.verdict);
    expect(DEFAULT_SETTINGS.stopping.maxItems).toBe(12);
  });
});

describe('selfRatingProblems', () => {
  const plan = ['python', 'llm-nlp'];
  it.each([
    ['each skill once', [{ skill: 'llm-nlp' }, { skill: 'python' }], []],
    ['a missing skill', [{ skill: 'python' }], ['ratings: llm-nlp needs a rating']],
    [
      'a skill twice',
      [{ skill: 'python' }, { skill: 'python' }, { skill: 'llm-nlp' }],
      ['ratings[1].skill: python is rated twice'],
    ],
    [
      'a skill not measured',
      [{ skill: 'python' }, { skill: 'llm-nlp' }, { skill: 'rust' }],
      ['ratings[2].skill: rust is not measured here'],
    ],
    ['nothing', [], ['ratings: python needs a rating', 'ratings: llm-nlp needs a rating']],
  ])('%s', (_label, ratings, expected) => {
    const problems = selfRatingProblems(plan, ratings);
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual(expected);
  });
});

describe('checklistProblems', () => {
  const positions = [0, 1, 2];
  it.each([
    ['every position once', [2, 0, 1], []],
    ['a missing position', [0, 1], ['answers: positions 2 need an answer']],
    ['a position twice', [0, 1, 1, 2], ['answers[2].position: position 1 is answered twice']],
    ['a position not shown', [0, 1, 2, 7], ['answers[3].position: no term at position 7']],
  ])('%s', (_label, given, expected) => {
    const problems = checklistProblems(
      positions,
      given.map((position) => ({ position })),
    );
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual(expected);
  });
});

describe('checklistRating', () => {
  it.each([
    [4, 4],
    [2, 2],
    [0, 0],
    [null, 0],
  ])('%s -> %i', (given, rating) => {
    expect(checklistRating(given)).toBe(rating);
  });
});

describe('decideAnswer', () => {
  it.each([
    ['nothing served at that seq', undefined, 1, 'out_of_order'],
    ['the pending item', { seq: 3, choice: null }, 1, 'record'],
    ['the same answer again', { seq: 3, choice: 2 }, 2, 'repeat'],
    ['another answer to an answered item', { seq: 3, choice: 2 }, 1, 'conflict'],
  ] as const)('%s -> %s', (_label, row, choice, expected) => {
    expect(decideAnswer(row, choice)).toBe(expected);
  });
});

describe('interval95', () => {
  it.each([
    [0, 0.5, [-0.979982, 0.979982]],
    [1, 0, [1, 1]],
    [3.5, 0.4, [2.7160144, 4]],
    [-3.9, 1, [-4, -1.940036]],
  ])('theta %f, SE %f', (theta, se, [lo, hi]) => {
    const [low, high] = interval95(theta, se);
    expect(low).toBeCloseTo(lo!, 6);
    expect(high).toBeCloseTo(hi!, 6);
  });
});

describe('verdictProbability', () => {
  it.each([
    ['overstated', 0.97, 0.01, 0.97],
    ['consistent', 0.03, 0.2, 0.03],
    ['understated', 0.001, 0.96, 0.96],
    ['insufficient_evidence', 0.4, 0.1, 0.4],
    ['understated', null, 0.99, 0.99],
    ['consistent', null, 0.5, null],
  ] as const)('%s (%p, %p) -> %p', (verdict, below, above, expected) => {
    expect(verdictProbability(verdict, below, above)).toBe(expected);
  });
});

describe('currentSkillIndex', () => {
  it.each([
    [0, 3, false, 0],
    [2, 3, false, 2],
    [3, 3, false, 2],
    [1, 3, true, 3],
    [0, 0, false, 0],
  ])('%i decided of %i, finished %s -> %i', (decided, count, finished, expected) => {
    expect(currentSkillIndex(decided, count, finished)).toBe(expected);
  });
});

describe('skillStateOf', () => {
  const item = { a: 1.5, b: 0, c: 0.25 };
  const responses = [
    { skill: 'python', ref: 'p1', item, correct: true },
    { skill: 'sql', ref: 's1', item, correct: false },
    { skill: 'python', ref: 'p2', item, correct: false },
    { skill: 'python', ref: 'p3', item, correct: null },
  ];
  it("keeps the skill's answered items in order, by ref", () => {
    const state = skillStateOf('python', 4, responses, true);
    expect(state).toEqual({
      claimed: 4,
      timeExpired: true,
      responses: [
        { id: 'p1', item, correct: true },
        { id: 'p2', item, correct: false },
      ],
    });
  });
  it('refuses a level outside 0-5', () => {
    expect(() => skillStateOf('python', 6, responses)).toThrow(RangeError);
  });
});

describe('integritySummary', () => {
  const easy = { a: 1.5, b: -2, c: 0.2 };
  const hard = { a: 1.5, b: 2, c: 0.2 };
  const timed = (
    skill: string,
    item: typeof easy,
    correct: boolean,
    responseMs: number,
    typicalMs?: number,
  ): TimedResponse => ({ skill, item, correct, responseMs, typicalMs });

  it('counts rapid guesses against the item history or the 3 s default, and flags low effort', () => {
    const summary = integritySummary({
      responses: [
        timed('a', easy, true, 1000, 40000), // < 4 s: rapid
        timed('a', easy, true, 5000, 40000),
        timed('a', hard, false, 2999), // no history: < 3 s, rapid
        timed('a', hard, false, 3000),
      ],
      thetaBySkill: new Map([['a', 0]]),
      skills: ['a'],
      focusLost: 0,
      pastes: 0,
      foilsClaimed: 0,
    });
    expect(summary.rapidGuesses).toBe(2);
    expect(summary.effort).toEqual({ rte: 0.5, flagged: true });
    expect(summary.flagged).toContain('rapid_guessing');
  });

  it('flags an aberrant pattern per skill, foils, focus loss and pastes', () => {
    // Hard items right and easy ones wrong at an average ability: lz far below -1.645.
    const responses = [
      ...Array.from({ length: 5 }, () => timed('a', hard, true, 20000)),
      ...Array.from({ length: 5 }, () => timed('a', easy, false, 20000)),
      timed('b', easy, true, 20000),
    ];
    const summary = integritySummary({
      responses,
      thetaBySkill: new Map([
        ['a', 0],
        ['b', 0],
      ]),
      skills: ['a', 'b', 'c'],
      focusLost: 3,
      pastes: 1,
      foilsClaimed: 2,
    });
    expect(summary.personFit.map((p) => p.skill)).toEqual(['a', 'b']);
    expect(summary.personFit[0]!.lz!).toBeLessThan(-1.645);
    expect(summary.personFit[0]!.flagged).toBe(true);
    expect(summary.flagged).toEqual(['person_fit:a', 'foils_claimed', 'focus_lost', 'paste']);
    expect(summary.effort).toEqual({ rte: 1, flagged: false });
  });

  it('says nothing without answers', () => {
    const summary = integritySummary({
      responses: [],
      thetaBySkill: new Map(),
      skills: ['a'],
      focusLost: 0,
      pastes: 0,
      foilsClaimed: 1,
    });
    expect(summary).toEqual({
      answered: 0,
      rapidGuesses: 0,
      effort: null,
      personFit: [],
      focusLost: 0,
      pastes: 0,
      foilsClaimed: 1,
      flagged: [],
    });
  });
});
