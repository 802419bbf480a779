import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { decodeCursor, Page, toPage } from '../common/dto/pagination';
import { AppError, FieldError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import {
  ItemContent,
  itemProblems,
  Problem,
  REF_PATTERN,
  sameItemContent,
  sameTermContent,
  TermContent,
  termProblems,
} from './bank-rules';
import { BankStatus, ChecklistTerm, Item } from './item-bank.entity';

/**
 * What items and checklist terms share: versions of a ref that never change once written, a
 * status, at most one active version per ref. One `BankKind` per table says how its content
 * maps to rows; the operations below are written once for both.
 */
/** The content fields every versioned bank entry has. */
export interface BankContent {
  ref: string;
  skill: string;
  reviewedBy: string | null;
}

export interface BankKind<Row extends Item | ChecklistTerm, Content extends BankContent> {
  entity: new () => Row;
  table: 'items' | 'checklist_terms';
  /** Audit subject and action prefix. */
  subject: 'item' | 'checklist_term';
  notFound: ErrorCode;
  /** Column searched by `q`. */
  textColumn: 'stem' | 'term';
  contentOf(row: Row): Content;
  toRow(content: Content): Partial<Row>;
  problems(content: Content): Problem[];
  same(x: Content, y: Content): boolean;
  /** Values of the optional fields when an input leaves them out. */
  defaults: Partial<Content>;
}

/** Input fields (a DTO) as content: absent optional fields take the kind's defaults. */
export function contentFrom<R extends Item | ChecklistTerm, C extends BankContent>(
  kind: BankKind<R, C>,
  input: object,
): C {
  const given = Object.entries(input).filter(
    ([field, value]) => value !== undefined && field !== 'status',
  );
  return { ...kind.defaults, ...Object.fromEntries(given) } as C;
}

export const ITEM_KIND: BankKind<Item, ItemContent> = {
  entity: Item,
  table: 'items',
  subject: 'item',
  notFound: 'ITEM_NOT_FOUND',
  textColumn: 'stem',
  contentOf: (row) => ({
    ref: row.ref,
    skill: row.skillId,
    level: row.level,
    locale: row.locale,
    stem: row.stem,
    code: row.code,
    options: row.options,
    key: row.key,
    rationale: row.rationale,
    a: row.a,
    b: row.b,
    c: row.c,
    author: row.author,
    reviewedBy: row.reviewedBy,
  }),
  toRow: ({ skill, ...content }) => ({ ...content, skillId: skill }),
  problems: itemProblems,
  same: sameItemContent,
  defaults: { locale: 'en', code: null, reviewedBy: null },
};

export const TERM_KIND: BankKind<ChecklistTerm, TermContent> = {
  entity: ChecklistTerm,
  table: 'checklist_terms',
  subject: 'checklist_term',
  notFound: 'CHECKLIST_TERM_NOT_FOUND',
  textColumn: 'term',
  contentOf: (row) => ({
    ref: row.ref,
    skill: row.skillId,
    locale: row.locale,
    term: row.term,
    isFoil: row.isFoil,
    foilCheck: row.foilCheck,
    author: row.author,
    reviewedBy: row.reviewedBy,
  }),
  toRow: ({ skill, ...content }) => ({ ...content, skillId: skill }),
  problems: termProblems,
  same: sameTermContent,
  defaults: { locale: 'en', foilCheck: null, reviewedBy: null },
};

export interface BankFilters {
  skill?: string;
  status?: BankStatus;
  ref?: string;
  q?: string;
  level?: number;
  versions?: 'latest' | 'all';
}

export async function listVersions<Row extends Item | ChecklistTerm, C extends BankContent>(
  manager: EntityManager,
  kind: BankKind<Row, C>,
  filters: BankFilters,
  limit: number,
  cursor?: string,
): Promise<Page<Row>> {
  const qb = manager.createQueryBuilder(kind.entity, 'v');
  if (filters.skill) qb.andWhere('v.skill_id = :skill', { skill: filters.skill });
  if (filters.status) qb.andWhere('v.status = :status', { status: filters.status });
  if (filters.ref) qb.andWhere('v.ref = :ref', { ref: filters.ref });
  if (filters.level !== undefined) qb.andWhere('v.level = :level', { level: filters.level });
  if (filters.q) {
    qb.andWhere(`strpos(lower(v.${kind.textColumn}), lower(:q)) > 0`, { q: filters.q });
  }
  if ((filters.versions ?? 'latest') === 'latest') {
    // The newest version among those of the wanted status: with status=active, the live one.
    const sameStatus = filters.status ? 'AND n.status = v.status' : '';
    qb.andWhere(
      `NOT EXISTS (SELECT 1 FROM ${kind.table} n
                   WHERE n.ref = v.ref AND n.version > v.version ${sameStatus})`,
    );
  }
  if (cursor) {
    const { ref, version } = decodeRefVersionCursor(cursor);
    qb.andWhere('(v.ref, v.version) > (:ref_after, :version_after)', {
      ref_after: ref,
      version_after: version,
    });
  }
  const rows = await qb
    .orderBy('v.ref', 'ASC')
    .addOrderBy('v.version', 'ASC')
    .limit(limit + 1)
    .getMany();
  return toPage(
    rows,
    limit,
    (row) => [row.ref, row.version],
    (row) => row,
  );
}

function decodeRefVersionCursor(cursor: string): { ref: string; version: number } {
  const [ref, version] = decodeCursor(cursor, 2);
  if (typeof ref !== 'string' || !REF_PATTERN.test(ref) || !Number.isInteger(version)) {
    throw new AppError('INVALID_CURSOR', 'cursor is not a cursor this API issued');
  }
  return { ref, version: version as number };
}

export async function findVersion<Row extends Item | ChecklistTerm, C extends BankContent>(
  manager: EntityManager,
  kind: BankKind<Row, C>,
  id: string,
): Promise<Row> {
  const row = await manager.findOneBy(kind.entity, { id } as never);
  if (!row) throw new AppError(kind.notFound, `No such ${kind.subject.replace('_', ' ')}`);
  return row;
}

/** Advisory-lock class of bank writes: one lock per table. */
const BANK_WRITE_LOCK = 735_190_233;

/**
 * Every version of the given refs, newest first, read after taking the table's write lock: bank
 * writes are rare admin actions, so they simply take turns. The lock is taken in a statement of
 * its own, so the read that follows sees every version committed by the writer before.
 */
export async function lockRefs<Row extends Item | ChecklistTerm, C extends BankContent>(
  manager: EntityManager,
  kind: BankKind<Row, C>,
  refs: string[],
): Promise<Map<string, Row[]>> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    BANK_WRITE_LOCK,
    kind.table,
  ]);
  const rows = await manager.find<Row>(kind.entity, {
    where: { ref: In(refs) } as never,
    order: { ref: 'ASC', version: 'DESC' } as never,
    lock: { mode: 'pessimistic_write' },
  });
  const byRef = new Map<string, Row[]>();
  for (const row of rows) byRef.set(row.ref, [...(byRef.get(row.ref) ?? []), row]);
  return byRef;
}

