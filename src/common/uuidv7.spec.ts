import { isUuid } from './dto/ids';
import { uuidv7, uuidv7Time } from './uuidv7';

describe('uuidv7', () => {
  it.each<[string, number, string]>([
    ['the epoch', 0, '00000000-0000-7'],
    ['one millisecond', 1, '00000000-0001-7'],
    ['2^24 ms (the split between the two halves)', 2 ** 24, '00000100-0000-7'],
    ['2026-12-07T10:00:00.000Z', Date.UTC(2026, 11, 7, 10), '01a24ff2-2900-7'],
    ['the last 48-bit millisecond', 2 ** 48 - 1, 'ffffffff-ffff-7'],
  ])('puts %s in the first 48 bits, then version 7', (_name, ms, prefix) => {
    const id = uuidv7(ms);
    expect(id.startsWith(prefix)).toBe(true);
    expect(uuidv7Time(id)).toBe(ms);
  });

  it('is a UUID with the RFC 9562 variant (10xx)', () => {
    for (let i = 0; i < 2000; i++) {
      const id = uuidv7(1_796_636_000_000);
      expect(isUuid(id)).toBe(true);
      expect('89ab').toContain(id[19]);
    }
  });

  it('draws fresh random bits for every id, across refills of its pool', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => uuidv7(1_796_636_000_000)));
    expect(ids.size).toBe(5000);
    const tails = new Set([...ids].map((id) => id.slice(15)));
    expect(tails.size).toBe(5000);
  });

  it('sorts by time as text, as PostgreSQL sorts uuids', () => {
    const earlier = uuidv7(1_796_636_000_000);
    const later = uuidv7(1_796_636_000_001);
    expect(earlier < later).toBe(true);
  });

  it.each([-1, 2 ** 48, 1.5, Number.NaN])('refuses the timestamp %p', (ms) => {
    expect(() => uuidv7(ms)).toThrow(RangeError);
  });
});
