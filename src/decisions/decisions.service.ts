import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { applyStageMove, findVisibleApplication } from '../candidates/applications.service';
import { assertNotErased, lockCandidateOf } from '../candidates/candidate-records';
import { checkStageMove, Stage } from '../candidates/stages';
import { decodeCursor, encodeCursor, Page } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { decisionById, DecisionRow, decisionsOf } from './decision-records';
import { decisionTarget, Outcome, stageMoveReason } from './decision-rules';

export interface NewDecision {
  applicationId: string;
  outcome: Outcome;
  reason: string;
}

/** Hiring decisions: recorded by the requisition's hiring team (or an admin), read by all staff in scope. */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  /**
   * One transaction: the candidate's row lock (the lock order every application change keeps),
   * then the application's, so concurrent decisions and stage moves on it queue; the stage move
   * (history row, audit) through applyStageMove; the decision; 'decision.recorded'.
   */
  async record(caller: Caller, input: NewDecision): Promise<DecisionRow> {
    return this.db.run(async (manager) => {
      const application = await findVisibleApplication(manager, caller, input.applicationId);
      await assertMayDecide(manager, caller, application.requisitionId);
      assertNotErased(await lockCandidateOf(manager, application.candidateId));
      const [locked] = await manager.query<{ stage: Stage }[]>(
        'SELECT stage FROM applications WHERE id = $1 FOR UPDATE',
        [application.id],
      );
      const from = locked!.stage;
      const target = decisionTarget(input.outcome, from);
      if (!target.allowed) {
        throw new AppError('DECISION_FINAL_STAGE', `No decision can change it: ${target.reason}`, {
          stage: from,
          outcome: input.outcome,
        });
      }
      if (target.moves) {
        const move = { from, to: target.to, reason: stageMoveReason(input.reason) };
        const verdict = checkStageMove(move);
        // decisionTarget only names moves the pipeline allows; this guards the two from drifting.
        if (!verdict.allowed) throw new Error(`decision move refused: ${verdict.reason}`);
        const moved = await applyStageMove(manager, this.audit, {
          id: application.id,
          candidateId: application.candidateId,
          ...move,
          actor: caller,
        });
        if (!moved) throw new Error('the locked application changed stage');
      }
      const [inserted] = await manager.query<{ id: string }[]>(
        `INSERT INTO decisions (application_id, decided_by, outcome, reason, from_stage, to_stage)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [application.id, caller.userId, input.outcome, input.reason, from, target.to],
      );
      const id = inserted!.id;
      // The reason stays out of the audit trail: it is personal data, and the trail is never erased.
      await this.audit.record(manager, {
        actor: caller,
        action: 'decision.recorded',
        subject: { type: 'application', id: application.id },
        details: { decisionId: id, outcome: input.outcome, from, to: target.to },
      });
      return decisionById(manager, id);
    });
  }

  /** An application's decisions, oldest first; 404 for applications outside the caller's scope. */
  async list(
    caller: Caller,
    applicationId: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<DecisionRow>> {
    const manager = this.db.manager;
    await findVisibleApplication(manager, caller, applicationId);
    const afterSeq = page.cursor ? seqOfCursor(page.cursor) : 0;
    const rows = await decisionsOf(manager, applicationId, { afterSeq, limit: page.limit + 1 });
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > page.limit && last ? encodeCursor([last.seq]) : null,
    };
  }
}

function seqOfCursor(cursor: string): number {
  const [seq] = decodeCursor(cursor, 1);
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
    throw new AppError('INVALID_CURSOR', 'cursor is not a cursor this API issued');
  return seq;
}

/**
 * Admins decide on any requisition; anyone else only as a hiring manager on its team. A recruiter
 * who is also a hiring manager sees every application, so off their team the answer is 403, not 404.
 */
async function assertMayDecide(
  manager: EntityManager,
  caller: Caller,
  requisitionId: string,
): Promise<void> {
  if (hasRole(caller, 'admin')) return;
  if (hasRole(caller, 'hiring_manager')) {
    const team = await manager.query<unknown[]>(
      'SELECT 1 FROM requisition_team WHERE requisition_id = $1 AND user_id = $2',
      [requisitionId, caller.userId],
    );
    if (team.length > 0) return;
  }
  throw new AppError(
    'DECISION_NOT_ON_TEAM',
    "Only the requisition's hiring team or an admin records decisions",
  );
}
