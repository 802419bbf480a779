import { sql } from './harness/sql';
import { createStaff, signIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  return ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
}

/** The `name=value` part of the session cookie a login response set. */
function sessionCookieOf(res: { headers: Record<string, unknown> }, name: string): string {
  const cookie = setCookies(res)
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${name}=`));
  if (!cookie) throw new Error(`no ${name} cookie in ${JSON.stringify(setCookies(res))}`);
  return cookie;
}

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('the cookie', () => {
    it('is sift_session over http, HttpOnly, SameSite=Lax, Path=/, without Secure or Domain', async () => {
      const account = await createStaff(t);
      const res = await t.http
        .post('/api/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(200);
      const cookies = setCookies(res).filter((c) => c.includes('sift_session='));
      expect(cookies).toHaveLength(1);
      const cookie = cookies[0]!;
      expect(cookie).toMatch(/^sift_session=[A-Za-z0-9_-]{43};/);
      const attributes = cookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('samesite=lax');
      expect(attributes).toContain('path=/');
      expect(attributes).not.toContain('secure');
      expect(attributes.some((a) => a.startsWith('domain'))).toBe(false);
    });

    it('is __Host-sift_session with Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain over https', async () => {
      const https = await startTestApp({ env: { SIFT_PUBLIC_URL: 'https://sift.example.com' } });
      try {
        expect(https.origin).toBe('https://sift.example.com');
        const account = await createStaff(https);
        const res = await https.http
          .post('/api/auth/login')
          .set('Origin', https.origin)
          .send({ email: account.email, password: account.password })
          .expect(200);
        const cookies = setCookies(res).filter((c) => c.includes('sift_session='));
        expect(cookies).toHaveLength(1);
        const cookie = cookies[0]!;
        expect(cookie).toMatch(/^__Host-sift_session=[A-Za-z0-9_-]{43};/);
        const attributes = cookie
          .split(';')
          .slice(1)
          .map((a) => a.trim().toLowerCase());
        expect(attributes).toContain('secure');
        expect(attributes).toContain('httponly');
        expect(attributes).toContain('samesite=lax');
        expect(attributes).toContain('path=/');
        expect(attributes.some((a) => a.startsWith('domain'))).toBe(false);

        const value = sessionCookieOf(res, '__Host-sift_session');
        const me = await https.http.get('/api/auth/me').set('Cookie', value).expect(200);
        expect(me.body).toMatchObject({ user: { id: account.id }, via: 'session' });
      } finally {
        await https.close();
      }
    });
  });

  describe('session ids', () => {
    it('gives a different session cookie at every login; both sessions stay usable', async () => {
      const account = await createStaff(t);
      const first = await signIn(t, account);
      const second = await signIn(t, account);
      expect(second.cookie).not.toBe(first.cookie);
      await first.get('/api/auth/me').expect(200);
      await second.get('/api/auth/me').expect(200);
      const rows = await sql<{ n: string }>(
        t,
        'SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
        [account.id],
      );
      expect(Number(rows[0]!.n)).toBe(2);
    });

    it('a login that presents an existing session cookie revokes that old session', async () => {
      const account = await createStaff(t);
      const old = await signIn(t, account);
      await old.get('/api/auth/me').expect(200);

      const res = await t.http
        .post('/api/auth/login')
        .set('Cookie', old.cookie)
        .send({ email: account.email, password: account.password })
        .expect(200);
      const fresh = sessionCookieOf(res, 'sift_session');
      expect(fresh).not.toBe(old.cookie);

      const gone = await t.http.get('/api/auth/me').set('Cookie', old.cookie).expect(401);
      expect(gone.body.code).toBe('UNAUTHENTICATED');
      const me = await t.http.get('/api/auth/me').set('Cookie', fresh).expect(200);
      expect(me.body.user.id).toBe(account.id);

      const rows = await sql<{ revoked: boolean }>(
        t,
        'SELECT revoked_at IS NOT NULL AS revoked FROM sessions WHERE user_id = $1 ORDER BY created_at, id',
        [account.id],
      );
      expect(rows.map((r) => r.revoked).sort()).toEqual([false, true]);
    });
  });

  describe('expiry, judged by the database clock', () => {
    it('ends a session idle for longer than 120 minutes', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      await session.get('/api/auth/me').expect(200);
      await sql(
        t,
        "UPDATE sessions SET last_seen_at = now() - interval '121 minutes' WHERE user_id = $1",
        [account.id],
      );
      const res = await session.get('/api/auth/me').expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('keeps a session idle for less than 120 minutes, and a request renews last_seen_at', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      await sql(
        t,
        "UPDATE sessions SET last_seen_at = now() - interval '119 minutes' WHERE user_id = $1",
        [account.id],
      );
      await session.get('/api/auth/me').expect(200);
      const rows = await sql<{ fresh: boolean }>(
        t,
        "SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM sessions WHERE user_id = $1",
        [account.id],
      );
      expect(rows).toEqual([{ fresh: true }]);
      await session.get('/api/auth/me').expect(200);
    });

    it('ends a session older than 12 hours even when it was used just now', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      await sql(
        t,
        "UPDATE sessions SET created_at = now() - interval '12 hours 1 minute', last_seen_at = now() WHERE user_id = $1",
        [account.id],
      );
      const res = await session.get('/api/auth/me').expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('keeps a session younger than 12 hours that is in use', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      await sql(
        t,
        "UPDATE sessions SET created_at = now() - interval '11 hours 59 minutes', last_seen_at = now() WHERE user_id = $1",
        [account.id],
      );
      await session.get('/api/auth/me').expect(200);
    });
  });

  describe('deactivated users', () => {
    it('a session stops working when an admin deactivates its user', async () => {
      const admin = await signIn(t, await createStaff(t, ['admin']));
      const account = await createStaff(t, ['recruiter']);
      const session = await signIn(t, account);
      await session.get('/api/auth/me').expect(200);

      const res = await admin.post(`/api/users/${account.id}/deactivate`).expect(200);
      expect(res.body.active).toBe(false);

      const after = await session.get('/api/auth/me').expect(401);
      expect(after.body.code).toBe('UNAUTHENTICATED');
    });

    it('a session stops working when its user is inactive, even if the session row is live', async () => {
      const account = await createStaff(t, ['recruiter']);
      const session = await signIn(t, account);
      await session.get('/api/auth/me').expect(200);
      await sql(t, 'UPDATE users SET active = false, deactivated_at = now() WHERE id = $1', [
        account.id,
      ]);
      const live = await sql<{ n: string }>(
        t,
        'SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
        [account.id],
      );
      expect(Number(live[0]!.n)).toBe(1);
      const after = await session.get('/api/auth/me').expect(401);
      expect(after.body.code).toBe('UNAUTHENTICATED');
    });
  });
});
