import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { SiftConfig } from '../../config/config';
import { SIFT_CONFIG } from '../../core/tokens';
import { Transactions } from '../../database/transactions';
import { Role } from '../roles';
import { digest, newSecret } from '../secrets';
import { Session } from './session.entity';

export interface LiveSession {
  sessionId: string;
  userId: string;
  roles: Role[];
  expiresAt: Date;
}

// last_seen_at is written at most this often, not on every request.
const TOUCH_AFTER_SECONDS = 60;

/**
 * Sign-in sessions kept in PostgreSQL (any instance can serve any request). The cookie holds a
 * random token; the table holds its digest. Expiry is judged by the database clock: idle time
 * since the last request and absolute time since sign-in.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: Transactions,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  async create(
    manager: EntityManager,
    userId: string,
  ): Promise<{ token: string; sessionId: string }> {
    const token = newSecret();
    const result = await manager.insert(Session, { tokenHash: digest(token), userId });
    return { token, sessionId: (result.identifiers[0] as { id: string }).id };
  }

  async resolve(token: string): Promise<LiveSession | undefined> {
    const rows = await this.db.manager.query<
      { id: string; user_id: string; roles: Role[]; stale: boolean; expires_at: Date }[]
    >(
      `SELECT s.id, s.user_id, u.roles,
              s.last_seen_at < now() - make_interval(secs => $4) AS stale,
              least(now() + make_interval(mins => $2), s.created_at + make_interval(hours => $3)) AS expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.active
          AND s.last_seen_at > now() - make_interval(mins => $2)
          AND s.created_at > now() - make_interval(hours => $3)`,
      [
        digest(token),
        this.config.sessionIdleMinutes,
        this.config.sessionMaxHours,
        TOUCH_AFTER_SECONDS,
      ],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.stale)
      await this.db.manager.update(Session, { id: row.id }, { lastSeenAt: () => 'now()' });
    return { sessionId: row.id, userId: row.user_id, roles: row.roles, expiresAt: row.expires_at };
  }

  /** Revokes the session a token names, if it is live; used to rotate the id at sign-in. */
  async revokeByToken(manager: EntityManager, token: string): Promise<void> {
    await manager.update(
      Session,
      { tokenHash: digest(token), revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.update(
      Session,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
  }

  async revokeAllFor(manager: EntityManager, userId: string): Promise<number> {
    const result = await manager.update(
      Session,
      { userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    return result.affected ?? 0;
  }
}
