import { rank, RankedEntry } from './shortlist-order';

const day = (d: number) => new Date(Date.UTC(2026, 10, d));

function entry(id: string, overrides: Partial<RankedEntry> = {}): RankedEntry {
  return {
    applicationId: id,
    fitScore: 50,
    overstated: 0,
    integrityFlags: 0,
    assessedAt: day(10),
    appliedAt: day(1),
    ...overrides,
  };
}

describe('shortlist order', () => {
  it.each<{ name: string; entries: RankedEntry[]; order: string[] }>([
    {
      name: 'fit score decides first, no score last',
      entries: [
        entry('a', { fitScore: 40 }),
        entry('b', { fitScore: undefined }),
        entry('c', { fitScore: 90 }),
      ],
      order: ['c', 'a', 'b'],
    },
    {
      name: 'equal scores: fewer overstated skills first',
      entries: [
        entry('a', { overstated: 2 }),
        entry('b', { overstated: 0 }),
        entry('c', { overstated: 1 }),
      ],
      order: ['b', 'c', 'a'],
    },
    {
      name: 'then fewer integrity flags',
      entries: [entry('a', { integrityFlags: 3 }), entry('b', { integrityFlags: 1 })],
      order: ['b', 'a'],
    },
    {
      name: 'then the earlier assessment, unfinished last',
      entries: [
        entry('a', { assessedAt: undefined }),
        entry('b', { assessedAt: day(12) }),
        entry('c', { assessedAt: day(11) }),
      ],
      order: ['c', 'b', 'a'],
    },
    {
      name: 'then the earlier application',
      entries: [entry('a', { appliedAt: day(3) }), entry('b', { appliedAt: day(2) })],
      order: ['b', 'a'],
    },
    {
      name: 'a full tie falls to the id',
      entries: [entry('b'), entry('c'), entry('a')],
      order: ['a', 'b', 'c'],
    },
    {
      name: 'a higher score beats every later criterion',
      entries: [
        entry('a', { fitScore: 60, overstated: 3, integrityFlags: 4, appliedAt: day(9) }),
        entry('b', { fitScore: 59.9 }),
      ],
      order: ['a', 'b'],
    },
  ])('$name', ({ entries, order }) => {
    expect(rank(entries).map((e) => e.applicationId)).toEqual(order);
  });

  it('does not reorder its input', () => {
    const entries = [entry('b', { fitScore: 1 }), entry('a', { fitScore: 2 })];
    rank(entries);
    expect(entries.map((e) => e.applicationId)).toEqual(['b', 'a']);
  });
});