/** Problems of content as API field errors under `prefix` (e.g. "items[3]"). */
export function contentErrors<Row extends Item | ChecklistTerm, Content extends BankContent>(
  kind: BankKind<Row, Content>,
  content: Content,
  prefix = '',
): FieldError[] {
  return kind.problems(content).map((problem) => ({
    field: prefix ? `${prefix}.${problem.field}` : problem.field,
    messages: [prefix ? `${content.ref}: ${problem.message}` : problem.message],
  }));
}

export async function unknownSkills(manager: EntityManager, skills: string[]): Promise<string[]> {
  const wanted = [...new Set(skills)];
  const known = await manager.query<{ id: string }[]>('SELECT id FROM skills WHERE id = ANY($1)', [
    wanted,
  ]);
  const found = new Set(known.map((row) => row.id));
  return wanted.filter((skill) => !found.has(skill));
}

/**
 * Writes a version of `content` with `status` (one of possibly many in a transaction whose refs
 * are locked): version 1 of a new ref, or the next one; an active version retires the ref's
 * other active version first (one active version per ref).
 */
export async function writeVersion<Row extends Item | ChecklistTerm, Content extends BankContent>(
  manager: EntityManager,
  kind: BankKind<Row, Content>,
  content: Content,
  status: BankStatus,
  versions: Row[],
  actor: Caller | 'system',
): Promise<Row> {
  if (status === 'active') await retireActive(manager, kind, versions);
  const values = {
    ...kind.toRow(content),
    version: (versions[0]?.version ?? 0) + 1,
    status,
    createdBy: actor === 'system' ? null : actor.userId,
  };
  const inserted = await manager.insert(kind.entity, values as never);
  const id = (inserted.identifiers[0] as { id: string }).id;
  return manager.findOneByOrFail<Row>(kind.entity, { id } as never);
}

/** Moves one version to `status` (the ref's versions locked); activation retires the other active one. */
export async function changeStatus<Row extends Item | ChecklistTerm, C extends BankContent>(
  manager: EntityManager,
  kind: BankKind<Row, C>,
  row: Row,
  status: BankStatus,
  versions: Row[],
): Promise<void> {
  if (status === 'active') {
    await retireActive(
      manager,
      kind,
      versions.filter((v) => v.id !== row.id),
    );
  }
  await manager.update(kind.entity, { id: row.id }, {
    status,
    statusChangedAt: () => 'now()',
  } as never);
}

async function retireActive<Row extends Item | ChecklistTerm, C extends BankContent>(
  manager: EntityManager,
  kind: BankKind<Row, C>,
  versions: Row[],
): Promise<void> {
  const active = versions.filter((v) => v.status === 'active').map((v) => v.id);
  await retireVersions(manager, kind, active);
}

export async function retireVersions<Row extends Item | ChecklistTerm, C extends BankContent>(
  manager: EntityManager,
  kind: BankKind<Row, C>,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await manager.update(kind.entity, { id: In(ids) }, {
    status: 'retired',
    statusChangedAt: () => 'now()',
  } as never);
}

export async function auditBank(
  audit: AuditService,
  manager: EntityManager,
  actor: Caller | 'system',
  kind: { subject: string },
  event: string,
  row: { id: string; ref: string; version: number },
  details: Record<string, unknown> = {},
): Promise<void> {
  await audit.record(manager, {
    actor,
    action: `${kind.subject}.${event}`,
    subject: { type: kind.subject, id: row.id },
    details: { ref: row.ref, version: row.version, ...details },
  });
}
