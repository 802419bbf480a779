import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** Failed sign-ins per account (5 in 15 minutes) and per client address (30 in 15 minutes). */
export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowSeconds: 900, lockSeconds: 900 };

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
}

/**
 * Counters live in PostgreSQL, updated with one atomic upsert each, so every instance behind a
 * load balancer sees and adds to the same counts.
 */
@Injectable()
export class LoginThrottleService {
  /** Seconds until every given key is unlocked (0 when none is locked). */
  async retryAfter(manager: EntityManager, keys: ThrottleKey[]): Promise<number> {
    const rows = await manager.query<{ seconds: number | null }[]>(
      `SELECT max(ceil(extract(epoch FROM locked_until - now())))::int AS seconds
         FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
      [keys.map((k) => k.key)],
    );
    return rows[0]?.seconds ?? 0;
  }

  async recordFailure(manager: EntityManager, keys: ThrottleKey[]): Promise<void> {
    for (const { key, rule } of keys) {
      await manager.query(
        `INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
         VALUES ($1, 1, now(), CASE WHEN $2 <= 1 THEN now() + make_interval(secs => $4) END)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
           window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $3)
                                    THEN now() ELSE t.window_started_at END,
           locked_until = CASE
             WHEN (CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END) >= $2
             THEN now() + make_interval(secs => $4)
             ELSE t.locked_until END`,
        [key, rule.maxFailures, rule.windowSeconds, rule.lockSeconds],
      );
    }
  }

  async clear(manager: EntityManager, key: string): Promise<void> {
    await manager.query('DELETE FROM login_throttle WHERE key = $1', [key]);
  }
}
