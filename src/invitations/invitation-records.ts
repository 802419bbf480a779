import { EntityManager } from 'typeorm';
import { InvitationRecordDto } from './dto/invitation-record.dto';
import {
  deliveryFields,
  DELIVERY_COLUMNS,
  INVITATION_COLUMNS,
  invitationFields,
  InvitationFieldsRow,
  OutboxDeliveryRow,
} from './invitation-queries';
import { SUPERSEDED_REASON } from './invitation-rules';

/**
 * The invitation side of the personal-data duties (src/candidates/personal-data.service.ts calls
 * these): what an export shows of a person's invitations and their emails, and what an erasure
 * removes from them.
 */

/** The invitations of the given applications with their emails, oldest first: no token, no body. */
export async function invitationRecords(
  manager: EntityManager,
  applicationIds: string[],
): Promise<InvitationRecordDto[]> {
  if (applicationIds.length === 0) return [];
  const invitations = await manager.query<InvitationFieldsRow[]>(
    `SELECT ${INVITATION_COLUMNS.join(', ')}
       FROM invitations WHERE application_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [applicationIds],
  );
  const messages = await manager.query<
    (OutboxDeliveryRow & { id: string; invitation_id: string; recipient: string | null })[]
  >(
    `SELECT m.id, m.invitation_id, m.recipient, ${DELIVERY_COLUMNS}
       FROM outbox_messages m WHERE m.invitation_id = ANY($1::uuid[]) ORDER BY m.created_at, m.id`,
    [invitations.map((i) => i.id)],
  );
  return invitations.map((invitation) => ({
    ...invitationFields(invitation),
    messages: messages
      .filter((m) => m.invitation_id === invitation.id)
      .map((m) => ({ id: m.id, recipient: m.recipient, ...deliveryFields(m) })),
  }));
}

/** What staff wrote about a person in a reason becomes this on erasure (the schema wants text). */
export const ERASED_REASON = '(erased)';
/** Why an erased person's open links were revoked. */
export const ERASURE_REVOKE_REASON = 'candidate data erased';

/**
 * For erased candidates: their links stop working, their emails lose the address, the body (the
 * link and their name) and the delivery error (which may quote the address), undelivered ones are
 * cancelled, and staff-written reasons are blanked. Sent messages stay 'sent' (sent_at is kept).
 */
export async function scrubInvitationsOf(
  manager: EntityManager,
  candidateIds: string[],
): Promise<void> {
  const ofCandidates = `SELECT a.id FROM applications a WHERE a.candidate_id = ANY($1::uuid[])`;
  await manager.query(
    `UPDATE outbox_messages m
        SET recipient = NULL, body = NULL, last_error = NULL,
            status = CASE WHEN m.status IN ('pending', 'failed') THEN 'cancelled' ELSE m.status END
       FROM invitations i
      WHERE i.id = m.invitation_id AND i.application_id IN (${ofCandidates})`,
    [candidateIds],
  );
  // Links still open are revoked; reasons staff wrote are blanked (Sift's own are kept).
  await manager.query(
    `UPDATE invitations
        SET revoked_at = coalesce(revoked_at, now()),
            revoke_reason = CASE WHEN revoked_at IS NULL THEN $2
                                 WHEN revoke_reason = ANY($3::text[]) THEN revoke_reason
                                 ELSE $4 END
      WHERE application_id IN (${ofCandidates})`,
    [
      candidateIds,
      ERASURE_REVOKE_REASON,
      [SUPERSEDED_REASON, ERASURE_REVOKE_REASON],
      ERASED_REASON,
    ],
  );
  await manager.query(
    `UPDATE attempts SET void_reason = $2
      WHERE void_reason IS NOT NULL AND void_reason <> $2 AND application_id IN (${ofCandidates})`,
    [candidateIds, ERASED_REASON],
  );
}
