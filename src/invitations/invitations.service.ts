import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BlueprintService } from '../assessment/blueprint.service';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { digest, newSecret } from '../auth/secrets';
import { assertNotErased, lockCandidateOf, touchCandidate } from '../candidates/candidate-records';
import { decodeTimeIdCursor, Page, toPage } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';
import { CreatedInvitationDto, InvitationDto } from './dto/invitation.dto';
import {
  cancelUndelivered,
  findVisibleApplication,
  findVisibleInvitation,
  INVITATION_STATUS_SQL,
  invitationsVisibleTo,
  invitationView,
  LIVE_PHASE_SQL,
  toInvitationDto,
} from './invitation-queries';
import {
  DEFAULT_EXPIRY_DAYS,
  defaultDelivery,
  Delivery,
  FINAL_STAGES,
  invitationLink,
  invitationMessage,
  InvitationStatus,
  multiplierText,
  SUPERSEDED_REASON,
} from './invitation-rules';
import { MailSender } from './mail-sender';

export interface NewInvitation {
  applicationId: string;
  expiresInDays?: number;
  timeMultiplier?: number;
  delivery?: Delivery;
}

export interface InvitationListFilter {
  limit: number;
  cursor?: string;
  applicationId?: string;
  status?: InvitationStatus;
}

