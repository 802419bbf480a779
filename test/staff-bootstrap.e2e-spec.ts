import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Role } from '../src/auth/roles';
import { SiftConfig } from '../src/config/config';
import { SIFT_CONFIG } from '../src/core/tokens';
import { createStaff } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
  active: boolean;
}

interface DemoLine {
  roles: string;
  email: string;
  password: string;
}

const ADMIN_ENV = {
  SIFT_ADMIN_EMAIL: 'first.admin@example.com',
  SIFT_ADMIN_PASSWORD: 'first-admin-Password-123',
};

async function usersOf(url: string): Promise<UserRow[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<UserRow>(
      'SELECT id, email, display_name, roles, active FROM users ORDER BY created_at, id',
    );
    return rows;
  } finally {
    await client.end();
  }
}

function signsIn(t: TestApp, email: string, password: string) {
  return t.http.post('/api/auth/login').send({ email, password });
}

function parseCredentials(text: string): DemoLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [roles = '', email = '', password = '', ...rest] = line.trim().split(/\s+/);
      expect(rest).toEqual([]);
      return { roles, email, password };
    });
}

/** Starts apps, and closes them all (newest first) however the test ends. */
async function withApps(run: (start: typeof startTestApp) => Promise<void>): Promise<void> {
  const apps: TestApp[] = [];
  const start: typeof startTestApp = async (options) => {
    const app = await startTestApp(options);
    apps.push(app);
    return app;
  };
  try {
    await run(start);
  } finally {
    for (const app of apps.reverse()) await app.close();
  }
}

describe('first admin from SIFT_ADMIN_EMAIL / SIFT_ADMIN_PASSWORD', () => {
  it('creates one active admin on an empty user table, and a second app on the same database adds none', () =>
    withApps(async (start) => {
      const first = await start({ env: ADMIN_ENV });
      const url = first.database!.url;
      const users = await usersOf(url);
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({
        email: ADMIN_ENV.SIFT_ADMIN_EMAIL,
        roles: ['admin'],
        active: true,
      });
      const login = await signsIn(
        first,
        ADMIN_ENV.SIFT_ADMIN_EMAIL,
        ADMIN_ENV.SIFT_ADMIN_PASSWORD,
      ).expect(200);
      expect(login.body).toMatchObject({
        user: { id: users[0]!.id, roles: ['admin'], active: true },
      });
      expect(JSON.stringify(first.logs)).not.toContain(ADMIN_ENV.SIFT_ADMIN_PASSWORD);

      const second = await start({ databaseUrl: url, env: ADMIN_ENV });
      expect(await usersOf(url)).toEqual(users);
      await signsIn(second, ADMIN_ENV.SIFT_ADMIN_EMAIL, ADMIN_ENV.SIFT_ADMIN_PASSWORD).expect(200);
    }));

  it('creates the admin once when several apps start together on an empty database', () =>
    withApps(async (start) => {
      const empty = await start();
      const url = empty.database!.url;
      expect(await usersOf(url)).toEqual([]);
      const started = await Promise.allSettled(
        [1, 2, 3].map(() => start({ databaseUrl: url, env: ADMIN_ENV })),
      );
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const users = await usersOf(url);
      expect(users.map((u) => [u.email, u.roles, u.active])).toEqual([
        [ADMIN_ENV.SIFT_ADMIN_EMAIL, ['admin'], true],
      ]);
    }));

  it('changes nothing when an active admin already exists', () =>
    withApps(async (start) => {
      const base = await start();
      const url = base.database!.url;
      const existing = await createStaff(base, ['admin']);
      const before = await usersOf(url);
      expect(before).toHaveLength(1);

      // A different email: no second admin.
      const other = await start({ databaseUrl: url, env: ADMIN_ENV });
      expect(await usersOf(url)).toEqual(before);
      const refused = await signsIn(
        other,
        ADMIN_ENV.SIFT_ADMIN_EMAIL,
        ADMIN_ENV.SIFT_ADMIN_PASSWORD,
      ).expect(401);
      expect((refused.body as { code: string }).code).toBe('INVALID_CREDENTIALS');

      // The existing admin's own email with another password: the password is not reset.
      const same = await start({
        databaseUrl: url,
        env: { SIFT_ADMIN_EMAIL: existing.email, SIFT_ADMIN_PASSWORD: 'another-password-4567' },
      });
      expect(await usersOf(url)).toEqual(before);
      await signsIn(same, existing.email, 'another-password-4567').expect(401);
      await signsIn(same, existing.email, existing.password).expect(200);
    }));
});

