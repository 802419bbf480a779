import { AppError } from '../errors/app-error';
import {
  CursorKey,
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  pageLimit,
  toPage,
} from './pagination';

/** A cursor holding arbitrary JSON, as a client could forge it. */
const forged = (json: string): string => Buffer.from(json).toString('base64url');

function cursorError(cursor: string, arity: number): AppError {
  try {
    decodeCursor(cursor, arity);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`decodeCursor accepted ${cursor}`);
}

describe('encodeCursor / decodeCursor', () => {
  it.each<[string, CursorKey]>([
    ['a string', ['abc']],
    ['an empty string', ['']],
    ['an integer', [42]],
    ['zero and negatives', [0, -17]],
    ['a fraction', [1.5]],
    [
      'a timestamp and a uuid',
      ['2026-11-28T15:00:00.000Z', '0b7e8f2a-3c1d-4e5f-8a9b-0c1d2e3f4a5b'],
    ],
    ['unicode', ['Zoë Ångström', '日本語', '😀']],
    ['JSON-looking text', ['"],[1', '\\']],
    ['a large safe integer', [Number.MAX_SAFE_INTEGER]],
  ])('round-trips %s', (_name, key) => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, key.length)).toEqual(key);
  });

  it('is URL-safe base64 of the JSON key', () => {
    expect(encodeCursor(['a', 1])).toBe('WyJhIiwxXQ');
    expect(decodeCursor('WyJhIiwxXQ', 2)).toEqual(['a', 1]);
  });

  it.each<[string, string, number]>([
    ['too few parts', encodeCursor(['a']), 2],
    ['too many parts', encodeCursor(['a', 1, 'b']), 2],
    ['an empty array', forged('[]'), 1],
    ['a JSON object', forged('{"id":1}'), 1],
    ['a JSON string', forged('"abc"'), 1],
    ['a JSON number', forged('1'), 1],
    ['JSON null', forged('null'), 1],
    ['an object part', forged('[{"id":1}]'), 1],
    ['an array part', forged('[[1]]'), 1],
    ['a boolean part', forged('[true]'), 1],
    ['a null part (what NaN serialises to)', encodeCursor([NaN]), 1],
    ['an infinite part', forged('[1e999]'), 1],
    ['truncated JSON', forged('["a",'), 2],
    ['garbage base64', '!!!!', 1],
    ['an empty cursor', '', 1],
    ['base64 of non-JSON text', forged('hello world'), 1],
  ])('rejects %s with INVALID_CURSOR', (_name, cursor, arity) => {
    const error = cursorError(cursor, arity);
    expect(error.code).toBe('INVALID_CURSOR');
    expect(error.message).toBe('cursor is not a cursor this API issued');
  });
});

describe('toPage', () => {
  interface Row {
    id: number;
    name: string;
  }
  const rows = (count: number): Row[] =>
    Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `row ${i + 1}` }));
  const keyOf = (row: Row): CursorKey => [row.name, row.id];
  const toItem = (row: Row): number => row.id;

  it.each<[string, number, number, number[], CursorKey | null]>([
    ['no rows', 0, 3, [], null],
    ['fewer rows than the limit', 2, 3, [1, 2], null],
    ['exactly the limit', 3, 3, [1, 2, 3], null],
    ['one more than the limit', 4, 3, [1, 2, 3], ['row 3', 3]],
    ['many more than the limit', 10, 3, [1, 2, 3], ['row 3', 3]],
    ['limit 1 with a next page', 2, 1, [1], ['row 1', 1]],
  ])('%s (rows=%d, limit=%d)', (_name, count, limit, items, nextKey) => {
    const page = toPage(rows(count), limit, keyOf, toItem);
    expect(page.items).toEqual(items);
    expect(page.nextCursor).toBe(nextKey === null ? null : encodeCursor(nextKey));
    if (page.nextCursor !== null) {
      expect(decodeCursor(page.nextCursor, 2)).toEqual(nextKey);
    }
  });

  it('maps only the visible rows, never the look-ahead row', () => {
    const mapped: number[] = [];
    toPage(rows(4), 3, keyOf, (row) => mapped.push(row.id));
    expect(mapped).toEqual([1, 2, 3]);
  });
});

describe('pageLimit', () => {
  it.each<[string, { limit?: number }, number]>([
    ['no limit', {}, DEFAULT_PAGE_SIZE],
    ['an explicit limit', { limit: 10 }, 10],
    ['the maximum', { limit: 200 }, 200],
  ])('%s -> %d', (_name, query, expected) => {
    expect(pageLimit(query)).toBe(expected);
  });

  it('defaults to 50', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(50);
  });
});
