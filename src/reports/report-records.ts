/**
 * Batched reads for reports and the shortlist. Each function is one query, whatever the number of
 * applications it covers: `target` picks one application or every application of a requisition.
 * Read-only, on the caller's EntityManager; the caller has already checked the caller's scope.
 */
import { EntityManager } from 'typeorm';
import { FitScore } from '../assessment/engine/fit';
import { Verdict } from '../assessment/engine/verdict';
import { Stage } from '../candidates/stages';
import { BenchmarkResult } from '../compensation/math/benchmark';
import { OfferStatus } from '../compensation/math/offer-lifecycle';
import {
  cursorColumns,
  filterSql,
  KeyColumn,
  ShortlistEntry,
  ShortlistQuery,
  sortKeys,
  statedOrderKeys,
} from './shortlist-query';

export type Target =
  { applicationId: string } | { applicationIds: string[] } | { requisitionId: string };

/** `a` is the applications alias; $1 is the target's id (or ids). */
function where(target: Target): { sql: string; id: string | string[] } {
  if ('applicationId' in target) return { sql: 'a.id = $1', id: target.applicationId };
  if ('applicationIds' in target)
    return { sql: 'a.id = ANY($1::uuid[])', id: target.applicationIds };
  return { sql: 'a.requisition_id = $1', id: target.requisitionId };
}

export interface RequiredSkillRow {
  skillId: string;
  name: string;
  weight: number;
  minLevel: number;
}

/** The requisition's required skills, heaviest first. */
export async function requiredSkillsOf(
  manager: EntityManager,
  requisitionId: string,
): Promise<RequiredSkillRow[]> {
  const rows = await manager.query<
    { skill_id: string; name: string; weight: number; min_level: number }[]
  >(
    `SELECT rs.skill_id, s.name, rs.weight, rs.min_level
       FROM requisition_skills rs JOIN skills s ON s.id = rs.skill_id
      WHERE rs.requisition_id = $1 ORDER BY rs.weight DESC, rs.skill_id`,
    [requisitionId],
  );
  return rows.map((r) => ({
    skillId: r.skill_id,
    name: r.name,
    weight: r.weight,
    minLevel: r.min_level,
  }));
}

export interface ApplicationRow {
  id: string;
  stage: Stage;
  rejectionReason: string | null;
  appliedAt: Date;
  updatedAt: Date;
  candidate: {
    id: string;
    /** null once erased. */
    name: string | null;
    location: string | null;
    erased: boolean;
  };
}

export async function applicationsOf(
  manager: EntityManager,
  target: Target,
): Promise<ApplicationRow[]> {
  const w = where(target);
  const rows = await manager.query<
    {
      id: string;
      stage: Stage;
      rejection_reason: string | null;
      created_at: Date;
      updated_at: Date;
      candidate_id: string;
      full_name: string | null;
      location: string | null;
      erased: boolean;
    }[]
  >(
    `SELECT a.id, a.stage, a.rejection_reason, a.created_at, a.updated_at, a.candidate_id,
            c.full_name, c.location, c.anonymised_at IS NOT NULL AS erased
       FROM applications a JOIN candidates c ON c.id = a.candidate_id
      WHERE ${w.sql}`,
    [w.id],
  );
  return rows.map((r) => ({
    id: r.id,
    stage: r.stage,
    rejectionReason: r.rejection_reason,
    appliedAt: r.created_at,
    updatedAt: r.updated_at,
    candidate: { id: r.candidate_id, name: r.full_name, location: r.location, erased: r.erased },
  }));
}

/** One application of a shortlist page, with what ranks it and its rank among all of them. */
export interface ShortlistRow extends ShortlistEntry {
  /** 1-based position in the stated order among all the requisition's applications. */
  rank: number;
  candidateId: string;
}

/** The ranked rows' columns each sort key reads (the `ranked` CTE of shortlistPageOf). */
const ROW_KEYS: Record<KeyColumn, string> = {
  fit: 'fit_score',
  overstated: 'overstated',
  integrity: 'integrity_flags',
  assessed: 'assessed_at',
  applied: 'applied_at',
  id: 'id',
  name: 'full_name',
};

/** Held, as decision-rules.ts isHeld says: the latest decision is a hold at the current stage. */
const heldOf = (row: string) =>
  `coalesce((SELECT d.outcome = 'hold' AND d.to_stage = ${row}.stage FROM decisions d
              WHERE d.application_id = ${row}.id ORDER BY d.seq DESC LIMIT 1), false)`;

