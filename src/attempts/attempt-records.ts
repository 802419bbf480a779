/**
 * Row-level reads and writes of an attempt, shared by the candidate routes, finalisation, the
 * deadline sweeper and the staff results. Every function takes the caller's EntityManager so it
 * runs inside the caller's transaction (and under its lock on the attempt row).
 */
import { EntityManager } from 'typeorm';
import { ItemParams } from '../assessment/engine/irt';
import { SkillResult } from '../assessment/engine/cat';
import { AppError } from '../common/errors/app-error';
import { AttemptPlan } from './attempt-plan';
import { Phase } from './attempt-rules';

export interface AttemptRow {
  id: string;
  applicationId: string;
  phase: Phase;
  plan: AttemptPlan;
  timeMultiplier: number;
  noticeVersion: string | null;
  createdAt: Date;
  consentedAt: Date | null;
  deadlineAt: Date | null;
  finishedAt: Date | null;
  finishReason: string | null;
  /** The deadline has passed by the database's clock. */
  overdue: boolean;
  serverNow: Date;
}

interface RawAttempt {
  id: string;
  application_id: string;
  phase: Phase;
  plan: AttemptPlan;
  time_multiplier: string;
  notice_version: string | null;
  created_at: Date;
  consented_at: Date | null;
  deadline_at: Date | null;
  finished_at: Date | null;
  finish_reason: string | null;
  overdue: boolean;
  server_now: Date;
}

const ATTEMPT_COLUMNS = `a.id, a.application_id, a.phase, a.plan, a.time_multiplier::text AS time_multiplier,
  a.notice_version, a.created_at, a.consented_at, a.deadline_at, a.finished_at, a.finish_reason,
  coalesce(a.deadline_at <= now(), false) AS overdue, now() AS server_now`;

function toAttempt(row: RawAttempt): AttemptRow {
  return {
    id: row.id,
    applicationId: row.application_id,
    phase: row.phase,
    plan: row.plan,
    timeMultiplier: Number(row.time_multiplier),
    noticeVersion: row.notice_version,
    createdAt: row.created_at,
    consentedAt: row.consented_at,
    deadlineAt: row.deadline_at,
    finishedAt: row.finished_at,
    finishReason: row.finish_reason,
    overdue: row.overdue,
    serverNow: row.server_now,
  };
}

/**
 * The attempt, locked FOR UPDATE when `lock` (every change takes it, so concurrent requests of one
 * candidate queue). A voided attempt is closed to its candidate (but not to a staff export).
 */
