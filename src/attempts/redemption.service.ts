import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { BlueprintService } from '../assessment/blueprint.service';
import { AuditService } from '../audit/audit.service';
import { RequestOrigin } from '../auth/caller';
import { digest, newSecret } from '../auth/secrets';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { AttemptPlan, chooseChecklist, cryptoRandom, TermChoice } from './attempt-plan';

/** What a GET of the link may learn, without consuming or changing anything. */
export type LinkState = 'usable' | 'resumable' | 'expired' | 'revoked' | 'closed' | 'unknown';

export interface LinkDescription {
  state: LinkState;
  expiresAt: string | null;
}

interface InvitationRow {
  id: string;
  application_id: string;
  requisition_id: string;
  expired: boolean;
  revoked: boolean;
  expires_at: Date;
  attempt_id: string | null;
  attempt_phase: string | null;
}

/** A token as handed out: 256 bits in base64url. Anything else cannot match and is not looked up. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Turns an invitation link into an attempt cookie. The first redemption creates the attempt with
 * its plan and checklist; later ones (another device, a lost cookie) rotate the cookie, so only
 * the newest browser holds a working one. The invitation row is locked, so two tabs redeeming at
 * once make one attempt.
 */
@Injectable()
export class RedemptionService {
  constructor(
    private readonly db: Transactions,
    private readonly blueprints: BlueprintService,
    private readonly audit: AuditService,
  ) {}

  async describe(token: string): Promise<LinkDescription> {
    if (!TOKEN_SHAPE.test(token)) return { state: 'unknown', expiresAt: null };
    const row = await this.find(this.db.manager, token, false);
    if (!row) return { state: 'unknown', expiresAt: null };
    return { state: stateOf(row), expiresAt: row.expires_at.toISOString() };
  }

