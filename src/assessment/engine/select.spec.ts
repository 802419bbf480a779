import { information } from './irt';
import { mulberry32 } from './random';
import { PoolItem, rankByInformation, selectItem, topByInformation } from './select';

/** Eleven 2PL items with b from -2.5 to 2.5: at a target the nearest b is the most informative. */
const pool: PoolItem[] = Array.from({ length: 11 }, (_, i) => ({
  id: `i${String(i).padStart(2, '0')}`,
  a: 1.5,
  b: -2.5 + 0.5 * i,
  c: 0,
}));
const idsNear = (target: number, k: number, used: ReadonlySet<string> = new Set()): string[] =>
  [...pool]
    .filter((item) => !used.has(item.id))
    .sort((x, y) => information(target, y) - information(target, x))
    .slice(0, k)
    .map((item) => item.id);

describe('selectItem', () => {
  it.each<[string, readonly PoolItem[], ReadonlySet<string>]>([
    ['an empty pool', [], new Set()],
    ['a pool with every item used', pool, new Set(pool.map((item) => item.id))],
  ])('returns undefined for %s', (_name, items, used) => {
    expect(selectItem(items, 0, used, { random: () => 0 })).toBeUndefined();
  });

  it.each<[number, string]>([
    [0, 'i05'],
    [1, 'i07'],
    [-2.5, 'i00'],
    [1.4, 'i08'],
    [9, 'i10'],
  ])('with k = 1 picks the maximum-information item at %p', (target, id) => {
    expect(selectItem(pool, target, new Set(), { topK: 1 })?.id).toBe(id);
  });

  it('uses the 3PL information, not the nearest b: guessing moves the peak above b', () => {
    const items: PoolItem[] = [
      { id: 'at', a: 1.5, b: 1, c: 0.25 },
      { id: 'below', a: 1.5, b: 0.75, c: 0.25 },
    ];
    // Birnbaum: the 3PL peak is b + ln((1 + sqrt(3)) / 2) / 1.5 = b + 0.21, so b = 0.75 peaks at 0.96.
    expect(selectItem(items, 1, new Set(), { topK: 1 })?.id).toBe('below');
  });

  it('is randomesque: over many draws it picks exactly the top k items, and only those', () => {
    const random = mulberry32(1);
    for (const k of [1, 3, 5]) {
      const picked = new Set<string>();
      for (let n = 0; n < 500; n++)
        picked.add(selectItem(pool, 0.3, new Set(), { topK: k, random })?.id ?? '');
      expect([...picked].sort()).toEqual(idsNear(0.3, k).sort());
    }
  });

  it.each<[number, number]>([
    [0, 0],
    [0.19, 0],
    [0.2, 1],
    [0.999999, 4],
    // A source that breaks the [0, 1) contract still picks inside the top k.
    [1, 4],
    [-0.5, 0],
  ])('maps random() = %p to the top-k rank %p', (value, rank) => {
    const expected = rankByInformation(pool, 0)[rank]?.id;
    expect(selectItem(pool, 0, new Set(), { random: () => value })?.id).toBe(expected);
  });

  it('defaults to k = 5', () => {
    expect(selectItem(pool, 0, new Set(), { random: () => 0.999 })?.id).toBe(
      rankByInformation(pool, 0)[4]?.id,
    );
  });

  it('never picks a used item, even the most informative one', () => {
    const used = new Set(['i05']);
    expect(selectItem(pool, 0, used, { topK: 1 })?.id).not.toBe('i05');
    const random = mulberry32(3);
    for (let n = 0; n < 200; n++) {
      expect(used.has(selectItem(pool, 0, used, { random })?.id ?? 'i05')).toBe(false);
    }
  });

  it('serves every item once and then nothing when run to exhaustion', () => {
    const used = new Set<string>();
    const random = mulberry32(4);
    for (let n = 0; n < pool.length; n++) {
      const item = selectItem(pool, 0, used, { random });
      expect(item).toBeDefined();
      expect(used.has(item?.id ?? '')).toBe(false);
      used.add(item?.id ?? '');
    }
    expect(used.size).toBe(pool.length);
    expect(selectItem(pool, 0, used, { random })).toBeUndefined();
  });

  it('works with k larger than what is left', () => {
    const used = new Set(pool.slice(2).map((item) => item.id));
    const picked = new Set<string>();
    const random = mulberry32(5);
    for (let n = 0; n < 100; n++)
      picked.add(selectItem(pool, 0, used, { topK: 5, random })?.id ?? '');
    expect([...picked].sort()).toEqual(['i00', 'i01']);
  });

  it.each([0, -1, 2.5])('rejects k = %p', (topK) => {
    expect(() => selectItem(pool, 0, new Set(), { topK })).toThrow(RangeError);
  });
});

describe('rankByInformation', () => {
  it('breaks ties by id, so the ranking does not depend on the pool order', () => {
    const twins: PoolItem[] = [
      { id: 'b', a: 1, b: 0, c: 0 },
      { id: 'a', a: 1, b: 0, c: 0 },
      { id: 'c', a: 1, b: 3, c: 0 },
    ];
    expect(rankByInformation(twins, 0).map((item) => item.id)).toEqual(['a', 'b', 'c']);
    expect(rankByInformation([...twins].reverse(), 0).map((item) => item.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('topByInformation', () => {
  it.each([1, 2, 5, 12])('gives the first %i of the full ranking, on random pools', (k) => {
    const random = mulberry32(k);
    for (let round = 0; round < 50; round++) {
      const pool: PoolItem[] = Array.from({ length: 60 }, (_, i) => ({
        id: `i${String(i).padStart(2, '0')}`,
        a: 0.8 + random() * 1.2,
        // Repeated difficulties make ties, which the id must break alike in both.
        b: Math.round((random() * 5 - 2.5) * 2) / 2,
        c: 0.25,
      }));
      const used = new Set(pool.filter(() => random() < 0.3).map((item) => item.id));
      const target = random() * 4 - 2;
      expect(topByInformation(pool, target, used, k)).toEqual(
        rankByInformation(pool, target, used).slice(0, k),
      );
    }
  });
});
