import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { digest, newSecret } from '../auth/secrets';
import { SUPERSEDED_REASON } from '../invitations/invitation-rules';

/** How many demo applications get an invitation. */
export const DEMO_INVITATIONS = 3;

/**
 * Demo invitations: a 'copy' link for the first three applications at screening on open
 * requisitions (ordered by the candidate's email, so every demo invites the same people). As after
 * a real invitation, only the hash of each link is kept: nobody can open them. The first of the
 * three also has an earlier link that the new one superseded, so the list shows both states.
 * Returns the number of live invitations made.
 */
export async function seedDemoInvitations(
  manager: EntityManager,
  audit: AuditService,
  createdBy: string,
): Promise<number> {
  const applications = await manager.query<{ id: string }[]>(
    `SELECT a.id FROM applications a
       JOIN requisitions r ON r.id = a.requisition_id
       JOIN candidates c ON c.id = a.candidate_id
      WHERE a.stage = 'screening' AND r.status = 'open'
      ORDER BY c.email LIMIT $1`,
    [DEMO_INVITATIONS],
  );
  for (const [i, application] of applications.entries()) {
    const superseded = i === 0 ? await insertInvitation(manager, application.id, createdBy, 8) : [];
    if (superseded.length > 0) {
      await manager.query(
        `UPDATE invitations SET revoked_at = now(), revoked_by = $2, revoke_reason = $3 WHERE id = $1`,
        [superseded[0], createdBy, SUPERSEDED_REASON],
      );
    }
    const [id] = await insertInvitation(manager, application.id, createdBy, 7);
    await audit.record(manager, {
      actor: 'system',
      action: 'invitation.created',
      subject: { type: 'invitation', id: id! },
      details: {
        applicationId: application.id,
        delivery: 'copy',
        timeMultiplier: 1,
        superseded: superseded.length,
        demo: true,
      },
    });
  }
  return applications.length;
}

async function insertInvitation(
  manager: EntityManager,
  applicationId: string,
  createdBy: string,
  days: number,
): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(
    `INSERT INTO invitations (application_id, token_hash, expires_at, delivery, created_by)
     VALUES ($1, $2, now() + make_interval(days => $3), 'copy', $4) RETURNING id`,
    [applicationId, digest(newSecret()), days, createdBy],
  );
  return rows.map((row) => row.id);
}