describe('demo staff (SIFT_DEMO=true)', () => {
  it('creates 5 demo accounts and a 0600 credentials file whose logins work; no password is logged', () =>
    withApps(async (start) => {
      const t = await start({ env: { SIFT_DEMO: 'true' } });
      const config = t.app.get<SiftConfig>(SIFT_CONFIG);
      expect(config.demo).toBe(true);
      const file = join(config.dataDir, 'demo-credentials.txt');
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const lines = parseCredentials(readFileSync(file, 'utf8'));
      expect(lines).toHaveLength(5);
      expect(lines.map((l) => l.roles).sort()).toEqual([
        'admin',
        'hiring_manager',
        'hiring_manager',
        'recruiter',
        'recruiter',
      ]);
      expect(new Set(lines.map((l) => l.email.toLowerCase())).size).toBe(5);
      expect(new Set(lines.map((l) => l.password)).size).toBe(5);
      for (const line of lines) expect(line.password.length).toBeGreaterThanOrEqual(12);

      const users = await usersOf(t.database!.url);
      expect(users).toHaveLength(5);
      expect(users.every((u) => u.active)).toBe(true);
      const roleCounts = users.map((u) => u.roles.join(',')).sort();
      expect(roleCounts).toEqual([
        'admin',
        'hiring_manager',
        'hiring_manager',
        'recruiter',
        'recruiter',
      ]);

      for (const line of lines) {
        const res = await signsIn(t, line.email, line.password).expect(200);
        expect(res.body).toMatchObject({ user: { roles: [line.roles], active: true } });
      }

      const logged = JSON.stringify(t.logs);
      expect(t.logs.length).toBeGreaterThan(0);
      for (const line of lines) expect(logged).not.toContain(line.password);
    }));

  it('keeps the passwords across a restart, and issues new ones when the file is deleted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-demo-'));
    const env = { SIFT_DEMO: 'true', SIFT_DATA_DIR: dataDir };
    const file = join(dataDir, 'demo-credentials.txt');
    try {
      await withApps(async (start) => {
        const first = await start({ env });
        expect(first.app.get<SiftConfig>(SIFT_CONFIG).dataDir).toBe(dataDir);
        const url = first.database!.url;
        const original = readFileSync(file, 'utf8');
        const originalLines = parseCredentials(original);
        expect(originalLines).toHaveLength(5);
        const users = await usersOf(url);

        // Restart on the same database and data dir: same file, same passwords, same accounts.
        const second = await start({ databaseUrl: url, env });
        expect(readFileSync(file, 'utf8')).toBe(original);
        expect(await usersOf(url)).toEqual(users);
        const sessions: string[] = [];
        for (const line of originalLines) {
          const res = await signsIn(second, line.email, line.password).expect(200);
          sessions.push(
            ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!.split(';')[0]!,
          );
        }

        // Deleting the file and restarting issues new passwords for the same accounts.
        unlinkSync(file);
        const third = await start({ databaseUrl: url, env });
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const renewed = parseCredentials(readFileSync(file, 'utf8'));
        expect(renewed.map((l) => [l.roles, l.email])).toEqual(
          originalLines.map((l) => [l.roles, l.email]),
        );
        expect(await usersOf(url)).toEqual(users);
        for (const [i, line] of renewed.entries()) {
          expect(line.password).not.toBe(originalLines[i]!.password);
          await signsIn(third, line.email, line.password).expect(200);
          const old = await signsIn(third, line.email, originalLines[i]!.password).expect(401);
          expect((old.body as { code: string }).code).toBe('INVALID_CREDENTIALS');
        }

        // New passwords also end the sessions the old ones opened.
        for (const cookie of sessions) {
          await third.http.get('/api/auth/me').set('Cookie', cookie).expect(401);
        }

        const logged = JSON.stringify([...first.logs, ...second.logs, ...third.logs]);
        for (const line of [...originalLines, ...renewed]) {
          expect(logged).not.toContain(line.password);
        }
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
