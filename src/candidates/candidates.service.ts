import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { visibleTo } from '../auth/scope';
import { decodeTimeIdCursor, Page, toPage } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { CANDIDATE_SCOPE, requisitionScope } from '../requisitions/requisition-scope';
import { Application } from './application.entity';
import { Candidate } from './candidate.entity';
import {
  assertNotErased,
  containsPattern,
  findVisibleCandidate,
  touchCandidate,
} from './candidate-records';
import { Stage } from './stages';

export interface NewCandidate {
  fullName: string;
  email: string;
  phone?: string | null;
  location?: string | null;
  source?: string | null;
  links?: string[];
  resumeText?: string | null;
}

export type CandidateChanges = Partial<NewCandidate>;

export interface CandidateListFilter {
  limit: number;
  cursor?: string;
  q?: string;
  email?: string;
  requisitionId?: string;
  stage?: Stage;
}

export interface CandidateIntake {
  candidate: Candidate;
  /** false: the email belonged to a known person, who is returned unchanged. */
  created: boolean;
}

const CHANGEABLE = [
  'fullName',
  'email',
  'phone',
  'location',
  'source',
  'links',
  'resumeText',
] as const satisfies readonly (keyof NewCandidate)[];

/** People. Never returned or searched once erased, except by id (the anonymised view). */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller, filter: CandidateListFilter): Promise<Page<Candidate>> {
    const qb = this.db.manager
      .createQueryBuilder(Candidate, 'c')
      .where('c.anonymised_at IS NULL')
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(filter.limit + 1);
    if (filter.cursor) {
      const { createdAt, id } = decodeTimeIdCursor(filter.cursor);
      qb.andWhere('(c.created_at, c.id) > (:createdAt, :id)', { createdAt, id });
    }
    if (filter.q) {
      qb.andWhere('(c.full_name ILIKE :pattern OR c.email ILIKE :pattern)', {
        pattern: containsPattern(filter.q),
      });
    }
    if (filter.email) {
      qb.andWhere('c.email_normalized = lower(btrim(:email))', { email: filter.email.trim() });
    }
    if (filter.requisitionId || filter.stage) {
      // The application that matches must itself be visible: a hiring manager must not learn
      // that one of their candidates also applied to a requisition outside their team.
      const applied = qb
        .subQuery()
        .select('1')
        .from(Application, 'fa')
        .where('fa.candidate_id = c.id');
      if (filter.requisitionId)
        applied.andWhere('fa.requisition_id = :filterRequisitionId', {
          filterRequisitionId: filter.requisitionId,
        });
      if (filter.stage) applied.andWhere('fa.stage = :filterStage', { filterStage: filter.stage });
      visibleTo(applied, 'fa', caller, requisitionScope('requisition_id'));
      qb.andWhere(`EXISTS ${applied.getQuery()}`, applied.getParameters());
    }
    const rows = await visibleTo(qb, 'c', caller, CANDIDATE_SCOPE).getMany();
    return toPage(
      rows,
      filter.limit,
      (c) => [c.createdAt.toISOString(), c.id],
      (c) => c,
    );
  }

  async get(caller: Caller, id: string): Promise<Candidate> {
    return findVisibleCandidate(this.db.manager, caller, id);
  }

  /**
   * Takes in a person. An email already on file (whatever its case or surrounding spaces) finds
   * that person instead, unchanged apart from the activity time; concurrent intakes of one email
   * create one row (the unique index decides).
   */
  async create(
    actor: Caller | 'system',
    input: NewCandidate,
    manager?: EntityManager,
  ): Promise<CandidateIntake> {
    const work = async (m: EntityManager): Promise<CandidateIntake> => {
      // A second pass only when the person holding the email was erased between the two statements.
      for (let attempt = 0; attempt < 3; attempt++) {
        const inserted = await m.query<{ id: string }[]>(
          `INSERT INTO candidates (full_name, email, phone, location, source, links, resume_text)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
           ON CONFLICT (email_normalized) DO NOTHING RETURNING id`,
          [
            input.fullName,
            input.email,
            input.phone ?? null,
            input.location ?? null,
            input.source ?? null,
            JSON.stringify(input.links ?? []),
            input.resumeText ?? null,
          ],
        );
        const id = inserted[0]?.id;
        if (id) {
          await this.audit.record(m, {
            actor,
            action: 'candidate.created',
            subject: { type: 'candidate', id },
          });
          return { candidate: await m.findOneByOrFail(Candidate, { id }), created: true };
        }
        const existing = await m.query<{ id: string }[]>(
          'SELECT id FROM candidates WHERE email_normalized = lower(btrim($1)) FOR UPDATE',
          [input.email],
        );
        const existingId = existing[0]?.id;
        if (existingId) {
          await touchCandidate(m, existingId);
          await this.audit.record(m, {
            actor,
            action: 'candidate.intake_matched',
            subject: { type: 'candidate', id: existingId },
          });
          return {
            candidate: await m.findOneByOrFail(Candidate, { id: existingId }),
            created: false,
          };
        }
      }
      throw new Error('candidate intake found neither a free email nor its holder');
    };
    return manager ? work(manager) : this.db.run(work);
  }

  async update(caller: Caller, id: string, changes: CandidateChanges): Promise<Candidate> {
    const fields = CHANGEABLE.filter((field) => changes[field] !== undefined);
    if (fields.length === 0) {
      throw new AppError('VALIDATION_FAILED', `Give at least one of ${CHANGEABLE.join(', ')}`, [
        { field: '(body)', messages: ['nothing to change'] },
      ]);
    }
    return this.db.run(async (manager) => {
      const candidate = await findVisibleCandidate(manager, caller, id, true);
      assertNotErased(candidate);
      const values: Record<string, unknown> = {};
      for (const field of fields) values[field] = changes[field];
      try {
        await manager.update(Candidate, { id }, { ...values, lastActivityAt: () => 'now()' });
      } catch (error) {
        if (
          error instanceof QueryFailedError &&
          (error.driverError as { code?: string }).code === '23505'
        ) {
          throw new AppError('CANDIDATE_EMAIL_TAKEN', 'Another candidate has this email');
        }
        throw error;
      }
      await this.audit.record(manager, {
        actor: caller,
        action: 'candidate.updated',
        subject: { type: 'candidate', id },
        details: { fields },
      });
      return manager.findOneByOrFail(Candidate, { id });
    });
  }
}
