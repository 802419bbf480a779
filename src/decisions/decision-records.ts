/**
 * Row-level reads of decisions, shared by the decisions API, the candidate report and the
 * shortlist. Each takes the caller's EntityManager and answers with one query however many
 * applications it covers.
 */
import { EntityManager } from 'typeorm';
import { Stage } from '../candidates/stages';
import { Outcome } from './decision-rules';

export interface DecisionRow {
  id: string;
  seq: number;
  applicationId: string;
  outcome: Outcome;
  /** null once the candidate was erased. */
  reason: string | null;
  fromStage: Stage;
  toStage: Stage;
  decidedBy: { id: string; name: string };
  createdAt: Date;
}

interface RawDecision {
  id: string;
  seq: string;
  application_id: string;
  outcome: Outcome;
  reason: string | null;
  from_stage: Stage;
  to_stage: Stage;
  decided_by: string;
  decided_by_name: string;
  created_at: Date;
}

const COLUMNS = `d.id, d.seq, d.application_id, d.outcome, d.reason, d.from_stage, d.to_stage,
  d.decided_by, u.display_name AS decided_by_name, d.created_at`;

function toDecision(row: RawDecision): DecisionRow {
  return {
    id: row.id,
    seq: Number(row.seq),
    applicationId: row.application_id,
    outcome: row.outcome,
    reason: row.reason,
    fromStage: row.from_stage,
    toStage: row.to_stage,
    decidedBy: { id: row.decided_by, name: row.decided_by_name },
    createdAt: row.created_at,
  };
}

/** One decision by id. */
export async function decisionById(manager: EntityManager, id: string): Promise<DecisionRow> {
  const rows = await manager.query<RawDecision[]>(
    `SELECT ${COLUMNS} FROM decisions d JOIN users u ON u.id = d.decided_by WHERE d.id = $1`,
    [id],
  );
  return toDecision(rows[0]!);
}

/** An application's decisions in the order they were taken, after `afterSeq`, at most `limit`. */
export async function decisionsOf(
  manager: EntityManager,
  applicationId: string,
  page: { afterSeq?: number; limit?: number } = {},
): Promise<DecisionRow[]> {
  const rows = await manager.query<RawDecision[]>(
    `SELECT ${COLUMNS} FROM decisions d JOIN users u ON u.id = d.decided_by
      WHERE d.application_id = $1 AND d.seq > $2
      ORDER BY d.seq LIMIT $3`,
    [applicationId, page.afterSeq ?? 0, page.limit ?? null],
  );
  return rows.map(toDecision);
}

/** The decisions on any of the applications, oldest first (for a person's data export). */
export async function decisionsOfApplications(
  manager: EntityManager,
  applicationIds: string[],
): Promise<DecisionRow[]> {
  const rows = await manager.query<RawDecision[]>(
    `SELECT ${COLUMNS} FROM decisions d JOIN users u ON u.id = d.decided_by
      WHERE d.application_id = ANY($1::uuid[])
      ORDER BY d.seq`,
    [applicationIds],
  );
  return rows.map(toDecision);
}
