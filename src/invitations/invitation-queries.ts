import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Caller } from '../auth/caller';
import { visibleTo } from '../auth/scope';
import { toIsoTime, toIsoTimeOrNull } from '../common/dto/time';
import { AppError } from '../common/errors/app-error';
import { requisitionScope } from '../requisitions/requisition-scope';
import { InvitationDto, InvitationFieldsDto } from './dto/invitation.dto';
import { OutboxDeliveryDto } from './dto/outbox.dto';
import { Delivery, InvitationStatus, OutboxStatus } from './invitation-rules';

/** Invitations are seen through their application: hiring managers only on their teams. */
const APPLICATION_SCOPE = requisitionScope('requisition_id');

/** An invitation's state, judged by the database clock. */
export const INVITATION_STATUS_SQL = `CASE
    WHEN i.revoked_at IS NOT NULL THEN 'revoked'
    WHEN i.first_redeemed_at IS NOT NULL OR t.id IS NOT NULL THEN 'redeemed'
    WHEN i.expires_at <= now() THEN 'expired'
    ELSE 'pending' END`;

/** Attempts that still run: a new invitation or a void has to reckon with them. */
export const LIVE_PHASE_SQL = "phase NOT IN ('finished', 'voided')";

/** The invitation columns every view shows: never token_hash. */
export const INVITATION_COLUMNS = [
  'id',
  'application_id',
  'expires_at',
  'time_multiplier',
  'delivery',
  'first_redeemed_at',
  'created_at',
  'created_by',
  'revoked_at',
  'revoked_by',
  'revoke_reason',
] as const;

