import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from './harness/database';
import { privateDir, removeDataDir } from './harness/dirs';
import { freePort, spawnSift, waitForHealth } from './harness/process';

async function hasMigrationsTable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ present: boolean }>(
      "SELECT to_regclass('migrations') IS NOT NULL AS present",
    );
    return res.rows[0]?.present === true;
  } finally {
    await client.end();
  }
}

describe('the sift process', () => {
  describe('refuses a bad configuration with one clear line', () => {
    it.each([
      [
        { PORT: 'abc' },
        /^Configuration error: PORT must be an integer from 0 to 65535 \(got "abc"\)$/,
      ],
      [{ SIFT_DEMO: 'maybe' }, /^Configuration error: SIFT_DEMO must be true or false/],
      [{ SIFT_DEOM: 'true' }, /^Configuration error: SIFT_DEOM is not a Sift setting/],
      [
        { DATABASE_URL: 'mysql://root:supersecret@db/sift' },
        /^Configuration error: DATABASE_URL must start with postgres:\/\//,
      ],
    ])('%j', async (env, line) => {
      const sift = spawnSift(env);
      expect(await sift.exited).toBe(78);
      const lines = sift.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(line);
      expect(sift.stderr() + sift.stdout()).not.toContain('supersecret');
    });
  });

  it('runs migrations at start-up against DATABASE_URL, serves, and exits 0 on SIGTERM', async () => {
    const db = await createTestDatabase({ empty: true });
    const port = await freePort();
    const sift = spawnSift({ DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitForHealth(sift, port);
      expect(await hasMigrationsTable(db.url)).toBe(true);
      expect(sift.stdout()).toContain(
        `Sift is running at http://127.0.0.1:${port} (production mode`,
      );
      sift.child.kill('SIGTERM');
      expect(await sift.exited).toBe(0);
    } finally {
      sift.child.kill('SIGKILL');
      await db.drop();
    }
  });

  it('leaves migrations alone with SIFT_MIGRATIONS_RUN=false', async () => {
    const db = await createTestDatabase({ empty: true });
    const port = await freePort();
    const sift = spawnSift({
      DATABASE_URL: db.url,
      PORT: String(port),
      SIFT_MIGRATIONS_RUN: 'false',
    });
    try {
      await waitForHealth(sift, port);
      expect(await hasMigrationsTable(db.url)).toBe(false);
      sift.child.kill('SIGTERM');
      expect(await sift.exited).toBe(0);
    } finally {
      sift.child.kill('SIGKILL');
      await db.drop();
    }
  });

  it('in demo mode runs its own PostgreSQL from a 0700 folder, on 127.0.0.1, and stops it on shutdown', async () => {
    const folder = privateDir('sift-demo');
    const dataDir = join(folder, 'data');
    try {
      for (const round of ['first start', 'restart']) {
        const port = await freePort();
        const sift = spawnSift({ SIFT_DATA_DIR: dataDir, PORT: String(port) });
        try {
          await waitForHealth(sift, port);
          expect({ round, out: sift.stdout() }).toEqual({
            round,
            out: expect.stringContaining(
              `Sift is running at http://127.0.0.1:${port} (demo mode, embedded PostgreSQL`,
            ),
          });
          // Demo staff passwords go to a file only its owner can read; the banner names the file.
          const credentials = join(dataDir, 'demo-credentials.txt');
          expect(sift.stdout()).toContain(`Demo staff sign-in details: ${credentials}`);
          expect(statSync(credentials).mode & 0o777).toBe(0o600);
          const passwords = readFileSync(credentials, 'utf8')
            .split('\n')
            .filter((line) => line.includes('@demo.sift.test'))
            .map((line) => line.trim().split(/\s+/).pop()!);
          expect(passwords).toHaveLength(5);
          for (const password of passwords)
            expect(sift.stdout() + sift.stderr()).not.toContain(password);
          sift.child.kill('SIGTERM');
          expect(await sift.exited).toBe(0);
        } finally {
          sift.child.kill('SIGKILL');
        }
        const state = JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8')) as {
          clusterDir: string;
        };
        expect(existsSync(join(state.clusterDir, 'postmaster.pid'))).toBe(false);
      }
    } finally {
      removeDataDir(dataDir);
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
