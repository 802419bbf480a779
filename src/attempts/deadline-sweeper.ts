import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json-logger';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';
import { lockOverdueAttempts } from './attempt-records';
import { Finaliser } from './finaliser';

const BATCH = 50;

/**
 * Finalises attempts whose deadline passed while nobody was there to call the API (closed tab,
 * lost network), so results and the application's stage do not wait for the candidate. SKIP
 * LOCKED lets several instances sweep at once without finalising an attempt twice or waiting on
 * one a candidate request is working on (that request finalises it itself).
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<number>;

  constructor(
    private readonly db: Transactions,
    private readonly finaliser: Finaliser,
    private readonly logger: JsonLogger,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.attemptSweepSeconds === 0) return;
    this.timer = setInterval(() => this.trigger(), this.config.attemptSweepSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
  }

  /** One sweep: finalises overdue attempts in batches; returns how many. */
  async sweepOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.db.run(async (manager) => {
        const overdue = await lockOverdueAttempts(manager, BATCH);
        for (const attempt of overdue) {
          await this.finaliser.finalise(manager, attempt, 'deadline', 'system');
        }
        return overdue.length;
      });
      total += done;
      if (done < BATCH) return total;
    }
  }

  private trigger(): void {
    if (this.inFlight) return;
    this.inFlight = this.sweepOnce();
    this.inFlight
      .then((finalised) => {
        if (finalised > 0) this.logger.event('info', 'overdue attempts finalised', { finalised });
      })
      .catch((error: unknown) =>
        this.logger.event('error', 'attempt deadline sweep failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        this.inFlight = undefined;
      });
  }
}