export interface InvitationFieldsRow {
  id: string;
  application_id: string;
  expires_at: Date;
  time_multiplier: string;
  delivery: Delivery;
  first_redeemed_at: Date | null;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export function invitationFields(row: InvitationFieldsRow): InvitationFieldsDto {
  return {
    id: row.id,
    applicationId: row.application_id,
    expiresAt: toIsoTime(row.expires_at),
    timeMultiplier: Number(row.time_multiplier),
    delivery: row.delivery,
    firstRedeemedAt: toIsoTimeOrNull(row.first_redeemed_at),
    createdAt: toIsoTime(row.created_at),
    createdBy: row.created_by,
    revokedAt: toIsoTimeOrNull(row.revoked_at),
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
  };
}

/** The outbox columns every view of a message shows: never the body. */
export const DELIVERY_COLUMNS =
  'm.subject, m.status, m.tries, m.last_error, m.next_try_at, m.sent_at, m.created_at, m.updated_at';

export interface OutboxDeliveryRow {
  subject: string;
  status: OutboxStatus;
  tries: number;
  last_error: string | null;
  next_try_at: Date;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function deliveryFields(row: OutboxDeliveryRow): OutboxDeliveryDto {
  return {
    subject: row.subject,
    status: row.status,
    tries: row.tries,
    lastError: row.last_error,
    nextTryAt: toIsoTime(row.next_try_at),
    sentAt: toIsoTimeOrNull(row.sent_at),
    createdAt: toIsoTime(row.created_at),
    updatedAt: toIsoTime(row.updated_at),
  };
}

interface InvitationRow extends InvitationFieldsRow {
  status: InvitationStatus;
  attempt_id: string | null;
  attempt_phase: string | null;
  attempt_deadline: Date | null;
  attempt_finished_at: Date | null;
  attempt_finish_reason: string | null;
  outbox_id: string | null;
  outbox_status: OutboxStatus | null;
  outbox_tries: number | null;
  outbox_last_error: string | null;
  outbox_sent_at: Date | null;
}

/**
 * The invitations the caller may see, with their attempt and the latest delivery of their email,
 * as raw rows in (created_at, id) order. Never selects the token hash or the message body.
 */
export function invitationsVisibleTo(
  manager: EntityManager,
  caller: Caller,
): SelectQueryBuilder<InvitationRow> {
  const qb = manager
    .createQueryBuilder()
    .from('invitations', 'i')
    .innerJoin('applications', 'a', 'a.id = i.application_id')
    .leftJoin('attempts', 't', 't.invitation_id = i.id')
    .leftJoin(
      'outbox_messages',
      'm',
      `m.id = (SELECT m2.id FROM outbox_messages m2 WHERE m2.invitation_id = i.id
               ORDER BY m2.created_at DESC, m2.id DESC LIMIT 1)`,
    )
    .select(INVITATION_STATUS_SQL, 'status')
    .addSelect('t.id', 'attempt_id')
    .addSelect('t.phase', 'attempt_phase')
    .addSelect('t.deadline_at', 'attempt_deadline')
    .addSelect('t.finished_at', 'attempt_finished_at')
    .addSelect('t.finish_reason', 'attempt_finish_reason')
    .addSelect('m.id', 'outbox_id')
    .addSelect('m.status', 'outbox_status')
    .addSelect('m.tries', 'outbox_tries')
    .addSelect('m.last_error', 'outbox_last_error')
    .addSelect('m.sent_at', 'outbox_sent_at')
    .orderBy('i.created_at', 'ASC')
    .addOrderBy('i.id', 'ASC');
  for (const column of INVITATION_COLUMNS) qb.addSelect(`i.${column}`, column);
  return visibleTo(qb, 'a', caller, APPLICATION_SCOPE) as SelectQueryBuilder<InvitationRow>;
}

export function toInvitationDto(row: InvitationRow): InvitationDto {
  return {
    ...invitationFields(row),
    status: row.status,
    attempt: row.attempt_id
      ? {
          id: row.attempt_id,
          phase: row.attempt_phase!,
          deadline: toIsoTimeOrNull(row.attempt_deadline),
          finishedAt: toIsoTimeOrNull(row.attempt_finished_at),
          finishReason: row.attempt_finish_reason,
        }
      : null,
    outbox: row.outbox_id
      ? {
          id: row.outbox_id,
          status: row.outbox_status!,
          tries: row.outbox_tries ?? 0,
          lastError: row.outbox_last_error,
          sentAt: toIsoTimeOrNull(row.outbox_sent_at),
        }
      : null,
  };
}

/** One invitation as the caller may see it; 404 for what the scope hides. */
export async function invitationView(
  manager: EntityManager,
  caller: Caller,
  id: string,
): Promise<InvitationDto> {
  const row = await invitationsVisibleTo(manager, caller)
    .andWhere('i.id = :id', { id })
    .getRawOne<InvitationRow>();
  if (!row) throw new AppError('INVITATION_NOT_FOUND', 'No such invitation');
  return toInvitationDto(row);
}

/** The application behind an invitation the caller may see; 404 otherwise. */
export async function findVisibleInvitation(
  manager: EntityManager,
  caller: Caller,
  id: string,
): Promise<{ id: string; applicationId: string; candidateId: string }> {
  const qb = manager
    .createQueryBuilder()
    .from('invitations', 'i')
    .innerJoin('applications', 'a', 'a.id = i.application_id')
    .select('i.id', 'id')
    .addSelect('a.id', 'application_id')
    .addSelect('a.candidate_id', 'candidate_id')
    .where('i.id = :id', { id });
  const row = await visibleTo(qb, 'a', caller, APPLICATION_SCOPE).getRawOne<{
    id: string;
    application_id: string;
    candidate_id: string;
  }>();
  if (!row) throw new AppError('INVITATION_NOT_FOUND', 'No such invitation');
  return { id: row.id, applicationId: row.application_id, candidateId: row.candidate_id };
}

/** The application the caller may see, for a new invitation; 404 otherwise. */
export async function findVisibleApplication(
  manager: EntityManager,
  caller: Caller,
  id: string,
): Promise<{ id: string; candidateId: string; requisitionId: string; stage: string }> {
  const qb = manager
    .createQueryBuilder()
    .from('applications', 'a')
    .select('a.id', 'id')
    .addSelect('a.candidate_id', 'candidate_id')
    .addSelect('a.requisition_id', 'requisition_id')
    .addSelect('a.stage', 'stage')
    .where('a.id = :id', { id });
  const row = await visibleTo(qb, 'a', caller, APPLICATION_SCOPE).getRawOne<{
    id: string;
    candidate_id: string;
    requisition_id: string;
    stage: string;
  }>();
  if (!row) throw new AppError('APPLICATION_NOT_FOUND', 'No such application');
  return {
    id: row.id,
    candidateId: row.candidate_id,
    requisitionId: row.requisition_id,
    stage: row.stage,
  };
}

/**
 * Cancels the undelivered mail of the given invitations (pending or failed) and drops its body,
 * which holds a link that no longer works. Returns how many messages were cancelled.
 */
export async function cancelUndelivered(
  manager: EntityManager,
  invitationIds: string[],
): Promise<number> {
  if (invitationIds.length === 0) return 0;
  const [, cancelled] = await manager.query<[unknown, number]>(
    `UPDATE outbox_messages SET status = 'cancelled', body = NULL
      WHERE invitation_id = ANY($1::uuid[]) AND status IN ('pending', 'failed')`,
    [invitationIds],
  );
  return cancelled;
}
