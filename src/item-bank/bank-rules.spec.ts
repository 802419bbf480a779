import {
  ItemContent,
  itemProblems,
  sameItemContent,
  skillBankProblems,
  TermContent,
  termProblems,
} from './bank-rules';

const item = (overrides: Partial<ItemContent> = {}): ItemContent => ({
  ref: 'python-i001',
  skill: 'python',
  level: 3,
  locale: 'en',
  stem: 'Which change fixes the race?',
  code: null,
  options: ['A lock', 'A queue', 'A retry', 'A sleep'],
  key: 0,
  rationale: 'The lock makes check-then-act atomic.',
  a: 1.5,
  b: 0,
  c: 0.25,
  author: 'writer',
  reviewedBy: 'reviewer',
  ...overrides,
});

const term = (overrides: Partial<TermContent> = {}): TermContent => ({
  ref: 'python-t01',
  skill: 'python',
  locale: 'en',
  term: 'asyncio.TaskGroup',
  isFoil: false,
  foilCheck: null,
  author: 'writer',
  reviewedBy: null,
  ...overrides,
});

describe('itemProblems', () => {
  it('accepts a well-formed item', () => {
    expect(itemProblems(item())).toEqual([]);
  });

  it.each<[string, Partial<ItemContent>, string]>([
    ['three options', { options: ['a', 'b', 'c'] }, 'options'],
    [
      'options that differ only in case and spaces',
      { options: ['A lock', 'a  LOCK', 'x', 'y'] },
      'options',
    ],
    ['an empty option', { options: ['a', ' ', 'c', 'd'] }, 'options'],
    ['"none of the above"', { options: ['a', 'b', 'c', 'None of the above'] }, 'options'],
    ['"all of the above"', { options: ['a', 'b', 'c', 'All of the above'] }, 'options'],
    ['a key past the options', { key: 4 }, 'key'],
    ['a negative key', { key: -1 }, 'key'],
    ['a fractional key', { key: 1.5 }, 'key'],
    ['level 0', { level: 0 }, 'level'],
    ['level 6', { level: 6 }, 'level'],
    ['b below level 3', { b: -0.51 }, 'b'],
    ['b above level 3', { b: 0.51 }, 'b'],
    ['b of level 5 on a level 1 item', { level: 1, b: 2 }, 'b'],
    ['b not a number', { b: Number.NaN }, 'b'],
    ['a too low', { a: 0.79 }, 'a'],
    ['a too high', { a: 2.01 }, 'a'],
    ['c too low', { c: 0.19 }, 'c'],
    ['c too high', { c: 0.31 }, 'c'],
    ['a ref with capitals', { ref: 'Python-1' }, 'ref'],
  ])('refuses %s', (_name, overrides, field) => {
    expect(itemProblems(item(overrides)).map((p) => p.field)).toContain(field);
  });

  it.each<[number, number]>([
    [1, -2.5],
    [1, -1.5],
    [2, -1.5],
    [2, -0.5],
    [3, -0.5],
    [3, 0.5],
    [4, 0.5],
    [4, 1.25],
    [5, 1.25],
    [5, 2.5],
  ])('accepts level %i at the band edge b = %d', (level, b) => {
    expect(itemProblems(item({ level, b }))).toEqual([]);
  });
});

describe('termProblems', () => {
  it.each<[string, Partial<TermContent>, string[]]>([
    ['a real term', {}, []],
    ['a checked foil', { isFoil: true, foilCheck: 'npm view: E404; apt-cache: nothing' }, []],
    ['a foil without its check', { isFoil: true }, ['foilCheck']],
    [
      'a real term with a foil check',
      { foilCheck: 'npm view: E404; apt-cache: nothing' },
      ['foilCheck'],
    ],
    ['a bad ref', { ref: 'a b' }, ['ref']],
  ])('%s', (_name, overrides, fields) => {
    expect(termProblems(term(overrides)).map((p) => p.field)).toEqual(fields);
  });
});

describe('skillBankProblems', () => {
  /** 30 items, six per level, keys rotating over the four positions. */
  const bank = () =>
    Array.from({ length: 30 }, (_, i) => {
      const level = (i % 5) + 1;
      const b = [-2, -1, 0, 1, 2][level - 1]!;
      return item({ ref: `python-i${i}`, stem: `Question number ${i}?`, level, b, key: i % 4 });
    });
  const terms = () =>
    Array.from({ length: 10 }, (_, i) =>
      term({
        ref: `python-t${i}`,
        term: `term ${i}`,
        ...(i < 2 ? { isFoil: true, foilCheck: 'checked: npm E404, apt nothing' } : {}),
      }),
    );

  it('accepts a bank that meets every minimum', () => {
    expect(skillBankProblems(bank(), terms())).toEqual([]);
  });

  it.each<[string, (items: ItemContent[], ts: TermContent[]) => void, RegExp]>([
    ['29 items', (items) => items.pop(), /29 items, fewer than 30/],
    [
      'no level-2 item',
      (items) => items.forEach((x) => x.level === 2 && Object.assign(x, { level: 3, b: 0 })),
      /no item at level 2/,
    ],
    [
      'keys piled on one position',
      (items) => items.slice(0, 12).forEach((x) => (x.key = 2)),
      /key at position 2/,
    ],
    ['9 terms', (_items, ts) => ts.pop(), /9 checklist terms/],
    [
      'one foil',
      (_items, ts) => Object.assign(ts[0]!, { isFoil: false, foilCheck: null }),
      /1 foils, fewer than 2/,
    ],
    [
      'a repeated stem',
      (items) => (items[1]!.stem = ` ${items[0]!.stem.toUpperCase()} `),
      /duplicate stem/,
    ],
    ['a repeated term', (_items, ts) => (ts[3]!.term = ts[4]!.term), /duplicate checklist term/],
    ['a repeated ref', (items) => (items[1]!.ref = items[0]!.ref), /duplicate ref/],
  ])('names %s', (_name, spoil, message) => {
    const items = bank();
    const ts = terms();
    spoil(items, ts);
    expect(skillBankProblems(items, ts).join('\n')).toMatch(message);
  });
});

describe('sameItemContent', () => {
  it.each<[string, Partial<ItemContent>, boolean]>([
    ['identical', {}, true],
    ['another stem', { stem: 'Which change fixes the deadlock?' }, false],
    ['options reordered', { options: ['A queue', 'A lock', 'A retry', 'A sleep'] }, false],
    ['another reviewer', { reviewedBy: 'someone else' }, false],
    ['another b', { b: 0.1 }, false],
    ['a snippet added', { code: 'x = 1' }, false],
  ])('%s -> %s', (_name, overrides, same) => {
    expect(sameItemContent(item(), item(overrides))).toBe(same);
  });

  it('does not care which ref carries the content', () => {
    expect(sameItemContent(item(), item({ ref: 'python-i999' }))).toBe(true);
  });
});
