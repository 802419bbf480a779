import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { JsonLogger } from '../common/logging/json-logger';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';
import { anonymiseCandidates } from './personal-data.service';

/** Shared by every instance: one retention run at a time across all of them. */
const RETENTION_LOCK = 7_351_902_116;
const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_BATCH = 500;

export interface RetentionRun {
  /** The setting the run used; null when retention is off (then nothing ran). */
  retentionDays: number | null;
  anonymised: number;
}

/**
 * With SIFT_RETENTION_DAYS set, anonymises candidates without activity for that many days: once at
 * start-up, then every 24 hours. A run is one transaction under a transaction-level advisory lock,
 * so instances queue rather than overlap (the later one finds nothing left), and it commits with
 * its single `retention.run` audit event or not at all.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;

  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retentionDays === undefined) return;
    this.trigger();
    this.timer = setInterval(() => this.trigger(), DAY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    // Let a run in progress finish before the database pool closes.
    await this.inFlight;
  }

  /** One run: anonymises the stale candidates in batches; the scheduled job calls this. */
  async runOnce(
    options: { retentionDays?: number; batchSize?: number } = {},
  ): Promise<RetentionRun> {
    const days = options.retentionDays ?? this.config.retentionDays;
    if (days === undefined) return { retentionDays: null, anonymised: 0 };
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    return this.db.run(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [RETENTION_LOCK]);
      let anonymised = 0;
      for (;;) {
        // SKIP LOCKED: a row locked right now is being worked on, so it is not stale after all.
        const rows = await manager.query<{ id: string }[]>(
          `SELECT id FROM candidates
            WHERE anonymised_at IS NULL AND last_activity_at < now() - make_interval(days => $1)
            ORDER BY last_activity_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [days, batchSize],
        );
        if (rows.length === 0) break;
        anonymised += (
          await anonymiseCandidates(
            manager,
            rows.map((row) => row.id),
          )
        ).candidates;
        if (rows.length < batchSize) break;
      }
      await this.audit.record(manager, {
        actor: 'system',
        action: 'retention.run',
        details: { retentionDays: days, anonymised },
      });
      return { retentionDays: days, anonymised };
    });
  }

  /** Starts a run unless this instance already has one going; failures are logged, not thrown. */
  private trigger(): void {
    if (this.inFlight) return;
    this.inFlight = this.runOnce()
      .then((run) => this.logger.event('info', 'retention run finished', { ...run }))
      .catch((error: unknown) =>
        this.logger.event('error', 'retention run failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        this.inFlight = undefined;
      });
  }
}
