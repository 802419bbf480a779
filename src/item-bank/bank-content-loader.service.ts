import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { JsonLogger } from '../common/logging/json-logger';
import { Transactions } from '../database/transactions';
import { BankTransferService } from './bank-transfer.service';
import { readContentFiles } from './content-files';

/**
 * At start-up: loads the bank shipped in content/item-bank/ into the database, once per revision
 * of the files (their SHA-256 is recorded), through the same checked import as the admin API.
 * A new revision of the files writes new versions only where content changed.
 */
@Injectable()
export class BankContentLoader implements OnApplicationBootstrap {
  constructor(
    private readonly db: Transactions,
    private readonly transfer: BankTransferService,
    private readonly logger: JsonLogger,
  ) {}

  private loading?: Promise<void>;

  onApplicationBootstrap(): Promise<void> {
    return this.ready();
  }

  /**
   * Settles once the shipped bank is in the database (or could not be loaded): whatever needs
   * active items at start-up, such as the demo's finished attempts, waits for this first, since
   * Nest runs the modules' bootstrap hooks in no order that could be relied on.
   */
  ready(): Promise<void> {
    this.loading ??= this.loadAtStartup();
    return this.loading;
  }

  private async loadAtStartup(): Promise<void> {
    // With SIFT_MIGRATIONS_RUN=false the operator migrates; until then there is nowhere to load to.
    const [{ ready }] = await this.db.manager.query<[{ ready: boolean }]>(
      "SELECT to_regclass('item_bank_loads') IS NOT NULL AS ready",
    );
    if (!ready) {
      this.logger.event('warn', 'item bank not loaded: the database is not migrated');
      return;
    }
    await this.load();
  }

  /** True when this call loaded the files, false when this revision was loaded before. */
  async load(dir?: string): Promise<boolean> {
    const files = readContentFiles(dir);
    return this.db.run(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['sift:item-bank-load']);
      const loaded = await manager.query<unknown[]>(
        'SELECT 1 FROM item_bank_loads WHERE content_sha256 = $1',
        [files.sha256],
      );
      if (loaded.length > 0) return false;
      const report = await this.transfer
        .import('system', files, false, manager)
        .catch((error: unknown) => {
          throw contentFault(error);
        });
      const written = (counts: { created: number; newVersions: number }) =>
        counts.created + counts.newVersions;
      await manager.query(
        'INSERT INTO item_bank_loads (content_sha256, items_written, terms_written) VALUES ($1, $2, $3)',
        [files.sha256, written(report.items), written(report.checklistTerms)],
      );
      this.logger.event('info', 'item bank loaded', {
        items: written(report.items),
        checklistTerms: written(report.checklistTerms),
      });
      return true;
    });
  }
}

/** The shipped files are part of the release: a problem in them stops start-up, named in full. */
function contentFault(error: unknown): unknown {
  if (!(error instanceof AppError) || !Array.isArray(error.details)) return error;
  const problems = error.details
    .slice(0, 10)
    .map((problem) => `${problem.field}: ${problem.messages.join('; ')}`);
  return new Error(`content/item-bank is not valid: ${problems.join(' | ')}`);
}
