import {
  cursorColumns,
  cursorKeyOf,
  entryOfCursor,
  filterSql,
  KeyColumns,
  ShortlistEntry,
  ShortlistQuery,
  ShortlistSort,
  sortKeys,
  statedOrderKeys,
} from './shortlist-query';

// The order these keys produce in PostgreSQL is checked against rank() on crafted entries in
// test/reports.e2e-spec.ts; here, that each sort asks for the keys it means.

const day = (d: number) => new Date(Date.UTC(2026, 10, d));
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function entry(n: number, overrides: Partial<ShortlistEntry> = {}): ShortlistEntry {
  return {
    applicationId: id(n),
    fitScore: 50,
    overstated: 0,
    integrityFlags: 0,
    assessedAt: day(10),
    appliedAt: day(1),
    stage: 'assessed',
    held: false,
    name: `Person ${n}`,
    ...overrides,
  };
}

const NAMES = {
  fit: 'f',
  overstated: 'o',
  integrity: 'i',
  assessed: 'x',
  applied: 'p',
  id: 'id',
  name: 'n',
};
const COLUMNS: KeyColumns = (column) => NAMES[column];

/** A cursor's columns with parameters numbered from $4, and what was bound. */
function bound(after: ShortlistEntry) {
  const params: unknown[] = [1, 2, 3];
  const columns = cursorColumns(after, (value) => `$${params.push(value)}`);
  return { columns, params };
}
const STATED = ['coalesce(-f, 1)', 'o', 'i', "coalesce(x, 'infinity')", 'p', 'id'];

describe('shortlist sort keys', () => {
  it('states the order as ascending keys: no score and no assessment last, id last of all', () => {
    expect(statedOrderKeys(COLUMNS)).toEqual(STATED);
  });

  it.each<[ShortlistSort, string[]]>([
    ['rank', []],
    ['applied', ['p']],
    ['name', ['(n IS NULL)', "coalesce(lower(n), '')", "coalesce(n, '')"]],
    ['overstated', ['-o']],
  ])('sort %s: its own keys, then the stated order', (sort, own) => {
    expect(sortKeys(sort, COLUMNS)).toEqual([...own, ...STATED]);
  });

  it('compares a cursor through the same keys, on typed parameters bound once each', () => {
    const { columns, params } = bound(entry(1, { overstated: 2, integrityFlags: 1 }));
    expect(sortKeys('overstated', columns)).toEqual([
      '-$4::int',
      'coalesce(-$5::float8, 1)',
      '$4::int',
      '$6::int',
      "coalesce($7::timestamptz, 'infinity')",
      '$8::timestamptz',
      '$9::uuid',
    ]);
    // No name: a parameter no key uses is one PostgreSQL cannot type, so it is not bound.
    expect(params).toEqual([
      1,
      2,
      3,
      2,
      50,
      1,
      '2026-11-10T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
      id(1),
    ]);
  });

  it.each<[string, ShortlistEntry, unknown[]]>([
    [
      'an assessed entry',
      entry(1, { fitScore: 72.5, overstated: 2, integrityFlags: 1 }),
      ['Person 1', 72.5, 2, 1, '2026-11-10T00:00:00.000Z', '2026-11-01T00:00:00.000Z', id(1)],
    ],
    [
      'no score, no assessment, erased',
      entry(2, { fitScore: undefined, assessedAt: undefined, name: null }),
      [null, null, 0, 0, null, '2026-11-01T00:00:00.000Z', id(2)],
    ],
  ])('binds %s, name first, for the name sort', (_name, e, values) => {
    const { columns, params } = bound(e);
    expect(sortKeys('name', columns).slice(0, 3)).toEqual([
      '($4::text IS NULL)',
      "coalesce(lower($4::text), '')",
      "coalesce($4::text, '')",
    ]);
    expect(params.slice(3)).toEqual(values);
  });
});

describe('shortlist filters', () => {
  it.each<[string, Pick<ShortlistQuery, 'stage' | 'flag'>, string]>([
    ['none', {}, 'true'],
    ['a stage', { stage: 'shortlisted' }, 'true AND stage = $3'],
    ['overstated', { flag: 'overstated' }, 'true AND overstated > 0'],
    ['integrity', { flag: 'integrity' }, 'true AND integrity_flags > 0'],
    ['held', { flag: 'held' }, 'true AND is_held(n)'],
    ['stage and flag', { stage: 'assessed', flag: 'held' }, 'true AND stage = $3 AND is_held(n)'],
  ])('%s', (_name, query, sql) => {
    const params: unknown[] = [1, 2];
    expect(filterSql(query, (stage) => `$${params.push(stage)}`, 'is_held(n)')).toBe(sql);
    expect(params.slice(2)).toEqual(query.stage ? [query.stage] : []);
  });
});

describe('shortlist cursors', () => {
  it.each<[string, (string | number)[]]>([
    ['another sort', ['name', 50, 0, 0, 1, 1, id(1), 'x']],
    ['too few parts', ['rank', 50, 0, 0, 1, 1, id(1)]],
    ['a fit above 100', ['rank', 101, 0, 0, 1, 1, id(1), 'x']],
    ['a negative fit other than -1', ['rank', -0.5, 0, 0, 1, 1, id(1), 'x']],
    ['a negative count', ['rank', 50, -1, 0, 1, 1, id(1), 'x']],
    ['a fractional count', ['rank', 50, 0.5, 0, 1, 1, id(1), 'x']],
    ['a time as text', ['rank', 50, 0, 0, '1', 1, id(1), 'x']],
    ['a time no Date can hold', ['rank', 50, 0, 0, 8.64e15 + 1, 1, id(1), 'x']],
    ['no applied time', ['rank', 50, 0, 0, 1, -1, id(1), 'x']],
    ['no id', ['rank', 50, 0, 0, 1, 1, 'nope', 'x']],
    [
      'an upper-case id',
      ['rank', 50, 0, 0, 1, 1, id(1).toUpperCase().replace('4000', '4ABC'), 'x'],
    ],
  ])('refuses a cursor with %s', (_name, parts) => {
    expect(entryOfCursor(parts, 'rank')).toBeUndefined();
  });

  it.each<[string, ShortlistEntry]>([
    ['no score, no assessment', entry(5, { fitScore: undefined, assessedAt: undefined })],
    ['an erased candidate', entry(6, { name: null, fitScore: 0 })],
    ['a fractional score', entry(7, { fitScore: 66.66666666666667 })],
  ])('round-trips the key of %s', (_name, e) => {
    const back = entryOfCursor(cursorKeyOf('name', e), 'name')!;
    expect(back).toBeDefined();
    const keys = (x: ShortlistEntry) => bound(x);
    expect(sortKeys('name', keys(back).columns)).toEqual(sortKeys('name', keys(e).columns));
    expect(keys(back).params).toEqual(keys(e).params);
  });
});
