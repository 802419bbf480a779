import { sql } from './harness/sql';
import { createStaff, signIn, SignedIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface Issued {
  id: string;
  token: string;
  prefix: string;
  expiresAt: string;
}

async function issue(session: SignedIn, body: Record<string, unknown>): Promise<Issued> {
  const res = await session.post('/api/auth/tokens').send(body).expect(201);
  return res.body as Issued;
}

async function tokenCount(t: TestApp, userId: string): Promise<number> {
  const rows = await sql<{ n: string }>(
    t,
    'SELECT count(*) AS n FROM api_tokens WHERE user_id = $1',
    [userId],
  );
  return Number(rows[0]!.n);
}

const DAY_MS = 24 * 3600 * 1000;

describe('API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('issues a sift_ token once (201), lists tokens without it, and it works as a bearer', async () => {
    const account = await createStaff(t, ['recruiter']);
    const session = await signIn(t, account);
    const res = await session.post('/api/auth/tokens').send({ name: 'ATS sync' }).expect(201);
    expect(res.body).toMatchObject({ name: 'ATS sync', revokedAt: null, lastUsedAt: null });
    expect(res.body.token).toMatch(/^sift_[A-Za-z0-9_-]{43}$/);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((res.body.token as string).startsWith(res.body.prefix as string)).toBe(true);
    expect(res.body.prefix).not.toBe(res.body.token);

    const list = await session.get('/api/auth/tokens').expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: res.body.id, name: 'ATS sync' });
    expect(list.body.items[0]).not.toHaveProperty('token');
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);

    const me = await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect(200);
    expect(me.body).toMatchObject({ user: { id: account.id, roles: ['recruiter'] }, via: 'token' });
  });

  it('expires after 90 days by default, or after expiresInDays', async () => {
    const session = await signIn(t, await createStaff(t));
    const byDefault = await issue(session, { name: 'default' });
    expect(Math.abs(Date.parse(byDefault.expiresAt) - (Date.now() + 90 * DAY_MS))).toBeLessThan(
      5 * 60 * 1000,
    );
    const week = await issue(session, { name: 'week', expiresInDays: 7 });
    expect(Math.abs(Date.parse(week.expiresAt) - (Date.now() + 7 * DAY_MS))).toBeLessThan(
      5 * 60 * 1000,
    );
    const rows = await sql<{ days: number }>(
      t,
      'SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM api_tokens WHERE id = $1',
      [byDefault.id],
    );
    expect(rows).toEqual([{ days: 90 }]);
  });

  it('an expired token gets 401', async () => {
    const session = await signIn(t, await createStaff(t));
    const issued = await issue(session, { name: 'short' });
    const bearer = `Bearer ${issued.token}`;
    await t.http.get('/api/auth/me').set('Authorization', bearer).expect(200);
    await sql(
      t,
      "UPDATE api_tokens SET expires_at = now() - interval '1 second', created_at = now() - interval '1 day' WHERE id = $1",
      [issued.id],
    );
    const res = await t.http.get('/api/auth/me').set('Authorization', bearer).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('DELETE revokes a token: it then gets 401', async () => {
    const session = await signIn(t, await createStaff(t));
    const issued = await issue(session, { name: 'to revoke' });
    const bearer = `Bearer ${issued.token}`;
    await t.http.get('/api/auth/me').set('Authorization', bearer).expect(200);
    await session.delete(`/api/auth/tokens/${issued.id}`).expect(204);
    const res = await t.http.get('/api/auth/me').set('Authorization', bearer).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    const list = await session.get('/api/auth/tokens').expect(200);
    expect(list.body.items[0].revokedAt).toEqual(expect.any(String));
  });

  it("revoking someone else's token is 404 TOKEN_NOT_FOUND and leaves it working", async () => {
    const owner = await signIn(t, await createStaff(t));
    const issued = await issue(owner, { name: 'mine' });
    const intruder = await signIn(t, await createStaff(t, ['admin']));
    const res = await intruder.delete(`/api/auth/tokens/${issued.id}`).expect(404);
    expect(res.body.code).toBe('TOKEN_NOT_FOUND');
    const theirs = await intruder.get('/api/auth/tokens').expect(200);
    expect(theirs.body.items).toEqual([]);
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${issued.token}`).expect(200);
  });

  it('a token cannot mint tokens: a bearer POST /api/auth/tokens is 403 SESSION_REQUIRED', async () => {
    const account = await createStaff(t);
    const issued = await issue(await signIn(t, account), { name: 'script' });
    const before = await tokenCount(t, account.id);
    const res = await t.http
      .post('/api/auth/tokens')
      .set('Authorization', `Bearer ${issued.token}`)
      .send({ name: 'minted by a token' })
      .expect(403);
    expect(res.body.code).toBe('SESSION_REQUIRED');
    expect(await tokenCount(t, account.id)).toBe(before);
  });

  it.each([
    ['no token', 'Bearer'],
    ['an empty token', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['a too-short token', 'Bearer sift_abc'],
    ['characters outside the alphabet', 'Bearer sift_!!!!!!!!!!!!!!!!!!!!!!!!!!!!'],
    ['an unknown token', 'Bearer sift_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('a malformed Authorization header (%s) gets 401', async (_what, header) => {
    const res = await t.http.get('/api/auth/me').set('Authorization', header).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it.each<[string, Record<string, unknown>]>([
    ['expiresInDays 0', { name: 'x', expiresInDays: 0 }],
    ['expiresInDays 400', { name: 'x', expiresInDays: 400 }],
    ['expiresInDays "10"', { name: 'x', expiresInDays: '10' }],
    ['expiresInDays 1.5', { name: 'x', expiresInDays: 1.5 }],
    ['no name', { expiresInDays: 10 }],
    ['an empty name', { name: '' }],
  ])('refuses %s with 400 VALIDATION_FAILED and issues nothing', async (_what, body) => {
    const account = await createStaff(t);
    const session = await signIn(t, account);
    const res = await session.post('/api/auth/tokens').send(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await tokenCount(t, account.id)).toBe(0);
  });

  it('stores only a digest: no column holds the token text', async () => {
    const session = await signIn(t, await createStaff(t));
    const issued = await issue(session, { name: 'stored' });
    const secretPart = issued.token.slice('sift_'.length);

    const hashes = await sql<{ token_hash: Buffer }>(
      t,
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [issued.id],
    );
    const hash = hashes[0]!.token_hash;
    expect(hash.equals(Buffer.from(issued.token, 'utf8'))).toBe(false);
    expect(hash.toString('utf8')).not.toContain(secretPart);
    expect(hash.toString('hex')).not.toContain(Buffer.from(secretPart, 'utf8').toString('hex'));
    expect(hash.toString('base64url')).not.toContain(secretPart);

    // Every column as text, including bytea in its escape and hex forms.
    const rows = await sql<{ row: Record<string, unknown>; hash_escape: string }>(
      t,
      "SELECT to_jsonb(a) AS row, encode(token_hash, 'escape') AS hash_escape FROM api_tokens a WHERE id = $1",
      [issued.id],
    );
    const text = JSON.stringify(rows);
    expect(text).not.toContain(issued.token);
    expect(text).not.toContain(secretPart);
  });
});
