import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AppError } from '../errors/app-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `?limit=&cursor=` for every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    type: 'integer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor this API issued' })
  cursor?: string;
}

/** A page of a list: `{ items, nextCursor }`; nextCursor is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type CursorKey = ReadonlyArray<string | number>;

/** Cursors are the sort key of the last row, so pages stay stable while rows are added. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('INVALID_CURSOR', 'cursor is not a cursor this API issued');
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === arity &&
    parsed.every(
      (part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)),
    );
  if (!valid) throw new AppError('INVALID_CURSOR', 'cursor is not a cursor this API issued');
  return parsed as CursorKey;
}

/**
 * Turns `limit + 1` rows fetched in a stable order into a page: the extra row only says whether
 * another page exists.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => CursorKey,
  toItem: (row: Row) => Item,
): Page<Item> {
  const visible = rows.slice(0, limit);
  const last = visible[visible.length - 1];
  return {
    items: visible.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

export function pageLimit(query: PageQueryDto): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A (sort key, id) keyset cursor, checked part by part: a forged cursor is a 400, never a malformed
 * value sent to the database. Ids are the lower-case uuids the API itself issued.
 */
export function decodeKeyIdCursor(
  cursor: string,
  isValidKey: (key: string) => boolean,
): { key: string; id: string } {
  const [key, id] = decodeCursor(cursor, 2);
  if (
    typeof key !== 'string' ||
    !isValidKey(key) ||
    typeof id !== 'string' ||
    !CURSOR_ID.test(id)
  ) {
    throw new AppError('INVALID_CURSOR', 'cursor is not a cursor this API issued');
  }
  return { key, id };
}

/** An ISO 8601 time exactly as Date.toISOString writes it (what created_at cursors carry). */
export function isIsoMillis(key: string): boolean {
  const time = new Date(key);
  return !Number.isNaN(time.getTime()) && time.toISOString() === key;
}

/** The common (created_at, id) keyset cursor. */
export function decodeTimeIdCursor(cursor: string): { createdAt: Date; id: string } {
  const { key, id } = decodeKeyIdCursor(cursor, isIsoMillis);
  return { createdAt: new Date(key), id };
}

export function encodeTimeIdCursor(createdAt: Date, id: string): CursorKey {
  return [createdAt.toISOString(), id];
}
