import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { pendingMigrations, revertLastMigration, runMigrations } from '../src/database/migrate';
import { UUIDV7_PORTABLE } from '../migrations/1795897000000-TimeOrderedIds';
import { createTestDatabase, TestDatabase } from './harness/database';

const MIGRATION_FILES = readdirSync(join(__dirname, '..', 'migrations')).filter((f) =>
  f.endsWith('.ts'),
);

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });
  async function emptyDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase({ empty: true });
    databases.push(db);
    return db;
  }

  it('applies every migration file to an empty database, then reports none pending', async () => {
    const db = await emptyDatabase();
    expect((await pendingMigrations(db.url)).pending).toHaveLength(MIGRATION_FILES.length);
    const { applied } = await runMigrations(db.url);
    expect(applied).toHaveLength(MIGRATION_FILES.length);
    expect(await pendingMigrations(db.url)).toEqual({ applied, pending: [] });
    expect((await runMigrations(db.url)).applied).toEqual([]);
  });

  it('applies each migration once when two instances start together', async () => {
    const db = await emptyDatabase();
    const [a, b] = await Promise.all([runMigrations(db.url), runMigrations(db.url)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(
      (await pendingMigrations(db.url)).applied.sort(),
    );
    const rows = await withClient(db.url, (c) =>
      c.query('SELECT name, count(*)::int AS n FROM migrations GROUP BY name'),
    );
    expect(rows.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
  });

  it('installs the append-only and updated_at triggers, which work on a real table', async () => {
    const db = await emptyDatabase();
    await runMigrations(db.url);
    await withClient(db.url, async (c) => {
      await c.query(
        `CREATE TABLE probe (id int PRIMARY KEY, note text, updated_at timestamptz NOT NULL DEFAULT '2000-01-01')`,
      );
      await c.query(
        'CREATE TRIGGER touch BEFORE UPDATE ON probe FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()',
      );
      await c.query('INSERT INTO probe (id, note) VALUES (1, $1)', ['first']);
      await c.query('UPDATE probe SET note = $1 WHERE id = 1', ['second']);
      const touched = await c.query<{ fresh: boolean }>(
        "SELECT updated_at > now() - interval '1 minute' AS fresh FROM probe",
      );
      expect(touched.rows[0]?.fresh).toBe(true);

      await c.query('CREATE TABLE ledger (id int PRIMARY KEY, note text)');
      await c.query(
        'CREATE TRIGGER frozen BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION sift_forbid_change()',
      );
      await c.query('INSERT INTO ledger VALUES (1, $1)', ['kept']);
      await expect(c.query('UPDATE ledger SET note = $1', ['changed'])).rejects.toThrow(
        /UPDATE on ledger is not allowed/,
      );
      await expect(c.query('DELETE FROM ledger')).rejects.toThrow(
        /DELETE on ledger is not allowed/,
      );
      expect((await c.query('SELECT note FROM ledger')).rows).toEqual([{ note: 'kept' }]);
    });
  });

  it('gives new candidates and applications UUID v7 ids, ordered by time, on this server and with the portable expression', async () => {
    const db = await emptyDatabase();
    await runMigrations(db.url);
    await withClient(db.url, async (c) => {
      const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      for (const expression of ['sift_uuidv7()', UUIDV7_PORTABLE]) {
        // The sort makes every id before the outer row reads the clock for "after".
        const { rows } = await c.query<{ id: string; before: string; after: string }>(
          `SELECT id::text, floor(extract(epoch FROM b) * 1000)::bigint::text AS before,
                  floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint::text AS after
           FROM (SELECT clock_timestamp() AS b) t,
                LATERAL (SELECT ${expression} AS id FROM generate_series(1, 2000) ORDER BY 1) ids`,
        );
        const ids = rows.map((r) => r.id);
        expect(ids.every((id) => v7.test(id))).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
        // The first 48 bits are the Unix millisecond the id was made, by the database clock.
        const millis = ids.map((id) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16));
        expect(Math.min(...millis)).toBeGreaterThanOrEqual(Number(rows[0]!.before));
        expect(Math.max(...millis)).toBeLessThanOrEqual(Number(rows[0]!.after));
      }
      // Made one after another, they sort in the order they were made (to the millisecond).
      const sequence = await c.query<{ id: string }>(
        'SELECT sift_uuidv7()::text AS id, pg_sleep(0.002) FROM generate_series(1, 5)',
      );
      const made = sequence.rows.map((r) => r.id);
      expect([...made].sort()).toEqual(made);

      const person = await c.query<{ id: string }>(
        "INSERT INTO candidates (full_name, email) VALUES ('Ada', 'ada@example.com') RETURNING id::text",
      );
      expect(person.rows[0]!.id).toMatch(v7);
      const defaults = await c.query<{ table_name: string; column_default: string }>(
        `SELECT table_name, column_default FROM information_schema.columns
         WHERE column_name = 'id' AND table_name IN ('candidates', 'applications') ORDER BY 1`,
      );
      expect(defaults.rows).toEqual([
        { table_name: 'applications', column_default: 'sift_uuidv7()' },
        { table_name: 'candidates', column_default: 'sift_uuidv7()' },
      ]);
    });
  });

  it('reverts the last migration and can apply it again', async () => {
    const db = await emptyDatabase();
    await runMigrations(db.url);
    await revertLastMigration(db.url);
    expect((await pendingMigrations(db.url)).pending).toHaveLength(1);
    await runMigrations(db.url);
    expect((await pendingMigrations(db.url)).pending).toHaveLength(0);
  });
});
