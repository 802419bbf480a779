import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { Caller, RequestOrigin } from '../auth/caller';
import { Transactions } from '../database/transactions';
import { attemptRecords } from '../attempts/attempt-export';
import { OfferDto } from '../compensation/offers/dto/offer.dto';
import { Offer } from '../compensation/offers/offer.entity';
import { decisionsOfApplications } from '../decisions/decision-records';
import { DecisionDto } from '../decisions/dto/decision.dto';
import { invitationRecords, scrubInvitationsOf } from '../invitations/invitation-records';
import { Application, ApplicationStageChange } from './application.entity';
import { Candidate } from './candidate.entity';
import { assertNotErased, findVisibleCandidate, lockCandidateOf } from './candidate-records';
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
      const invitations = await invitationRecords(manager, applicationIds);
      const attempts = await attemptRecords(manager, applicationIds);
      const offers = await manager.find(Offer, {
        where: { applicationId: In(applicationIds) },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const decisions = await decisionsOfApplications(manager, applicationIds);
      const invitationIds = invitations.map((i) => i.id);
      const activity = await manager
        .createQueryBuilder(AuditEvent, 'e')
        .where(
          `(e.subject_type = 'candidate' AND e.subject_id = :id)
           OR (e.subject_type = 'application' AND e.subject_id = ANY(:applicationIds))
           OR (e.subject_type = 'invitation' AND e.subject_id = ANY(:invitationIds))
           OR (e.subject_type = 'offer' AND e.subject_id = ANY(:offerIds))`,
          { id, applicationIds, invitationIds, offerIds: offers.map((offer) => offer.id) },
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
            {
              history: history.filter((change) => change.applicationId === application.id),
              invitations: invitations.filter((i) => i.applicationId === application.id),
              attempts: attempts.filter((attempt) => attempt.applicationId === application.id),
              offers: offers
                .filter((offer) => offer.applicationId === application.id)
                .map((offer) => OfferDto.from(offer)),
              decisions: decisions
                .filter((decision) => decision.applicationId === application.id)
                .map((decision) => DecisionDto.from(decision)),
            },
          ),
        ),
        activity: activity.map((event) => ActivityRecordDto.from(event)),
      };
    });
  }

  /** Irreversible: the person's data goes; their applications stay, anonymous, for statistics. */
  async erase(caller: Caller, id: string): Promise<Candidate> {
    return this.db.run(async (manager) => {
      await findVisibleCandidate(manager, caller, id, true);
      return eraseCandidate(manager, this.audit, id, caller);
    });
  }

  /**
   * The candidate's own erasure (from the assessment's end page): the same erasure, in the
   * caller's transaction, attributed to the candidate's request rather than to a staff member.
   */
  eraseOwn(manager: EntityManager, candidateId: string, origin: RequestOrigin): Promise<Candidate> {
    return eraseCandidate(manager, this.audit, candidateId, origin);
  }
}

/** Locks the person, refuses an erased one, anonymises and records 'candidate.erased'. */
async function eraseCandidate(
  manager: EntityManager,
  audit: AuditService,
  id: string,
  actor: Caller | RequestOrigin,
): Promise<Candidate> {
  assertNotErased(await lockCandidateOf(manager, id));
  const { applications } = await anonymiseCandidates(manager, [id]);
  await audit.record(manager, {
    actor,
    action: 'candidate.erased',
    subject: { type: 'candidate', id },
    details: { applications },
  });
  return manager.findOneByOrFail(Candidate, { id });
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
  await scrubInvitationsOf(manager, ids);
  // An erased person's assessment session ends: the attempt stays, anonymous, for statistics.
  await manager.query(
    `UPDATE attempts t SET cookie_hash = NULL
       FROM applications a
      WHERE a.id = t.application_id AND a.candidate_id = ANY($1::uuid[]) AND t.cookie_hash IS NOT NULL`,
    [ids],
  );
  return { candidates, applications };
}
