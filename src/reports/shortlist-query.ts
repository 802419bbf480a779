/**
 * The shortlist's filters, sort options and keyset pages, as the SQL fragments that apply them in
 * PostgreSQL (so only the requested page leaves the database), and its cursors. Every sort falls
 * back to the stated order (shortlist-order.ts), so each is total, and a page's cursor is the last
 * entry's sort key: the next page starts strictly after it, however the list changed meanwhile.
 * Pure: no Nest, no TypeORM; the query that uses these is report-records.ts shortlistPageOf.
 */
import { Stage } from '../candidates/stages';
import { RankedEntry } from './shortlist-order';

export const SHORTLIST_FLAGS = ['overstated', 'integrity', 'held'] as const;
export type ShortlistFlag = (typeof SHORTLIST_FLAGS)[number];

export const SHORTLIST_SORTS = ['rank', 'applied', 'name', 'overstated'] as const;
export type ShortlistSort = (typeof SHORTLIST_SORTS)[number];

/** What each sort means, for the API documentation and the page. */
export const SORT_LABELS: Record<ShortlistSort, string> = {
  rank: 'the stated order',
  applied: 'applied earliest first',
  name: 'candidate name, A to Z, ignoring case (erased candidates last)',
  overstated: 'most skills judged overstated first',
};

export interface ShortlistEntry extends RankedEntry {
  stage: Stage;
  held: boolean;
  /** null for an erased candidate. */
  name: string | null;
}

export interface ShortlistQuery {
  stage?: Stage;
  flag?: ShortlistFlag;
  sort: ShortlistSort;
  limit: number;
}

/**
 * SQL expressions for what an entry is sorted by: columns of the ranked rows, or the cursor's
 * parameters. Times are whole milliseconds (truncated, as a JS Date and so a cursor carry them),
 * so the database and rank() compare the same values.
 */
export interface KeyTypes {
  /** NULL without a score. */
  fit: 'float8';
  overstated: 'int';
  integrity: 'int';
  /** NULL without a finished assessment. */
  assessed: 'timestamptz';
  applied: 'timestamptz';
  /** A uuid orders as the lower-case text rank() compares. */
  id: 'uuid';
  /** NULL once erased. */
  name: 'text';
}
export type KeyColumn = keyof KeyTypes;
export type KeyColumns = (column: KeyColumn) => string;

const KEY_TYPES: KeyTypes = {
  fit: 'float8',
  overstated: 'int',
  integrity: 'int',
  assessed: 'timestamptz',
  applied: 'timestamptz',
  id: 'uuid',
  name: 'text',
};

/**
 * The stated order as ascending, never-NULL keys, so a row comparison `(keys) > (cursor keys)`
 * means "after" (NULL would make it unknown): no score sorts after every score (1 > -0), no
 * finished assessment after every finished one.
 */
export function statedOrderKeys(c: KeyColumns): string[] {
  return [
    `coalesce(-${c('fit')}, 1)`,
    c('overstated'),
    c('integrity'),
    `coalesce(${c('assessed')}, 'infinity')`,
    c('applied'),
    c('id'),
  ];
}

/**
 * The keys of a sort: its own first, then the stated order's. Names compare lower-cased in the
 * database's collation, then as stored (so the order is total); erased (NULL) names last.
 */
export function sortKeys(sort: ShortlistSort, c: KeyColumns): string[] {
  const own = (): string[] => {
    switch (sort) {
      case 'rank':
        return [];
      case 'applied':
        return [c('applied')];
      case 'name':
        return [
          `(${c('name')} IS NULL)`,
          `coalesce(lower(${c('name')}), '')`,
          `coalesce(${c('name')}, '')`,
        ];
      case 'overstated':
        return [`-${c('overstated')}`];
    }
  };
  return [...own(), ...statedOrderKeys(c)];
}

/**
 * The cursor's entry as typed parameters, each bound (through `bind`, which returns its
 * placeholder) the first time a key uses it: PostgreSQL refuses a parameter no expression types.
 */
export function cursorColumns(
  after: ShortlistEntry,
  bind: (value: string | number | null) => string,
): KeyColumns {
  const values: Record<KeyColumn, string | number | null> = {
    fit: after.fitScore ?? null,
    overstated: after.overstated,
    integrity: after.integrityFlags,
    assessed: after.assessedAt?.toISOString() ?? null,
    applied: after.appliedAt.toISOString(),
    id: after.applicationId,
    name: after.name,
  };
  const bound = new Map<KeyColumn, string>();
  return (column) => {
    let placeholder = bound.get(column);
    if (placeholder === undefined) {
      placeholder = `${bind(values[column])}::${KEY_TYPES[column]}`;
      bound.set(column, placeholder);
    }
    return placeholder;
  };
}

/**
 * The filter as SQL over the ranked rows' `stage` and counts; the stage is a parameter, bound
 * (through `bind`, which returns its placeholder) only when the filter has one. `held` is the SQL
 * that tells whether a row is held, evaluated only when the filter asks for it.
 */
export function filterSql(
  query: Pick<ShortlistQuery, 'stage' | 'flag'>,
  bind: (stage: Stage) => string,
  held: string,
): string {
  const conditions = ['true'];
  if (query.stage) conditions.push(`stage = ${bind(query.stage)}`);
  switch (query.flag) {
    case undefined:
      break;
    case 'overstated':
      conditions.push('overstated > 0');
      break;
    case 'integrity':
      conditions.push('integrity_flags > 0');
      break;
    case 'held':
      conditions.push(held);
      break;
  }
  return conditions.join(' AND ');
}

/** The sort key of an entry, as a cursor carries it. */
export type CursorKey = [
  sort: ShortlistSort,
  fitScore: number,
  overstated: number,
  integrityFlags: number,
  assessedAt: number,
  appliedAt: number,
  applicationId: string,
  name: string,
];

export const CURSOR_ARITY = 8;

export function cursorKeyOf(sort: ShortlistSort, entry: ShortlistEntry): CursorKey {
  return [
    sort,
    entry.fitScore ?? -1,
    entry.overstated,
    entry.integrityFlags,
    entry.assessedAt?.getTime() ?? -1,
    entry.appliedAt.getTime(),
    entry.applicationId,
    entry.name ?? '',
  ];
}

const MAX_DATE_MS = 8.64e15;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The entry a cursor stands for; undefined when the parts are not a key this code wrote. */
export function entryOfCursor(
  parts: ReadonlyArray<string | number>,
  sort: ShortlistSort,
): ShortlistEntry | undefined {
  if (parts.length !== CURSOR_ARITY) return undefined;
  const [s, fit, overstated, integrity, assessed, applied, id, name] = parts;
  const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  // -1 for none; at most the last time a Date can hold, so the key is never NaN.
  const time = (v: unknown): v is number =>
    Number.isSafeInteger(v) && (v as number) >= -1 && (v as number) <= MAX_DATE_MS;
  if (
    s !== sort ||
    typeof fit !== 'number' ||
    !(fit === -1 || (fit >= 0 && fit <= 100)) ||
    !count(overstated) ||
    !count(integrity) ||
    !time(assessed) ||
    !time(applied) ||
    applied < 0 ||
    typeof id !== 'string' ||
    !UUID.test(id) ||
    typeof name !== 'string'
  )
    return undefined;
  return {
    applicationId: id,
    fitScore: fit === -1 ? undefined : fit,
    overstated,
    integrityFlags: integrity,
    assessedAt: assessed === -1 ? undefined : new Date(assessed),
    appliedAt: new Date(applied),
    name: name === '' ? null : name,
    // Not part of any sort key.
    stage: 'applied',
    held: false,
  };
}
