import { sql } from './harness/sql';
import { Controller, Get, Module } from '@nestjs/common';
import { createStaff, signIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

/** A route with no access marker at all: the guard must refuse it (deny by default). */
@Controller('api/_unmarked')
class UnmarkedController {
  @Get()
  reveal(): { secret: string } {
    return { secret: 'should never be served' };
  }
}

@Module({ controllers: [UnmarkedController] })
class UnmarkedModule {}

interface DenialRow {
  actor_type: string;
  actor_id: string | null;
  details: { route?: string; code?: string };
}

async function lastAuditId(t: TestApp): Promise<string> {
  const rows = await sql<{ id: string }>(
    t,
    'SELECT coalesce(max(id), 0)::text AS id FROM audit_events',
  );
  return rows[0]!.id;
}

async function denialsSince(t: TestApp, since: string): Promise<DenialRow[]> {
  return sql<DenialRow>(
    t,
    `SELECT actor_type, actor_id, details FROM audit_events
      WHERE id > $1 AND action = 'access.denied' ORDER BY id`,
    [since],
  );
}

async function tokenCount(t: TestApp, userId: string): Promise<number> {
  const rows = await sql<{ n: string }>(
    t,
    'SELECT count(*) AS n FROM api_tokens WHERE user_id = $1',
    [userId],
  );
  return Number(rows[0]!.n);
}

const EVIL = 'https://evil.example';

describe('access control', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ imports: [UnmarkedModule] });
  });
  afterAll(() => t.close());

  describe('a route without an access marker', () => {
    it('is refused to anonymous callers with 401 UNAUTHENTICATED', async () => {
      const since = await lastAuditId(t);
      const res = await t.http.get('/api/_unmarked').expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.body).not.toHaveProperty('secret');
      const denials = await denialsSince(t, since);
      expect(denials).toHaveLength(1);
      expect(denials[0]).toMatchObject({
        actor_type: 'anonymous',
        details: { route: '/api/_unmarked' },
      });
    });

    it('is refused to a signed-in admin with 403 ROUTE_NOT_CLASSIFIED, and audited', async () => {
      const admin = await createStaff(t, ['admin']);
      const session = await signIn(t, admin);
      const since = await lastAuditId(t);
      const res = await session.get('/api/_unmarked').expect(403);
      expect(res.body.code).toBe('ROUTE_NOT_CLASSIFIED');
      expect(res.body).not.toHaveProperty('secret');
      expect(await denialsSince(t, since)).toEqual([
        {
          actor_type: 'user',
          actor_id: admin.id,
          details: { route: '/api/_unmarked', code: 'ROUTE_NOT_CLASSIFIED' },
        },
      ]);
    });
  });

  describe('roles on /api/users (admin only)', () => {
    it('anonymous: 401 UNAUTHENTICATED, audited with the route template', async () => {
      const since = await lastAuditId(t);
      const res = await t.http.get('/api/users').expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(await denialsSince(t, since)).toEqual([
        {
          actor_type: 'anonymous',
          actor_id: null,
          details: { route: '/api/users', code: 'UNAUTHENTICATED' },
        },
      ]);
    });

    it.each([['recruiter'], ['hiring_manager']] as const)(
      '%s: 403 FORBIDDEN, audited',
      async (role) => {
        const account = await createStaff(t, [role]);
        const session = await signIn(t, account);
        const since = await lastAuditId(t);
        const res = await session.get('/api/users').expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
        expect(res.body).not.toHaveProperty('items');
        expect(await denialsSince(t, since)).toEqual([
          {
            actor_type: 'user',
            actor_id: account.id,
            details: { route: '/api/users', code: 'FORBIDDEN' },
          },
        ]);
      },
    );

    it('the audit row names the route template, not the concrete path', async () => {
      const account = await createStaff(t, ['recruiter']);
      const session = await signIn(t, account);
      const since = await lastAuditId(t);
      await session.get(`/api/users/${account.id}`).expect(403);
      const denials = await denialsSince(t, since);
      expect(denials).toEqual([
        {
          actor_type: 'user',
          actor_id: account.id,
          details: { route: '/api/users/:id', code: 'FORBIDDEN' },
        },
      ]);
      expect(JSON.stringify(denials)).not.toContain(`/api/users/${account.id}`);
    });

    it('admin: 200', async () => {
      const admin = await createStaff(t, ['admin']);
      const session = await signIn(t, admin);
      const res = await session.get('/api/users').expect(200);
      expect((res.body.items as { id: string }[]).map((u) => u.id)).toContain(admin.id);
    });

    it('a user holding both recruiter and admin: 200', async () => {
      const both = await createStaff(t, ['recruiter', 'admin']);
      const session = await signIn(t, both);
      const res = await session.get('/api/users').expect(200);
      expect((res.body.items as { id: string }[]).map((u) => u.id)).toContain(both.id);
    });
  });

  describe('CSRF on cookie-authenticated state changes', () => {
    it('a foreign Origin is 403 CSRF_REJECTED and creates no token; the refusal is audited', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      const since = await lastAuditId(t);
      const res = await session
        .post('/api/auth/tokens')
        .set('Origin', EVIL)
        .send({ name: 'forged' })
        .expect(403);
      expect(res.body.code).toBe('CSRF_REJECTED');
      expect(await tokenCount(t, account.id)).toBe(0);
      expect(await denialsSince(t, since)).toEqual([
        {
          actor_type: 'user',
          actor_id: account.id,
          details: { route: '/api/auth/tokens', code: 'CSRF_REJECTED' },
        },
      ]);
    });

    it('no Origin and no Referer is 403 CSRF_REJECTED', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      const res = await t.http
        .post('/api/auth/tokens')
        .set('Cookie', session.cookie)
        .send({ name: 'headless' })
        .expect(403);
      expect(res.body.code).toBe('CSRF_REJECTED');
      expect(await tokenCount(t, account.id)).toBe(0);
    });

    it('a matching Referer without Origin is allowed', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      await t.http
        .post('/api/auth/tokens')
        .set('Cookie', session.cookie)
        .set('Referer', `${t.origin}/settings/tokens?tab=1`)
        .send({ name: 'old browser' })
        .expect(201);
      expect(await tokenCount(t, account.id)).toBe(1);
    });

    it('a foreign Referer without Origin is 403', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      const res = await t.http
        .post('/api/auth/tokens')
        .set('Cookie', session.cookie)
        .set('Referer', `${EVIL}/attack`)
        .send({ name: 'forged' })
        .expect(403);
      expect(res.body.code).toBe('CSRF_REJECTED');
      expect(await tokenCount(t, account.id)).toBe(0);
    });

    it('Sec-Fetch-Site: cross-site is 403, whatever Origin or Referer claim', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      const withOrigin = await session
        .post('/api/auth/tokens')
        .set('Sec-Fetch-Site', 'cross-site')
        .send({ name: 'cross' })
        .expect(403);
      expect(withOrigin.body.code).toBe('CSRF_REJECTED');
      const withReferer = await t.http
        .post('/api/auth/tokens')
        .set('Cookie', session.cookie)
        .set('Referer', `${t.origin}/`)
        .set('Sec-Fetch-Site', 'cross-site')
        .send({ name: 'cross' })
        .expect(403);
      expect(withReferer.body.code).toBe('CSRF_REJECTED');
      expect(await tokenCount(t, account.id)).toBe(0);
    });

    it("the app's own Origin is allowed", async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      const res = await t.http
        .post('/api/auth/tokens')
        .set('Cookie', session.cookie)
        .set('Origin', t.origin)
        .send({ name: 'same site' })
        .expect(201);
      expect(res.body.token).toMatch(/^sift_/);
      expect(await tokenCount(t, account.id)).toBe(1);
    });

    it('a cookie DELETE and logout with a foreign Origin change nothing', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      const issued = await session.post('/api/auth/tokens').send({ name: 'keep' }).expect(201);
      const del = await session
        .delete(`/api/auth/tokens/${issued.body.id}`)
        .set('Origin', EVIL)
        .expect(403);
      expect(del.body.code).toBe('CSRF_REJECTED');
      await t.http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${issued.body.token}`)
        .expect(200);
      const logout = await session.post('/api/auth/logout').set('Origin', EVIL).expect(403);
      expect(logout.body.code).toBe('CSRF_REJECTED');
      await session.get('/api/auth/me').expect(200);
    });

    it('bearer requests are exempt: a revoke with a foreign Origin works', async () => {
      const account = await createStaff(t);
      const session = await signIn(t, account);
      const issued = await session.post('/api/auth/tokens').send({ name: 'script' }).expect(201);
      const bearer = `Bearer ${issued.body.token}`;
      await t.http
        .delete(`/api/auth/tokens/${issued.body.id}`)
        .set('Authorization', bearer)
        .set('Origin', EVIL)
        .expect(204);
      const rows = await sql<{ revoked: boolean }>(
        t,
        'SELECT revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = $1',
        [issued.body.id],
      );
      expect(rows).toEqual([{ revoked: true }]);
      await t.http.get('/api/auth/me').set('Authorization', bearer).expect(401);
    });

    it('GET requests with a foreign Origin are allowed', async () => {
      const admin = await createStaff(t, ['admin']);
      const session = await signIn(t, admin);
      const me = await session.get('/api/auth/me').set('Origin', EVIL).expect(200);
      expect(me.body.user.id).toBe(admin.id);
      await session
        .get('/api/users')
        .set('Origin', EVIL)
        .set('Sec-Fetch-Site', 'cross-site')
        .expect(200);
    });
  });

  describe('CSRF on sign-in', () => {
    it('a foreign Origin is 403 CSRF_REJECTED and starts no session', async () => {
      const account = await createStaff(t);
      const res = await t.http
        .post('/api/auth/login')
        .set('Origin', EVIL)
        .send({ email: account.email, password: account.password })
        .expect(403);
      expect(res.body.code).toBe('CSRF_REJECTED');
      expect(res.headers['set-cookie']).toBeUndefined();
      const rows = await sql<{ n: string }>(
        t,
        'SELECT count(*) AS n FROM sessions WHERE user_id = $1',
        [account.id],
      );
      expect(Number(rows[0]!.n)).toBe(0);
    });

    it('no Origin (an API client) is allowed', async () => {
      const account = await createStaff(t);
      const res = await t.http
        .post('/api/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(200);
      expect(res.body.user.id).toBe(account.id);
    });

    it("the app's own Origin is allowed", async () => {
      const account = await createStaff(t);
      await t.http
        .post('/api/auth/login')
        .set('Origin', t.origin)
        .send({ email: account.email, password: account.password })
        .expect(200);
    });
  });
});
