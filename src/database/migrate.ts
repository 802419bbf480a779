import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Any constant works; it only has to be the same in every Sift process sharing a database.
const MIGRATION_LOCK = 7_351_902_114;

export interface MigrationReport {
  applied: string[];
}

/**
 * Runs pending migrations under an advisory lock, so several instances starting together against
 * one database apply each migration once; each migration runs in its own transaction.
 */
export async function runMigrations(url: string): Promise<MigrationReport> {
  const source = new DataSource(dataSourceOptions(url));
  await source.initialize();
  const runner = source.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await source.runMigrations({ transaction: 'each' });
      return { applied: applied.map((m) => m.name) };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
    await source.destroy();
  }
}

export async function revertLastMigration(url: string): Promise<void> {
  const source = new DataSource(dataSourceOptions(url));
  await source.initialize();
  try {
    await source.undoLastMigration({ transaction: 'each' });
  } finally {
    await source.destroy();
  }
}

export async function pendingMigrations(
  url: string,
): Promise<{ applied: string[]; pending: string[] }> {
  const source = new DataSource(dataSourceOptions(url));
  await source.initialize();
  try {
    const all = source.migrations.map((m) => m.name ?? m.constructor.name);
    const hasTable = await source.query<{ present: boolean }[]>(
      "SELECT to_regclass('migrations') IS NOT NULL AS present",
    );
    const rows = hasTable[0]?.present
      ? await source.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id')
      : [];
    const applied = rows.map((r) => r.name);
    return { applied, pending: all.filter((name) => !applied.includes(name)) };
  } finally {
    await source.destroy();
  }
}