/**
 * One page of a requisition's shortlist, ranked, filtered, sorted and cut in PostgreSQL, and the
 * number of applications the filters match; one query. Per application (index lookups, the
 * requisition's rows only): the latest finished attempt (the staff results' pick: the newest
 * finished one; the finaliser writes an attempt's results in the transaction that finishes it)
 * with the fit score and the counts stored with its results. `rank` is the position in the stated
 * order among every application, taken before the filters, so filters do not renumber. What no key
 * needs (the name unless sorting by it, held unless filtering by it) is read for the page only.
 * `after` is the previous page's last entry.
 */
export async function shortlistPageOf(
  manager: EntityManager,
  requisitionId: string,
  query: ShortlistQuery,
  after: ShortlistEntry | undefined,
): Promise<{ total: number; rows: ShortlistRow[]; more: boolean }> {
  // $1 the requisition, $2 the page size plus one (the extra row says another page exists).
  const params: unknown[] = [requisitionId, query.limit + 1];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const keys = (row: string) =>
    sortKeys(query.sort, (column) => `${row}.${ROW_KEYS[column]}`).join(', ');
  const cursorKeys = after && sortKeys(query.sort, cursorColumns(after, bind)).join(', ');
  const keysetOf = (row: string) => (cursorKeys ? `(${keys(row)}) > (${cursorKeys})` : 'true');
  // In the stated order with no filter a rank is a position: the rows up to the cursor plus the
  // place on the page, so the page is a top-N sort instead of numbering every application.
  const positional = query.sort === 'rank' && !query.stage && !query.flag;
  const chosen = positional
    ? ''
    : `, chosen AS (
         SELECT * FROM (SELECT r.*, row_number() OVER (ORDER BY ${statedOrderKeys((column) => `r.${ROW_KEYS[column]}`).join(', ')}) AS rank
                          FROM ranked r) n
          WHERE ${filterSql(query, bind, heldOf('n'))}
       )`;
  const counted = positional
    ? `SELECT count(*)::int AS total, count(*) FILTER (WHERE NOT ${keysetOf('r')})::int AS before
         FROM ranked r`
    : 'SELECT count(*)::int AS total FROM chosen';
  const rank = positional ? `t.before + row_number() OVER (ORDER BY ${keys('c')})` : 'c.rank';
  // The stated order is the rank's: one key to sort the page by instead of six.
  const pageOrder = query.sort === 'rank' && !positional ? 'c.rank' : keys('c');
  const byName = query.sort === 'name';
  const rows = await manager.query<
    {
      total: number;
      id: string | null;
      candidate_id: string;
      full_name: string | null;
      stage: Stage;
      held: boolean;
      applied_at: Date;
      assessed_at: Date | null;
      fit_score: number | null;
      overstated: number;
      integrity_flags: number;
      rank: string;
    }[]
  >(
    // Per application, index lookups: the lateral's LIMIT 1 reads the newest finished attempt
    // off attempts_latest_finished, then its results by primary key. (One ScalarArrayOp scan over
    // the array of ids reads less, but the planner cannot estimate the array's length and chose
    // nested loops over thousands of rows it took for ten.) Finish times are truncated to the
    // millisecond (applications.created_at has no more).
    `WITH ranked AS (
       SELECT a.id, a.candidate_id, a.stage, a.created_at AS applied_at,
              date_trunc('milliseconds', l.finished_at) AS assessed_at, l.fit_score,
              coalesce(l.overstated_count, 0) AS overstated,
              coalesce(l.integrity_flag_count, 0) AS integrity_flags
              ${byName ? ', p.full_name' : ''}
         FROM applications a
         ${byName ? 'JOIN candidates p ON p.id = a.candidate_id' : ''}
         LEFT JOIN LATERAL (
           SELECT t.finished_at, r.fit_score, r.overstated_count, r.integrity_flag_count
             FROM attempts t JOIN attempt_results r ON r.attempt_id = t.id
            WHERE t.application_id = a.id AND t.phase = 'finished'
            ORDER BY t.finished_at DESC, t.created_at DESC LIMIT 1) l ON true
        WHERE a.requisition_id = $1
     )${chosen}
     SELECT t.total, c.id, c.candidate_id, c.stage, c.applied_at, c.assessed_at, c.fit_score,
            c.overstated, c.integrity_flags, ${rank} AS rank, p.full_name, ${heldOf('c')} AS held
       FROM (${counted}) t
       LEFT JOIN LATERAL (SELECT * FROM ${positional ? 'ranked' : 'chosen'} c
                           WHERE ${keysetOf('c')} ORDER BY ${pageOrder} LIMIT $2) c ON true
       LEFT JOIN candidates p ON p.id = c.candidate_id
      ORDER BY ${pageOrder}`,
    params,
  );
  const page = rows.filter((r) => r.id !== null);
  return {
    total: rows[0]?.total ?? 0,
    more: page.length > query.limit,
    rows: page.slice(0, query.limit).map((r) => ({
      rank: Number(r.rank),
      applicationId: r.id!,
      candidateId: r.candidate_id,
      name: r.full_name,
      stage: r.stage,
      held: r.held,
      appliedAt: r.applied_at,
      assessedAt: r.assessed_at ?? undefined,
      fitScore: r.fit_score ?? undefined,
      overstated: r.overstated,
      integrityFlags: r.integrity_flags,
    })),
  };
}