  /** Returns the new cookie value; only its digest is stored. */
  async redeem(token: string, origin: RequestOrigin): Promise<string> {
    if (!TOKEN_SHAPE.test(token)) throw linkError('unknown');
    const cookie = newSecret();
    try {
      return await this.db.run(async (manager) => {
        const row = await this.find(manager, token, true);
        if (!row) throw linkError('unknown');
        const state = stateOf(row);
        if (state !== 'usable' && state !== 'resumable') throw linkError(state);
        let attemptId = row.attempt_id;
        if (attemptId) {
          await manager.query(
            'UPDATE attempts SET cookie_hash = $2, last_seen_at = now() WHERE id = $1',
            [attemptId, digest(cookie)],
          );
        } else {
          attemptId = await this.start(manager, row, digest(cookie));
        }
        await this.audit.record(manager, {
          actor: origin,
          action: row.attempt_id ? 'attempt.resumed' : 'attempt.started',
          subject: { type: 'attempt', id: attemptId },
          details: { invitation_id: row.id, application_id: row.application_id },
        });
        return cookie;
      });
    } catch (error) {
      // attempts_one_live: another invitation of this application already has an attempt running.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23505'
      ) {
        throw new AppError(
          'ATTEMPT_CLOSED',
          'Another assessment for this application is already under way; use the newest link you were sent',
        );
      }
      throw error;
    }
  }

  private async find(
    manager: EntityManager,
    token: string,
    lock: boolean,
  ): Promise<InvitationRow | undefined> {
    // Lock first, then read in a new statement: under READ COMMITTED a statement that waited for
    // the lock still reads the joined attempts as of its start, so a second tab would miss the
    // attempt the first one just created and try to create another.
    if (lock) {
      await manager.query('SELECT 1 FROM invitations WHERE token_hash = $1 FOR UPDATE', [
        digest(token),
      ]);
    }
    const rows = await manager.query<InvitationRow[]>(
      `SELECT i.id, i.application_id, ap.requisition_id, i.expires_at,
              i.expires_at <= now() AS expired, i.revoked_at IS NOT NULL AS revoked,
              a.id AS attempt_id, a.phase AS attempt_phase
       FROM invitations i
       JOIN applications ap ON ap.id = i.application_id
       LEFT JOIN attempts a ON a.invitation_id = i.id
       WHERE i.token_hash = $1`,
      [digest(token)],
    );
    return rows[0];
  }

  private async start(
    manager: EntityManager,
    row: InvitationRow,
    cookieHash: Buffer,
  ): Promise<string> {
    const { blueprint, required, problems } = await this.blueprints.effective(
      manager,
      row.requisition_id,
    );
    if (problems.length > 0) {
      throw new AppError(
        'ATTEMPT_CLOSED',
        'This assessment cannot start right now; please contact the recruiter who invited you',
      );
    }
    const names = await manager.query<{ id: string; name: string }[]>(
      'SELECT id, name FROM skills WHERE id = ANY($1)',
      [blueprint.skills],
    );
    const nameOf = new Map(names.map((s) => [s.id, s.name]));
    const plan: AttemptPlan = {
      version: 1,
      requisitionId: row.requisition_id,
      skills: blueprint.skills.map((id) => ({ id, name: nameOf.get(id) ?? id })),
      required: required.map((r) => ({
        skill: r.skillId,
        weight: r.weight,
        minimumLevel: r.minLevel,
      })),
      itemCap: blueprint.itemCap,
      timeLimitMinutes: blueprint.timeLimitMinutes,
      checklistSize: blueprint.checklistSize,
    };
    const [attempt] = await manager.query<{ id: string }[]>(
      `INSERT INTO attempts (invitation_id, application_id, cookie_hash, plan, time_multiplier)
       SELECT i.id, i.application_id, $2, $3, i.time_multiplier FROM invitations i WHERE i.id = $1
       RETURNING id`,
      [row.id, cookieHash, JSON.stringify(plan)],
    );
    if (!attempt) throw new Error('the invitation vanished while it was locked');
    const terms = await manager.query<{ id: string; skill: string; is_foil: boolean }[]>(
      `SELECT id, skill_id AS skill, is_foil FROM checklist_terms
       WHERE status = 'active' AND skill_id = ANY($1)`,
      [blueprint.skills],
    );
    const pool: TermChoice[] = terms.map((t) => ({ id: t.id, skill: t.skill, isFoil: t.is_foil }));
    const chosen = chooseChecklist(pool, blueprint.skills, blueprint.checklistSize, cryptoRandom);
    await manager.query(
      `INSERT INTO attempt_checklist (attempt_id, position, term_id)
       SELECT $1, t.ord - 1, t.id FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [attempt.id, chosen.map((t) => t.id)],
    );
    await manager.query(
      'UPDATE invitations SET first_redeemed_at = now() WHERE id = $1 AND first_redeemed_at IS NULL',
      [row.id],
    );
    return attempt.id;
  }
}

function stateOf(row: InvitationRow): LinkState {
  if (row.revoked) return 'revoked';
  if (row.attempt_phase === 'finished' || row.attempt_phase === 'voided') return 'closed';
  if (row.expired) return 'expired';
  return row.attempt_id ? 'resumable' : 'usable';
}

function linkError(state: Exclude<LinkState, 'usable' | 'resumable'>): AppError {
  switch (state) {
    case 'unknown':
      return new AppError(
        'INVITATION_LINK_INVALID',
        'This invitation link is not valid; check that it was copied whole',
      );
    case 'expired':
      return new AppError(
        'INVITATION_LINK_EXPIRED',
        'This invitation link has expired; ask the recruiter for a new one',
      );
    case 'revoked':
      return new AppError(
        'INVITATION_LINK_REVOKED',
        'This invitation link was withdrawn; use the newest link you were sent',
      );
    case 'closed':
      return new AppError(
        'ATTEMPT_CLOSED',
        'This assessment is over; the link cannot be used again',
      );
  }
}
