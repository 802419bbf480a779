import { sql } from './harness/sql';
import { randomBytes } from 'node:crypto';
import { createStaff } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

function login(t: TestApp, email: string, password: string, forwardedFor?: string) {
  const req = t.http.post('/api/auth/login');
  if (forwardedFor) void req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password });
}

async function failLogin(t: TestApp, email: string, forwardedFor?: string): Promise<void> {
  const res = await login(t, email, `wrong-${randomBytes(6).toString('hex')}`, forwardedFor);
  expect(res.status).toBe(401);
  expect(res.body.code).toBe('INVALID_CREDENTIALS');
}

function expectThrottled(res: {
  status: number;
  body: { code?: string };
  headers: Record<string, string>;
}): void {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('LOGIN_THROTTLED');
  const retryAfter = res.headers['retry-after'];
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThan(0);
  expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60);
  expect(res.headers['set-cookie']).toBeUndefined();
}

function unknownEmail(): string {
  return `ghost-${randomBytes(5).toString('hex')}@nowhere.example`;
}

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  // supertest always connects from 127.0.0.1: start each test with clean per-address counts.
  beforeEach(async () => {
    await sql(t.database!.url, 'DELETE FROM login_throttle');
  });

  it('locks an account after 5 failures: even the right password then gets 429 with Retry-After', async () => {
    const account = await createStaff(t);
    for (let i = 0; i < 5; i++) await failLogin(t, account.email);
    expectThrottled(await login(t, account.email, account.password));
    // The same account however the email is spelt.
    expectThrottled(await login(t, `  ${account.email.toUpperCase()} `, account.password));
  });

  it('20 guesses sent at once get at most 5 password checks: the attempt is counted before the check', async () => {
    const account = await createStaff(t);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http.post('/api/auth/login').send({ email: account.email, password: 'a wrong guess' }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('4 failures do not lock the account', async () => {
    const account = await createStaff(t);
    for (let i = 0; i < 4; i++) await failLogin(t, account.email);
    await login(t, account.email, account.password).expect(200);
  });

  it('only failures within the last 15 minutes count', async () => {
    const account = await createStaff(t);
    for (let i = 0; i < 4; i++) await failLogin(t, account.email);
    await sql(
      t.database!.url,
      "UPDATE login_throttle SET window_started_at = now() - interval '16 minutes'",
    );
    // The 5th failure, but the first within 15 minutes: no lock.
    await failLogin(t, account.email);
    await login(t, account.email, account.password).expect(200);
  });

  it('a locked account does not affect other accounts', async () => {
    const locked = await createStaff(t);
    const other = await createStaff(t);
    for (let i = 0; i < 5; i++) await failLogin(t, locked.email);
    expectThrottled(await login(t, locked.email, locked.password));
    const res = await login(t, other.email, other.password).expect(200);
    expect(res.body.user.id).toBe(other.id);
  });

  it('a successful login resets the account counter', async () => {
    const account = await createStaff(t);
    for (let i = 0; i < 4; i++) await failLogin(t, account.email);
    await login(t, account.email, account.password).expect(200);
    // Without the reset, the first of these would have been the 5th failure and locked it.
    for (let i = 0; i < 4; i++) await failLogin(t, account.email);
    await login(t, account.email, account.password).expect(200);
  });

  it('30 failures from one address over different unknown emails lock the address', async () => {
    for (let i = 0; i < 30; i++) await failLogin(t, unknownEmail());
    const fresh = await createStaff(t);
    expectThrottled(await login(t, fresh.email, fresh.password));
  });

  it('writes auth.login_failed and auth.login_throttled audit rows', async () => {
    const account = await createStaff(t);
    const before = await sql<{ id: string }>(
      t.database!.url,
      'SELECT coalesce(max(id), 0)::text AS id FROM audit_events',
    );
    const since = before[0]!.id;
    for (let i = 0; i < 5; i++) await failLogin(t, account.email);
    expectThrottled(await login(t, account.email, account.password));

    const rows = await sql<{
      action: string;
      actor_type: string;
      subject_type: string | null;
      subject_id: string | null;
      client_address: string | null;
      details: Record<string, unknown>;
    }>(
      t.database!.url,
      `SELECT action, actor_type, subject_type, subject_id, host(client_address) AS client_address, details
         FROM audit_events WHERE id > $1 ORDER BY id`,
      [since],
    );
    expect(rows.map((r) => r.action)).toEqual([
      ...Array<string>(5).fill('auth.login_failed'),
      'auth.login_throttled',
    ]);
    expect(rows[0]).toMatchObject({
      actor_type: 'anonymous',
      subject_type: 'user',
      subject_id: account.id,
      client_address: '127.0.0.1',
      details: { reason: 'wrong_password' },
    });
    expect(rows[5]).toMatchObject({ actor_type: 'anonymous', client_address: '127.0.0.1' });
  });

  it('the audit row of a failed login holds neither the attempted password nor the email', async () => {
    const account = await createStaff(t);
    const password = `Attempted-${randomBytes(8).toString('hex')}`;
    const ghost = unknownEmail();
    const ghostPassword = `Ghostly-${randomBytes(8).toString('hex')}`;
    const before = await sql<{ id: string }>(
      t.database!.url,
      'SELECT coalesce(max(id), 0)::text AS id FROM audit_events',
    );
    await login(t, account.email, password).expect(401);
    await login(t, ghost, ghostPassword).expect(401);

    const rows = await sql<{ row: Record<string, unknown> }>(
      t.database!.url,
      `SELECT to_jsonb(e) AS row FROM audit_events e
        WHERE id > $1 AND action = 'auth.login_failed' ORDER BY id`,
      [before[0]!.id],
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]!.row.details).toEqual({ reason: 'unknown_account' });
    const text = JSON.stringify(rows).toLowerCase();
    for (const secret of [
      password,
      ghostPassword,
      account.email,
      ghost,
      account.email.split('@')[0]!,
      ghost.split('@')[0]!,
    ]) {
      expect(text).not.toContain(secret.toLowerCase());
    }
  });
});