/**
 * The staff side of invitations: a one-time link per application (only its SHA-256 is stored),
 * re-invitation, revocation, the accommodation multiplier and voiding an attempt. Lock order is
 * the candidate, then the invitation, then its attempt and messages, as everywhere else.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly db: Transactions,
    private readonly blueprints: BlueprintService,
    private readonly mail: MailSender,
    private readonly audit: AuditService,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  async list(caller: Caller, filter: InvitationListFilter): Promise<Page<InvitationDto>> {
    const qb = invitationsVisibleTo(this.db.manager, caller).limit(filter.limit + 1);
    if (filter.cursor) {
      const { createdAt, id } = decodeTimeIdCursor(filter.cursor);
      qb.andWhere('(i.created_at, i.id) > (:createdAt, :id)', { createdAt, id });
    }
    if (filter.applicationId)
      qb.andWhere('i.application_id = :applicationId', { applicationId: filter.applicationId });
    if (filter.status) {
      qb.andWhere(`(${INVITATION_STATUS_SQL}) = :status`, { status: filter.status });
    }
    const rows = await qb.getRawMany();
    return toPage(
      rows.map(toInvitationDto),
      filter.limit,
      (view) => [view.createdAt, view.id],
      (view) => view,
    );
  }

  get(caller: Caller, id: string): Promise<InvitationDto> {
    return invitationView(this.db.manager, caller, id);
  }

  /**
   * A new link for the application. In the same transaction: the application's unused links are
   * revoked and their undelivered mail cancelled, and with delivery 'email' the message is queued.
   * The link is returned here only; Sift keeps its hash.
   */
  async create(caller: Caller, input: NewInvitation): Promise<CreatedInvitationDto> {
    const delivery = input.delivery ?? defaultDelivery(this.mail.configured);
    if (delivery === 'email' && !this.mail.configured) {
      throw new AppError(
        'MAIL_NOT_CONFIGURED',
        'No mail relay is configured (SIFT_SMTP_URL): use delivery "copy" and pass the link on',
      );
    }
    const multiplier = input.timeMultiplier ?? 1;
    return this.db.run(async (manager) => {
      const application = await findVisibleApplication(manager, caller, input.applicationId);
      const candidate = await lockCandidateOf(manager, application.candidateId);
      assertNotErased(candidate);
      const [requisition] = await manager.query<{ title: string; status: string }[]>(
        'SELECT title, status FROM requisitions WHERE id = $1',
        [application.requisitionId],
      );
      if (FINAL_STAGES.includes(application.stage) || requisition?.status === 'closed') {
        throw new AppError(
          'APPLICATION_NOT_INVITABLE',
          FINAL_STAGES.includes(application.stage)
            ? `The application is ${application.stage}: it takes no more assessments`
            : 'The requisition is closed: it takes no more assessments',
          { stage: application.stage },
        );
      }
      const { blueprint, problems } = await this.blueprints.effective(
        manager,
        application.requisitionId,
      );
      if (problems.length > 0) {
        throw new AppError(
          'BLUEPRINT_INVALID',
          "The requisition's assessment blueprint cannot run a quiz with the active item bank",
          problems.map((message) => ({ field: 'blueprint', messages: [message] })),
        );
      }
      // Revoke first: the UPDATE waits for a redemption in progress, so the check for a live
      // attempt below sees an attempt that redemption opened.
      const [superseded] = await manager.query<[{ id: string }[], number]>(
        `UPDATE invitations SET revoked_at = now(), revoked_by = $2, revoke_reason = $3
          WHERE application_id = $1 AND revoked_at IS NULL AND first_redeemed_at IS NULL
          RETURNING id`,
        [application.id, caller.userId, SUPERSEDED_REASON],
      );
      await this.refuseLiveAttempt(manager, application.id);
      const cancelled = await cancelUndelivered(
        manager,
        superseded.map((row) => row.id),
      );
      const token = newSecret();
      const [created] = await manager.query<[{ id: string; expires_at: Date }]>(
        `INSERT INTO invitations (application_id, token_hash, expires_at, time_multiplier, delivery, created_by)
         VALUES ($1, $2, now() + make_interval(days => $3), $4, $5, $6)
         RETURNING id, expires_at`,
        [
          application.id,
          digest(token),
          input.expiresInDays ?? DEFAULT_EXPIRY_DAYS,
          multiplierText(multiplier),
          delivery,
          caller.userId,
        ],
      );
      const link = invitationLink(this.config.publicUrl, token);
      if (delivery === 'email') {
        if (!candidate.email) throw new Error('a candidate that is not erased has an email');
        const message = invitationMessage({
          candidateName: candidate.fullName,
          requisitionTitle: requisition?.title ?? '',
          link,
          expiresAt: created.expires_at,
          timeLimitMinutes: blueprint.timeLimitMinutes,
          timeMultiplier: multiplier,
        });
        await manager.query(
          `INSERT INTO outbox_messages (invitation_id, recipient, subject, body) VALUES ($1, $2, $3, $4)`,
          [created.id, candidate.email, message.subject, message.text],
        );
      }
      await touchCandidate(manager, candidate.id);
      await this.audit.record(manager, {
        actor: caller,
        action: 'invitation.created',
        subject: { type: 'invitation', id: created.id },
        details: {
          applicationId: application.id,
          expiresAt: created.expires_at.toISOString(),
          timeMultiplier: multiplier,
          delivery,
          superseded: superseded.length,
          cancelledMessages: cancelled,
        },
      });
      return { invitation: await invitationView(manager, caller, created.id), link };
    });
  }

  /** Ends the link (and with it the attempt cookie); its undelivered mail is cancelled. */
  async revoke(caller: Caller, id: string, reason: string): Promise<InvitationDto> {
    return this.change(caller, id, async (manager) => {
      await manager.query(
        `UPDATE invitations SET revoked_at = now(), revoked_by = $2, revoke_reason = $3 WHERE id = $1`,
        [id, caller.userId, reason],
      );
      const cancelled = await cancelUndelivered(manager, [id]);
      return { action: 'invitation.revoked', details: { cancelledMessages: cancelled } };
    });
  }

  /**
   * The accommodation multiplier. A live attempt takes it too, and once its clock runs its
   * deadline becomes consent + base limit x multiplier. A finished, voided or timed-out attempt
   * keeps what it had.
   */
  async updateTimeMultiplier(
    caller: Caller,
    id: string,
    multiplier: number,
  ): Promise<InvitationDto> {
    const text = multiplierText(multiplier);
    return this.change(caller, id, async (manager) => {
      const attempts = await manager.query<
        { id: string; live: boolean; overdue: boolean; time_multiplier: string }[]
      >(
        `SELECT id, ${LIVE_PHASE_SQL} AS live, coalesce(deadline_at <= now(), false) AS overdue,
                time_multiplier
           FROM attempts WHERE invitation_id = $1 FOR UPDATE`,
        [id],
      );
      const attempt = attempts[0];
      if (attempt && (!attempt.live || attempt.overdue)) {
        throw new AppError(
          'ATTEMPT_FINISHED',
          attempt.live
            ? "The attempt's time is up: its time limit can no longer change"
            : 'The attempt on this invitation has ended: its time limit can no longer change',
        );
      }
      const [previous] = await manager.query<[{ time_multiplier: string }]>(
        'SELECT time_multiplier FROM invitations WHERE id = $1',
        [id],
      );
      await manager.query('UPDATE invitations SET time_multiplier = $2 WHERE id = $1', [id, text]);
      let deadline: string | null = null;
      if (attempt) {
        const [updated] = await manager.query<[{ deadline_at: Date | null }[], number]>(
          `UPDATE attempts
              SET time_multiplier = $2,
                  deadline_at = CASE WHEN deadline_at IS NULL THEN NULL ELSE
                    consented_at + (plan->>'timeLimitMinutes')::numeric * $2::numeric * interval '1 minute' END
            WHERE id = $1 AND (deadline_at IS NULL OR
                  consented_at + (plan->>'timeLimitMinutes')::numeric * $2::numeric * interval '1 minute' > now())
            RETURNING deadline_at`,
          [attempt.id, text],
        );
        if (updated.length === 0) {
          throw new AppError(
            'CONFLICT',
            'With this multiplier the time of the attempt in progress would already be up',
          );
        }
        deadline = updated[0]!.deadline_at?.toISOString() ?? null;
      }
      return {
        action: 'invitation.time_multiplier_changed',
        details: {
          from: Number(previous.time_multiplier),
          to: Number(text),
          attemptId: attempt?.id ?? null,
          deadlineAt: deadline,
        },
      };
    });
  }

  /** Ends the attempt in progress for good; the recruiter may then invite again. */
  async voidAttempt(caller: Caller, id: string, reason: string): Promise<InvitationDto> {
    return this.change(
      caller,
      id,
      async (manager) => {
        const [voided] = await manager.query<[{ id: string }[], number]>(
          `UPDATE attempts
              SET phase = 'voided', finished_at = now(), finish_reason = 'voided',
                  voided_by = $2, void_reason = $3, cookie_hash = NULL
            WHERE invitation_id = $1 AND ${LIVE_PHASE_SQL}
            RETURNING id`,
          [id, caller.userId, reason],
        );
        if (voided.length === 0) {
          throw new AppError('NO_LIVE_ATTEMPT', 'No attempt is in progress on this invitation');
        }
        return { action: 'invitation.attempt_voided', details: { attemptId: voided[0]!.id } };
      },
      { allowRevoked: true },
    );
  }

  /**
   * Runs one change to a visible invitation under the candidate's and the invitation's locks,
   * refusing erased candidates and (unless allowed) revoked links, and audits it. Free text
   * (reasons) stays out of the audit trail, which cannot be scrubbed on erasure.
   */
  private async change(
    caller: Caller,
    id: string,
    work: (
      manager: EntityManager,
    ) => Promise<{ action: string; details: Record<string, string | number | null> }>,
    options: { allowRevoked?: boolean } = {},
  ): Promise<InvitationDto> {
    return this.db.run(async (manager) => {
      const found = await findVisibleInvitation(manager, caller, id);
      assertNotErased(await lockCandidateOf(manager, found.candidateId));
      const [locked] = await manager.query<[{ revoked: boolean }]>(
        'SELECT revoked_at IS NOT NULL AS revoked FROM invitations WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (locked.revoked && !options.allowRevoked) {
        throw new AppError('INVITATION_REVOKED', 'The invitation has been revoked');
      }
      const { action, details } = await work(manager);
      await touchCandidate(manager, found.candidateId);
      await this.audit.record(manager, {
        actor: caller,
        action,
        subject: { type: 'invitation', id },
        details: { applicationId: found.applicationId, ...details },
      });
      return invitationView(manager, caller, id);
    });
  }

  private async refuseLiveAttempt(manager: EntityManager, applicationId: string): Promise<void> {
    const live = await manager.query<{ id: string }[]>(
      `SELECT id FROM attempts WHERE application_id = $1 AND ${LIVE_PHASE_SQL}`,
      [applicationId],
    );
    if (live.length > 0) {
      throw new AppError(
        'ATTEMPT_IN_PROGRESS',
        'The candidate has an attempt in progress: void it first or let it finish',
        { attemptId: live[0]!.id },
      );
    }
  }
}