export interface SkillResultSummary {
  skill: string;
  claimed: number;
  theta: number;
  se: number;
  verdict: Verdict;
}

export interface AssessmentSummary {
  applicationId: string;
  attemptId: string;
  finishedAt: Date;
  fit: FitScore;
  /** Minimum level per required skill, as the attempt's plan fixed them. */
  minimumLevels: Record<string, number>;
  integrityFlags: string[];
  skills: SkillResultSummary[];
}

/**
 * Per application, its latest finished attempt (as the staff results read it: the newest finished
 * one) with the stored fit score, the integrity flags and the per-skill results.
 */
export async function finishedAssessmentsOf(
  manager: EntityManager,
  target: Target,
): Promise<Map<string, AssessmentSummary>> {
  const w = where(target);
  const rows = await manager.query<
    {
      application_id: string;
      attempt_id: string;
      finished_at: Date;
      fit: FitScore;
      required: { skill: string; minimumLevel: number }[] | null;
      flagged: string[] | null;
      skills: SkillResultSummary[] | null;
    }[]
  >(
    `SELECT l.application_id, l.id AS attempt_id, l.finished_at, r.fit,
            l.plan->'required' AS required, r.integrity->'flagged' AS flagged,
            (SELECT jsonb_agg(jsonb_build_object('skill', s.skill_id, 'claimed', s.claimed,
                      'theta', s.theta, 'se', s.se, 'verdict', s.verdict))
               FROM attempt_skill_results s WHERE s.attempt_id = l.id) AS skills
       FROM (SELECT DISTINCT ON (t.application_id) t.application_id, t.id, t.finished_at, t.plan
               FROM attempts t JOIN applications a ON a.id = t.application_id
              WHERE ${w.sql} AND t.phase = 'finished'
              ORDER BY t.application_id, t.finished_at DESC, t.created_at DESC) l
       JOIN attempt_results r ON r.attempt_id = l.id`,
    [w.id],
  );
  return new Map(
    rows.map((r) => [
      r.application_id,
      {
        applicationId: r.application_id,
        attemptId: r.attempt_id,
        finishedAt: r.finished_at,
        fit: r.fit,
        minimumLevels: Object.fromEntries((r.required ?? []).map((q) => [q.skill, q.minimumLevel])),
        integrityFlags: r.flagged ?? [],
        skills: r.skills ?? [],
      },
    ]),
  );
}

export interface OfferSummary {
  applicationId: string;
  id: string;
  status: OfferStatus;
  payBasis: 'base' | 'total';
  offerDate: string;
  /** The offer's latest stored benchmark; null until it is benchmarked. */
  benchmark: { result: BenchmarkResult; at: Date } | null;
}

/** Per application, its newest offer with that offer's latest stored benchmark. */
export async function latestOffersOf(
  manager: EntityManager,
  target: Target,
): Promise<Map<string, OfferSummary>> {
  const w = where(target);
  const rows = await manager.query<
    {
      application_id: string;
      id: string;
      status: OfferStatus;
      pay_basis: 'base' | 'total';
      offer_date: string;
      result: BenchmarkResult | null;
      benchmarked_at: Date | null;
    }[]
  >(
    `SELECT DISTINCT ON (o.application_id) o.application_id, o.id, o.status, o.pay_basis,
            o.offer_date::text AS offer_date, b.result, b.created_at AS benchmarked_at
       FROM offers o
       JOIN applications a ON a.id = o.application_id
       LEFT JOIN LATERAL (SELECT ob.result, ob.created_at FROM offer_benchmarks ob
                           WHERE ob.offer_id = o.id
                           ORDER BY ob.created_at DESC, ob.id DESC LIMIT 1) b ON true
      WHERE ${w.sql}
      ORDER BY o.application_id, o.created_at DESC, o.id DESC`,
    [w.id],
  );
  return new Map(
    rows.map((r) => [
      r.application_id,
      {
        applicationId: r.application_id,
        id: r.id,
        status: r.status,
        payBasis: r.pay_basis,
        offerDate: r.offer_date,
        benchmark: r.result && r.benchmarked_at ? { result: r.result, at: r.benchmarked_at } : null,
      },
    ]),
  );
}
