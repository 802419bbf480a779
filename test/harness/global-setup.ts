import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { startTestApp } from './app';
import { withDatabase } from './urls';

declare global {
  var __SIFT_TEST_SERVER__: { embedded?: EmbeddedPostgres; dir?: string } | undefined;
}

/**
 * Uses DATABASE_URL's server when given (CI), else starts an embedded PostgreSQL. Migrations (and
 * the item bank) go once into a template database; each test file clones its own database from it.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  let adminUrl = process.env.DATABASE_URL;
  globalThis.__SIFT_TEST_SERVER__ = {};
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'sift-test-'));
    // Traversable (not listable) so the postgres account can reach the cluster when run as root.
    chmodSync(dir, 0o711);
    const embedded = new EmbeddedPostgres({ dataDir: join(dir, 'data') });
    await embedded.start();
    adminUrl = embedded.url('postgres');
    globalThis.__SIFT_TEST_SERVER__ = { embedded, dir };
  }
  const template = `sift_tpl_${runId}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${template}`);
  } finally {
    await client.end();
  }
  await runMigrations(withDatabase(adminUrl, template));
  // One start of the app loads the shipped item bank into the template, so the app of every test
  // file finds it loaded (the content's SHA-256 is recorded) instead of importing it again.
  const app = await startTestApp({ databaseUrl: withDatabase(adminUrl, template) });
  await app.close();
  process.env.SIFT_TEST_ADMIN_URL = adminUrl;
  process.env.SIFT_TEST_TEMPLATE = template;
}