export async function readAttempt(
  manager: EntityManager,
  id: string,
  options: boolean | { lock: boolean; voided: boolean },
): Promise<AttemptRow> {
  const { lock, voided } =
    typeof options === 'boolean' ? { lock: options, voided: false } : options;
  const rows = await manager.query<RawAttempt[]>(
    `SELECT ${ATTEMPT_COLUMNS} FROM attempts a WHERE a.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  const row = rows[0];
  if (!row || (row.phase === 'voided' && !voided)) {
    throw new AppError('ATTEMPT_CLOSED', 'This assessment was withdrawn by the recruiter');
  }
  return toAttempt(row);
}

/** The newest finished attempt of an application, else its live one (for staff results). */
export async function latestAttemptOf(
  manager: EntityManager,
  applicationId: string,
): Promise<AttemptRow | undefined> {
  const rows = await manager.query<RawAttempt[]>(
    `SELECT ${ATTEMPT_COLUMNS} FROM attempts a
      WHERE a.application_id = $1 AND a.phase <> 'voided'
      ORDER BY (a.phase = 'finished') DESC, a.finished_at DESC NULLS LAST, a.created_at DESC
      LIMIT 1`,
    [applicationId],
  );
  return rows[0] ? toAttempt(rows[0]) : undefined;
}

/** Attempts whose deadline has passed and that nobody is working on right now. */
export async function lockOverdueAttempts(
  manager: EntityManager,
  limit: number,
): Promise<AttemptRow[]> {
  const rows = await manager.query<RawAttempt[]>(
    `SELECT ${ATTEMPT_COLUMNS} FROM attempts a
      WHERE a.phase NOT IN ('finished', 'voided') AND a.deadline_at <= now()
      ORDER BY a.deadline_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map(toAttempt);
}

export interface StoredResponse {
  seq: number;
  skill: string;
  itemId: string;
  /** The item's stable ref: no two versions of one question in one attempt. */
  ref: string;
  item: ItemParams;
  optionOrder: number[];
  choice: number | null;
  correct: boolean | null;
  responseMs: number | null;
}

/** Every item served in the attempt, in the order served, with the parameters of the version served. */
export async function responsesOf(
  manager: EntityManager,
  attemptId: string,
): Promise<StoredResponse[]> {
  const rows = await manager.query<
    {
      seq: number;
      skill_id: string;
      item_id: string;
      ref: string;
      a: number;
      b: number;
      c: number;
      option_order: number[];
      choice: number | null;
      correct: boolean | null;
      response_ms: number | null;
    }[]
  >(
    `SELECT r.seq, r.skill_id, r.item_id, i.ref, i.a, i.b, i.c, r.option_order, r.choice, r.correct, r.response_ms
       FROM attempt_responses r JOIN items i ON i.id = r.item_id
      WHERE r.attempt_id = $1 ORDER BY r.seq`,
    [attemptId],
  );
  return rows.map((r) => ({
    seq: r.seq,
    skill: r.skill_id,
    itemId: r.item_id,
    ref: r.ref,
    item: { a: r.a, b: r.b, c: r.c },
    optionOrder: r.option_order,
    choice: r.choice,
    correct: r.correct,
    responseMs: r.response_ms,
  }));
}

/** Claimed level per skill (absent until the self-rating step). */
export async function ratingsOf(
  manager: EntityManager,
  attemptId: string,
): Promise<Map<string, number>> {
  const rows = await manager.query<{ skill_id: string; level: number }[]>(
    'SELECT skill_id, level FROM attempt_self_ratings WHERE attempt_id = $1',
    [attemptId],
  );
  return new Map(rows.map((r) => [r.skill_id, r.level]));
}

export interface SkillResultRow {
  skill: string;
  claimed: number;
  theta: number;
  se: number;
  itemsUsed: number;
  verdict: SkillResult['verdict'];
  pBelowClaimed: number | null;
  pAboveNext: number | null;
  stopReason: string | null;
}

export async function skillResultsOf(
  manager: EntityManager,
  attemptId: string,
): Promise<SkillResultRow[]> {
  const rows = await manager.query<
    {
      skill_id: string;
      claimed: number;
      theta: number;
      se: number;
      items_used: number;
      verdict: SkillResult['verdict'];
      p_below_claimed: number | null;
      p_above_next: number | null;
      stop_reason: string | null;
    }[]
  >(
    `SELECT skill_id, claimed, theta, se, items_used, verdict, p_below_claimed, p_above_next, stop_reason
       FROM attempt_skill_results WHERE attempt_id = $1 ORDER BY decided_at, skill_id`,
    [attemptId],
  );
  return rows.map((r) => ({
    skill: r.skill_id,
    claimed: r.claimed,
    theta: r.theta,
    se: r.se,
    itemsUsed: r.items_used,
    verdict: r.verdict,
    pBelowClaimed: r.p_below_claimed,
    pAboveNext: r.p_above_next,
    stopReason: r.stop_reason,
  }));
}

/** Records why and where a skill ended, with the settings that decided it. */
export async function insertSkillResult(
  manager: EntityManager,
  attemptId: string,
  skill: string,
  result: SkillResult,
  stopReason: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO attempt_skill_results (attempt_id, skill_id, claimed, theta, se, items_used, verdict,
                                        p_below_claimed, p_above_next, stop_reason, settings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      attemptId,
      skill,
      result.claimed,
      result.theta,
      result.se,
      result.itemsUsed,
      result.verdict,
      result.pBelowClaimed ?? null,
      result.pAboveNext ?? null,
      stopReason,
      JSON.stringify(result.settings),
    ],
  );
}

export interface PoolEntry {
  /** The engine's id for the item: its ref (see StoredResponse.ref). */
  id: string;
  itemId: string;
  a: number;
  b: number;
  c: number;
}

/** The active items of a skill with the parameters the engine selects by. */
export async function poolOf(manager: EntityManager, skill: string): Promise<PoolEntry[]> {
  const rows = await manager.query<{ ref: string; id: string; a: number; b: number; c: number }[]>(
    `SELECT ref, id, a, b, c FROM items WHERE skill_id = $1 AND status = 'active' ORDER BY ref`,
    [skill],
  );
  return rows.map((r) => ({ id: r.ref, itemId: r.id, a: r.a, b: r.b, c: r.c }));
}

export interface ChecklistRow {
  position: number;
  termId: string;
  term: string;
  isFoil: boolean;
  /** Familiarity 0-4 as answered; null until the checklist is answered. */
  rating: number | null;
  answeredAt: Date | null;
}

/** The attempt's checklist in position order. Carries foil flags: never send these rows out. */
export async function checklistOf(
  manager: EntityManager,
  attemptId: string,
): Promise<ChecklistRow[]> {
  const rows = await manager.query<
    {
      position: number;
      term_id: string;
      term: string;
      is_foil: boolean;
      rating: number | null;
      answered_at: Date | null;
    }[]
  >(
    `SELECT c.position, c.term_id, t.term, t.is_foil, c.rating, c.answered_at
       FROM attempt_checklist c JOIN checklist_terms t ON t.id = c.term_id
      WHERE c.attempt_id = $1 ORDER BY c.position`,
    [attemptId],
  );
  return rows.map((r) => ({
    position: r.position,
    termId: r.term_id,
    term: r.term,
    isFoil: r.is_foil,
    rating: r.rating,
    answeredAt: r.answered_at,
  }));
}
