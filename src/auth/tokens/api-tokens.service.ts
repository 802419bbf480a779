import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import { decodeTimeIdCursor, Page, toPage } from '../../common/dto/pagination';
import { Transactions } from '../../database/transactions';
import { Caller } from '../caller';
import { Role } from '../roles';
import { digest, newSecret } from '../secrets';
import { ApiToken } from './api-token.entity';

export const TOKEN_PREFIX = 'sift_';

export interface LiveToken {
  tokenId: string;
  userId: string;
  roles: Role[];
}

/** Personal API tokens: shown once at issue, stored as a digest, expiring, revocable. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  async issue(
    caller: Caller,
    name: string,
    days: number,
  ): Promise<{ token: string; row: ApiToken }> {
    const token = newSecret(TOKEN_PREFIX);
    return this.db.run(async (manager) => {
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(days => $5)) RETURNING id`,
        [caller.userId, name, digest(token), token.slice(0, TOKEN_PREFIX.length + 6), days],
      );
      const row = await manager.findOneByOrFail(ApiToken, { id: inserted[0]!.id });
      await this.audit.record(manager, {
        actor: caller,
        action: 'api_token.issued',
        subject: { type: 'api_token', id: row.id },
        details: { expiresInDays: days },
      });
      return { token, row };
    });
  }

  async list(caller: Caller, limit: number, cursor?: string): Promise<Page<ApiToken>> {
    const qb = this.db.manager
      .createQueryBuilder(ApiToken, 't')
      .where('t.user_id = :userId', { userId: caller.userId })
      .orderBy('t.created_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(limit + 1);
    if (cursor) {
      const { createdAt, id } = decodeTimeIdCursor(cursor);
      qb.andWhere('(t.created_at, t.id) > (:createdAt, :id)', { createdAt, id });
    }
    const rows = await qb.getMany();
    return toPage(
      rows,
      limit,
      (row) => [row.createdAt.toISOString(), row.id],
      (row) => row,
    );
  }

  /** Revoking is idempotent; a token of somebody else's is reported as not found. */
  async revoke(caller: Caller, tokenId: string): Promise<void> {
    await this.db.run(async (manager) => {
      const token = await manager.findOneBy(ApiToken, { id: tokenId, userId: caller.userId });
      if (!token) throw new AppError('TOKEN_NOT_FOUND', 'No such API token of yours');
      if (token.revokedAt) return;
      await manager.update(ApiToken, { id: tokenId }, { revokedAt: () => 'now()' });
      await this.audit.record(manager, {
        actor: caller,
        action: 'api_token.revoked',
        subject: { type: 'api_token', id: tokenId },
      });
    });
  }

  async resolve(token: string): Promise<LiveToken | undefined> {
    const rows = await this.db.manager.query<
      { id: string; user_id: string; roles: Role[]; stale: boolean }[]
    >(
      `SELECT t.id, t.user_id, u.roles,
              (t.last_used_at IS NULL OR t.last_used_at < now() - interval '60 seconds') AS stale
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.active`,
      [digest(token)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.stale)
      await this.db.manager.update(ApiToken, { id: row.id }, { lastUsedAt: () => 'now()' });
    return { tokenId: row.id, userId: row.user_id, roles: row.roles };
  }

  async revokeAllFor(manager: EntityManager, userId: string): Promise<number> {
    const result = await manager.update(
      ApiToken,
      { userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    return result.affected ?? 0;
  }
}