describe('login throttling by client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Trusting X-Forwarded-For lets the test speak from several client addresses.
    t = await startTestApp({ env: { SIFT_TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('a locked account does not affect other accounts from a different address', async () => {
    const locked = await createStaff(t);
    const other = await createStaff(t);
    for (let i = 0; i < 5; i++) await failLogin(t, locked.email, '203.0.113.7');
    expectThrottled(await login(t, locked.email, locked.password, '203.0.113.7'));
    // The account lock follows the account to any address...
    expectThrottled(await login(t, locked.email, locked.password, '198.51.100.9'));
    // ...and nobody else is affected.
    await login(t, other.email, other.password, '198.51.100.9').expect(200);
    await login(t, other.email, other.password, '203.0.113.7').expect(200);
  });

  it('a locked address does not affect logins from another address', async () => {
    for (let i = 0; i < 30; i++) await failLogin(t, unknownEmail(), '203.0.113.50');
    const account = await createStaff(t);
    expectThrottled(await login(t, account.email, account.password, '203.0.113.50'));
    await login(t, account.email, account.password, '198.51.100.50').expect(200);
  });
});

describe('login throttling across two app instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ databaseUrl: a.database!.url });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('3 failures on one instance and 2 on the other lock the account on both', async () => {
    const account = await createStaff(a);
    for (let i = 0; i < 3; i++) await failLogin(a, account.email);
    for (let i = 0; i < 2; i++) await failLogin(b, account.email);
    expectThrottled(await login(a, account.email, account.password));
    expectThrottled(await login(b, account.email, account.password));
  });

  it('2 failures on each instance (4 in all) do not lock it', async () => {
    await sql(a.database!.url, 'DELETE FROM login_throttle');
    const account = await createStaff(b);
    for (let i = 0; i < 2; i++) await failLogin(a, account.email);
    for (let i = 0; i < 2; i++) await failLogin(b, account.email);
    await login(b, account.email, account.password).expect(200);
  });
});
