import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Transactions } from '../database/transactions';
import { Application, ApplicationStageChange } from './application.entity';
import { Candidate } from './candidate.entity';
import { assertNotErased, findVisibleCandidate } from './candidate-records';
import {
  ActivityRecordDto,
  ApplicationRecordDto,
  CandidateExportDto,
  CandidateRecordDto,
} from './dto/personal-data.dto';

/**
 * Data-subject rights: export (everything held about a person) and erasure. Any new table keyed
 * to a candidate (attempts, offers, ...) must be added to both `export` and `anonymiseCandidates`;
 * test/personal-data.e2e-spec.ts searches every text column of the database after an erasure.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  async export(caller: Caller, id: string): Promise<CandidateExportDto> {
    return this.db.run(async (manager) => {
      const candidate = await findVisibleCandidate(manager, caller, id);
      assertNotErased(candidate);
      const applications = await manager.find(Application, {
        where: { candidateId: id },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const applicationIds = applications.map((a) => a.id);
      const history =
        applicationIds.length === 0
          ? []
          : await manager.find(ApplicationStageChange, {
              where: { applicationId: In(applicationIds) },
              order: { id: 'ASC' },
            });
      const titles = await manager.query<{ id: string; title: string }[]>(
        'SELECT id, title FROM requisitions WHERE id = ANY($1::uuid[])',
        [applications.map((a) => a.requisitionId)],
      );
      const activity = await manager
        .createQueryBuilder(AuditEvent, 'e')
        .where(
          `(e.subject_type = 'candidate' AND e.subject_id = :id)
           OR (e.subject_type = 'application' AND e.subject_id = ANY(:applicationIds))`,
          { id, applicationIds },
        )
        .orderBy('e.id', 'ASC')
        .getMany();
      await this.audit.record(manager, {
        actor: caller,
        action: 'candidate.exported',
        subject: { type: 'candidate', id },
        details: { applications: applications.length },
      });
      return {
        exportedAt: new Date().toISOString(),
        candidate: CandidateRecordDto.from(candidate),
        applications: applications.map((application) =>
          ApplicationRecordDto.from(
            application,
            titles.find((row) => row.id === application.requisitionId)?.title ?? '',
            history.filter((change) => change.applicationId === application.id),
          ),
        ),
        activity: activity.map((event) => ActivityRecordDto.from(event)),
      };
    });
  }

  /** Irreversible: the person's data goes; their applications stay, anonymous, for statistics. */
  async erase(caller: Caller, id: string): Promise<Candidate> {
    return this.db.run(async (manager) => {
      const candidate = await findVisibleCandidate(manager, caller, id, true);
      assertNotErased(candidate);
      const { applications } = await anonymiseCandidates(manager, [id]);
      await this.audit.record(manager, {
        actor: caller,
        action: 'candidate.erased',
        subject: { type: 'candidate', id },
        details: { applications },
      });
      return manager.findOneByOrFail(Candidate, { id });
    });
  }
}

/**
 * Empties every personal column of the candidates (the caller holds their row locks) and the free
 * text of their applications: a rejected application keeps an empty reason, since the schema
 * requires one. Consent goes back to its empty state, 'pending' with no version or time.
 */
export async function anonymiseCandidates(
  manager: EntityManager,
  ids: string[],
): Promise<{ candidates: number; applications: number }> {
  const [, candidates] = await manager.query<[unknown, number]>(
    `UPDATE candidates
        SET full_name = NULL, email = NULL, phone = NULL, location = NULL, source = NULL,
            links = '[]'::jsonb, resume_text = NULL, consent_status = 'pending',
            consent_version = NULL, consent_at = NULL, anonymised_at = now(), last_activity_at = now()
      WHERE id = ANY($1::uuid[]) AND anonymised_at IS NULL`,
    [ids],
  );
  const [, applications] = await manager.query<[unknown, number]>(
    `UPDATE applications SET rejection_reason = CASE WHEN rejection_reason IS NULL THEN NULL ELSE '' END
      WHERE candidate_id = ANY($1::uuid[])`,
    [ids],
  );
  await manager.query(
    `UPDATE application_stage_history h SET reason = NULL
       FROM applications a
      WHERE a.id = h.application_id AND a.candidate_id = ANY($1::uuid[]) AND h.reason IS NOT NULL`,
    [ids],
  );
  return { candidates, applications };
}
