import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { visibleTo } from '../auth/scope';
import { decodeTimeIdCursor, Page, toPage } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { requisitionScope } from '../requisitions/requisition-scope';
import { Application, ApplicationStageChange } from './application.entity';
import {
  assertNotErased,
  findVisibleCandidate,
  lockCandidateOf,
  touchCandidate,
} from './candidate-records';
import { ExpectedSalaryDto } from './dto/application-input.dto';
import { checkStageMove, Stage } from './stages';

const APPLICATION_SCOPE = requisitionScope('requisition_id');

export interface ApplicationListFilter {
  limit: number;
  cursor?: string;
  requisitionId?: string;
  candidateId?: string;
  stage?: Stage;
}

export interface NewApplication {
  candidateId: string;
  requisitionId: string;
  expectedSalary?: ExpectedSalaryDto | null;
}

export interface ApplicationWithHistory {
  application: Application;
  history: ApplicationStageChange[];
}

/** Candidates in requisition pipelines, and their stage moves. */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller, filter: ApplicationListFilter): Promise<Page<Application>> {
    const qb = this.db.manager
      .createQueryBuilder(Application, 'a')
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(filter.limit + 1);
    if (filter.cursor) {
      const { createdAt, id } = decodeTimeIdCursor(filter.cursor);
      qb.andWhere('(a.created_at, a.id) > (:createdAt, :id)', { createdAt, id });
    }
    if (filter.requisitionId)
      qb.andWhere('a.requisition_id = :requisitionId', { requisitionId: filter.requisitionId });
    if (filter.candidateId)
      qb.andWhere('a.candidate_id = :candidateId', { candidateId: filter.candidateId });
    if (filter.stage) qb.andWhere('a.stage = :stage', { stage: filter.stage });
    const rows = await visibleTo(qb, 'a', caller, APPLICATION_SCOPE).getMany();
    return toPage(
      rows,
      filter.limit,
      (a) => [a.createdAt.toISOString(), a.id],
      (a) => a,
    );
  }

  async get(caller: Caller, id: string): Promise<ApplicationWithHistory> {
    const application = await findVisibleApplication(this.db.manager, caller, id);
    return { application, history: await historyOf(this.db.manager, id) };
  }

  /** Only into an open requisition; one application per person and requisition. */
  async create(caller: Caller, input: NewApplication): Promise<ApplicationWithHistory> {
    return this.db.run(async (manager) => {
      const candidate = await findVisibleCandidate(manager, caller, input.candidateId, true);
      assertNotErased(candidate);
      // FOR SHARE: the requisition cannot close while this application is being added.
      const requisitions = await manager.query<{ status: string }[]>(
        'SELECT status FROM requisitions WHERE id = $1 FOR SHARE',
        [input.requisitionId],
      );
      const requisition = requisitions[0];
      if (!requisition) throw new AppError('REQUISITION_NOT_FOUND', 'No such requisition');
      if (requisition.status !== 'open') {
        throw new AppError(
          'REQUISITION_NOT_ACCEPTING',
          `The requisition is ${requisition.status}; only an open requisition takes applications`,
          { status: requisition.status },
        );
      }
      const salary = input.expectedSalary ?? null;
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO applications (candidate_id, requisition_id, expected_salary_amount,
                                   expected_salary_currency, expected_salary_pay_basis)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (candidate_id, requisition_id) DO NOTHING RETURNING id`,
        [
          candidate.id,
          input.requisitionId,
          salary?.amount ?? null,
          salary?.currency ?? null,
          salary?.payBasis ?? null,
        ],
      );
      const id = inserted[0]?.id;
      if (!id) {
        throw new AppError(
          'APPLICATION_EXISTS',
          'This candidate already has an application for this requisition',
        );
      }
      await manager.insert(ApplicationStageChange, {
        applicationId: id,
        fromStage: null,
        toStage: 'applied',
        actorId: caller.userId,
      });
      await touchCandidate(manager, candidate.id);
      await this.audit.record(manager, {
        actor: caller,
        action: 'application.created',
        subject: { type: 'application', id },
        details: { candidateId: candidate.id, requisitionId: input.requisitionId },
      });
      return {
        application: await manager.findOneByOrFail(Application, { id }),
        history: await historyOf(manager, id),
      };
    });
  }

  async updateExpectedSalary(
    caller: Caller,
    id: string,
    salary: ExpectedSalaryDto | null,
  ): Promise<ApplicationWithHistory> {
    return this.db.run(async (manager) => {
      const found = await findVisibleApplication(manager, caller, id);
      assertNotErased(await lockCandidateOf(manager, found.candidateId));
      await manager.update(
        Application,
        { id },
        {
          expectedSalaryAmount: salary?.amount ?? null,
          expectedSalaryCurrency: salary?.currency ?? null,
          expectedSalaryPayBasis: salary?.payBasis ?? null,
        },
      );
      await touchCandidate(manager, found.candidateId);
      await this.audit.record(manager, {
        actor: caller,
        action: 'application.updated',
        subject: { type: 'application', id },
        details: { fields: ['expectedSalary'], candidateId: found.candidateId },
      });
      return {
        application: await manager.findOneByOrFail(Application, { id }),
        history: await historyOf(manager, id),
      };
    });
  }

  /**
   * Moves an application along the pipeline (see stages.ts). The UPDATE only applies while the
   * stage is still the one the rules were checked against, so of two concurrent moves exactly one
   * wins and the other gets 409.
   */
  async moveStage(
    caller: Caller,
    id: string,
    move: { to: Stage; from?: Stage; reason?: string },
  ): Promise<ApplicationWithHistory> {
    return this.db.run(async (manager) => {
      const found = await findVisibleApplication(manager, caller, id);
      assertNotErased(await lockCandidateOf(manager, found.candidateId));
      const from = found.stage;
      if (move.from && move.from !== from) {
        throw new AppError(
          'APPLICATION_ILLEGAL_STAGE',
          `Cannot move the application: it is at ${from}, not ${move.from}`,
          { from, to: move.to },
        );
      }
      const reason = move.reason?.trim() || null;
      const verdict = checkStageMove({ from, to: move.to, reason });
      if (!verdict.allowed) {
        throw new AppError(
          'APPLICATION_ILLEGAL_STAGE',
          `Cannot move the application: ${verdict.reason}`,
          {
            from,
            to: move.to,
          },
        );
      }
      const moved = await applyStageMove(manager, this.audit, {
        id,
        candidateId: found.candidateId,
        from,
        to: move.to,
        reason,
        actor: caller,
      });
      if (!moved) {
        const now = await manager.findOneByOrFail(Application, { id });
        throw new AppError(
          'APPLICATION_ILLEGAL_STAGE',
          `Cannot move the application: it moved from ${from} to ${now.stage} meanwhile`,
          { from: now.stage, to: move.to },
        );
      }
      return {
        application: await manager.findOneByOrFail(Application, { id }),
        history: await historyOf(manager, id),
      };
    });
  }
}

export interface StageMoveRecord {
  id: string;
  candidateId: string;
  from: Stage;
  to: Stage;
  reason: string | null;
  /** A staff member, or the system (e.g. a finished assessment): then the history has no actor. */
  actor: Caller | 'system';
}

/**
 * Writes a move the caller has already checked with checkStageMove: the UPDATE applies only while
 * the stage is still `from` (false otherwise, and nothing is written), then the history row, the
 * candidate's activity and the 'application.stage_changed' audit event. Runs in the caller's
 * transaction, which holds the candidate's lock.
 */
export async function applyStageMove(
  manager: EntityManager,
  audit: AuditService,
  move: StageMoveRecord,
): Promise<boolean> {
  const { id, from, to, reason } = move;
  const result = await manager
    .createQueryBuilder()
    .update(Application)
    .set({ stage: to, rejectionReason: to === 'rejected' ? reason : null })
    .where('id = :id AND stage = :from', { id, from })
    .execute();
  if (result.affected !== 1) return false;
  await manager.insert(ApplicationStageChange, {
    applicationId: id,
    fromStage: from,
    toStage: to,
    reason,
    actorId: move.actor === 'system' ? null : move.actor.userId,
  });
  await touchCandidate(manager, move.candidateId);
  await audit.record(manager, {
    actor: move.actor,
    action: 'application.stage_changed',
    subject: { type: 'application', id },
    details: { from, to, candidateId: move.candidateId },
  });
  return true;
}

export async function findVisibleApplication(
  manager: EntityManager,
  caller: Caller,
  id: string,
): Promise<Application> {
  const qb = manager.createQueryBuilder(Application, 'a').where('a.id = :id', { id });
  const application = await visibleTo(qb, 'a', caller, APPLICATION_SCOPE).getOne();
  if (!application) throw new AppError('APPLICATION_NOT_FOUND', 'No such application');
  return application;
}

export async function historyOf(
  manager: EntityManager,
  applicationId: string,
): Promise<ApplicationStageChange[]> {
  return manager.find(ApplicationStageChange, {
    where: { applicationId },
    order: { id: 'ASC' },
  });
}
