import { createStaff, signIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs in, sets a HttpOnly SameSite=Lax cookie, and /me answers who it is', async () => {
    const account = await createStaff(t, ['recruiter']);
    const res = await t.http
      .post('/api/auth/login')
      .send({ email: account.email.toUpperCase(), password: account.password })
      .expect(200);
    expect(res.body.user).toMatchObject({ id: account.id, roles: ['recruiter'], active: true });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!;
    expect(cookie).toMatch(/^sift_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const me = await t.http.get('/api/auth/me').set('Cookie', cookie.split(';')[0]!).expect(200);
    expect(me.body).toMatchObject({ user: { id: account.id }, via: 'session' });
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const account = await createStaff(t);
    const wrong = await t.http
      .post('/api/auth/login')
      .send({ email: account.email, password: 'not-the-password' })
      .expect(401);
    const unknown = await t.http
      .post('/api/auth/login')
      .send({ email: 'nobody@example.com', password: 'whatever-it-is' })
      .expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('logout ends the session on the server: the old cookie no longer works', async () => {
    const account = await createStaff(t);
    const session = await signIn(t, account);
    await session.get('/api/auth/me').expect(200);
    await session.post('/api/auth/logout').expect(204);
    const after = await t.http.get('/api/auth/me').set('Cookie', session.cookie).expect(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('sign-in behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SIFT_TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  async function lastFailureAddress(): Promise<string | null> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: t.database!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ client_address: string | null }>(
        "SELECT host(client_address) AS client_address FROM audit_events WHERE action = 'auth.login_failed' ORDER BY id DESC LIMIT 1",
      );
      return rows[0]?.client_address ?? null;
    } finally {
      await client.end();
    }
  }

  it('records the forwarded client address', async () => {
    await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', '203.0.113.7')
      .send({ email: 'nobody@example.com', password: 'wrong password' })
      .expect(401);
    expect(await lastFailureAddress()).toBe('203.0.113.7');
  });

  it('treats a forwarded value that is not an address as unknown, not as a server error', async () => {
    await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', 'not-an-address')
      .send({ email: 'nobody@example.com', password: 'wrong password' })
      .expect(401);
    expect(await lastFailureAddress()).toBeNull();
  });
});
