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
 * load balancer sees and adds to the same counts. An attempt is counted before its password is
 * checked and given back when it succeeds: otherwise many attempts sent at once would all pass
 * the check before any failure was recorded.
 */
@Injectable()
export class LoginThrottleService {
  /** Counts an attempt; returns the seconds to wait when it must be refused, else 0. */
  async begin(manager: EntityManager, keys: ThrottleKey[]): Promise<number> {
    const locked = await this.retryAfter(manager, keys);
    if (locked > 0) return locked;
    let wait = 0;
    for (const { key, rule } of keys) {
      const rows = await manager.query<{ failures: number; wait: number | null }[]>(
        `INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
         VALUES ($1, 1, now(), CASE WHEN $2 <= 1 THEN now() + make_interval(secs => $4) END)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
           window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $3)
                                    THEN now() ELSE t.window_started_at END,
           locked_until = CASE
             WHEN (CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END) >= $2
             THEN now() + make_interval(secs => $4)
             ELSE t.locked_until END
         RETURNING failures, ceil(extract(epoch FROM locked_until - now()))::int AS wait`,
        [key, rule.maxFailures, rule.windowSeconds, rule.lockSeconds],
      );
      const row = rows[0];
      if (row && row.failures > rule.maxFailures)
        wait = Math.max(wait, row.wait ?? rule.lockSeconds);
    }
    return wait;
  }

  /** A successful sign-in clears its account's count and gives its attempt back to the address. */
  async succeeded(manager: EntityManager, keys: ThrottleKey[]): Promise<void> {
    const [account, ...others] = keys;
    if (account) await manager.query('DELETE FROM login_throttle WHERE key = $1', [account.key]);
    for (const { key, rule } of others) {
      await manager.query(
        `UPDATE login_throttle SET failures = greatest(failures - 1, 0),
                locked_until = CASE WHEN greatest(failures - 1, 0) < $2 THEN NULL ELSE locked_until END
          WHERE key = $1`,
        [key, rule.maxFailures],
      );
    }
  }

  /** Seconds until every given key is unlocked (0 when none is locked). */
  private async retryAfter(manager: EntityManager, keys: ThrottleKey[]): Promise<number> {
    const rows = await manager.query<{ seconds: number | null }[]>(
      `SELECT max(ceil(extract(epoch FROM locked_until - now())))::int AS seconds
         FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
      [keys.map((k) => k.key)],
    );
    return rows[0]?.seconds ?? 0;
  }
}
