import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { Role } from '../src/auth/roles';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface UserBody {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  deactivatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface UserPage {
  items: UserBody[];
  nextCursor: string | null;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  details?: { field: string; messages: string[] }[];
}

interface AuditRow {
  id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  request_id: string | null;
  client_address: string | null;
  details: Record<string, unknown>;
}

const USER_KEYS = [
  'active',
  'createdAt',
  'deactivatedAt',
  'displayName',
  'email',
  'id',
  'roles',
  'updatedAt',
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const tag = (label: string) => `${label}${randomBytes(4).toString('hex')}`;
const newPassword = () => `pw-${randomBytes(12).toString('base64url')}`;

function errorOf(res: request.Response): ErrorBody {
  return res.body as ErrorBody;
}

describe('/api/users (admins)', () => {
  let t: TestApp;
  let db: Client;
  let admin: StaffAccount;
  let as: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database!.url });
    await db.connect();
    admin = await createStaff(t, ['admin']);
    as = await signIn(t, admin);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function createUser(
    overrides: Partial<{
      email: string;
      displayName: string;
      roles: Role[];
      password: string;
    }> = {},
  ): Promise<UserBody & { password: string }> {
    const body = {
      email: `${tag('user')}@example.com`,
      displayName: 'Some One',
      roles: ['recruiter'] as Role[],
      password: newPassword(),
      ...overrides,
    };
    const res = await as.post('/api/users').send(body).expect(201);
    return { ...(res.body as UserBody), password: body.password };
  }

  async function listAll(query: Record<string, string>): Promise<UserBody[]> {
    const res = await as
      .get('/api/users')
      .query({ limit: '200', ...query })
      .expect(200);
    const page = res.body as UserPage;
    expect(page.nextCursor).toBeNull();
    return page.items;
  }

  async function dbIds(where: string, params: unknown[] = []): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM users WHERE ${where} ORDER BY created_at, id`,
      params,
    );
    return rows.map((row) => row.id);
  }

  async function auditRowsFor(subjectId: string): Promise<AuditRow[]> {
    const { rows } = await db.query<AuditRow>(
      `SELECT id::text, actor_type, actor_id, action, subject_type, subject_id, request_id,
              host(client_address) AS client_address, details
         FROM audit_events WHERE subject_id = $1 ORDER BY audit_events.id`,
      [subjectId],
    );
    return rows;
  }

  const login = (email: string, password: string) =>
    t.http.post('/api/auth/login').send({ email, password });

  describe('POST /api/users', () => {
    it('creates an account and answers 201 with a UserDto that carries no password or hash', async () => {
      const email = `${tag('new.hire')}@example.com`;
      const password = newPassword();
      const res = await as
        .post('/api/users')
        .send({ email, displayName: 'New Hire', roles: ['recruiter', 'hiring_manager'], password })
        .expect(201);
      const user = res.body as UserBody;
      expect(Object.keys(user).sort()).toEqual(USER_KEYS);
      expect(user).toMatchObject({
        email,
        displayName: 'New Hire',
        roles: ['recruiter', 'hiring_manager'],
        active: true,
        deactivatedAt: null,
      });
      expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(user.createdAt).toMatch(ISO_UTC);
      expect(user.updatedAt).toMatch(ISO_UTC);
      expect(res.text).not.toContain(password);
      expect(res.text).not.toMatch(/password|hash/i);

      const fetched = await as.get(`/api/users/${user.id}`).expect(200);
      expect(fetched.body).toEqual(user);
      expect(fetched.text).not.toMatch(/password|hash/i);

      const { rows } = await db.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [user.id],
      );
      expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
      expect(rows[0]!.password_hash).not.toContain(password);

      const signedIn = await login(email, password).expect(200);
      expect(signedIn.body).toMatchObject({ user: { id: user.id }, via: 'session' });
    });

    it('accepts passwords of exactly 12 and 256 characters', async () => {
      const short = await createUser({ password: 'p'.repeat(12) });
      const long = await createUser({ password: 'q'.repeat(256) });
      await login(short.email, 'p'.repeat(12)).expect(200);
      await login(long.email, 'q'.repeat(256)).expect(200);
    });

    it('refuses an email already taken, whatever its case or surrounding spaces (409 USER_EMAIL_TAKEN)', async () => {
      const local = tag('dup.case');
      const first = await createUser({ email: `${local}@Example.com` });
      for (const email of [
        `${local.toUpperCase()}@EXAMPLE.COM`,
        `  ${local}@example.com  `,
        `\t${local}@example.COM `,
      ]) {
        const res = await as
          .post('/api/users')
          .send({ email, displayName: 'Copy Cat', roles: ['recruiter'], password: newPassword() })
          .expect(409);
        expect(errorOf(res).code).toBe('USER_EMAIL_TAKEN');
      }
      expect(await dbIds('lower(email) = lower($1)', [`${local}@example.com`])).toEqual([first.id]);
    });

    const validBody = () => ({
      email: `${tag('valid')}@example.com`,
      displayName: 'Valid Person',
      roles: ['recruiter'],
      password: newPassword(),
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a bad email', { email: 'not-an-email' }, 'email'],
      ['empty roles', { roles: [] }, 'roles'],
      ['an unknown role', { roles: ['owner'] }, 'roles'],
      ['duplicate roles', { roles: ['recruiter', 'recruiter'] }, 'roles'],
      ['a password of 11 characters', { password: 'x'.repeat(11) }, 'password'],
      ['a password of 257 characters', { password: 'x'.repeat(257) }, 'password'],
      ['an unknown extra field', { isSuperuser: true }, 'isSuperuser'],
      ['an empty displayName', { displayName: '' }, 'displayName'],
      ['a displayName of only spaces', { displayName: '   ' }, 'displayName'],
    ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_label, change, field) => {
      const body = { ...validBody(), ...change };
      const res = await as.post('/api/users').send(body).expect(400);
      const error = errorOf(res);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details?.map((d) => d.field)).toEqual([field]);
      expect(res.text).not.toContain(body.password);
      if (typeof body.email === 'string') {
        expect(await dbIds('lower(email) = lower($1)', [body.email.trim()])).toEqual([]);
      }
    });
  });

  describe('GET /api/users', () => {
    it('walks every page with limit=2, oldest first, without gaps or duplicates', async () => {
      for (let i = 0; i < 5; i++) await createUser({ displayName: `Pager ${i}` });
      const expected = await dbIds('true');
      expect(expected.length).toBeGreaterThanOrEqual(6);

      const seen: string[] = [];
      const pageSizes: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await as
          .get('/api/users')
          .query(cursor ? { limit: '2', cursor } : { limit: '2' })
          .expect(200);
        const page = res.body as UserPage;
        pageSizes.push(page.items.length);
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
        expect(pageSizes.length).toBeLessThanOrEqual(expected.length);
      } while (cursor !== null);

      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pageSizes).toHaveLength(Math.ceil(expected.length / 2));
      expect(pageSizes.slice(0, -1).every((n) => n === 2)).toBe(true);
    });

    it('filters by role', async () => {
      const manager = await createUser({ roles: ['hiring_manager'] });
      const both = await createUser({ roles: ['recruiter', 'hiring_manager'] });
      const recruiter = await createUser({ roles: ['recruiter'] });
      const items = await listAll({ role: 'hiring_manager' });
      const ids = items.map((u) => u.id);
      expect(ids).toEqual(await dbIds(`'hiring_manager' = ANY(roles)`));
      expect(ids).toEqual(expect.arrayContaining([manager.id, both.id]));
      expect(ids).not.toContain(recruiter.id);
      expect(ids).not.toContain(admin.id);
      expect(items.every((u) => u.roles.includes('hiring_manager'))).toBe(true);
    });

    it('filters by active=false and active=true', async () => {
      const gone = await createUser();
      const staying = await createUser();
      await as.post(`/api/users/${gone.id}/deactivate`).expect(200);

      const inactive = await listAll({ active: 'false' });
      expect(inactive.map((u) => u.id)).toEqual(await dbIds('NOT active'));
      expect(inactive.map((u) => u.id)).toContain(gone.id);
      expect(inactive.every((u) => !u.active && u.deactivatedAt !== null)).toBe(true);

      const active = await listAll({ active: 'true' });
      expect(active.map((u) => u.id)).toEqual(await dbIds('active'));
      expect(active.map((u) => u.id)).toEqual(expect.arrayContaining([staying.id, admin.id]));
      expect(active.map((u) => u.id)).not.toContain(gone.id);
    });

    it('q matches part of the email or the name, case-insensitively', async () => {
      const needle = tag('zq');
      const byEmail = await createUser({
        email: `ada.${needle}.x@example.com`,
        displayName: 'Ada',
      });
      const byName = await createUser({ displayName: `Bob ${needle.toUpperCase()} Smith` });
      const other = await createUser({ displayName: 'Carol Nomatch' });

      const middle = needle.slice(1, -1).toUpperCase();
      const ids = (await listAll({ q: middle })).map((u) => u.id);
      expect(ids).toEqual([byEmail.id, byName.id]);
      expect(ids).not.toContain(other.id);

      const lower = (await listAll({ q: `bob ${needle}` })).map((u) => u.id);
      expect(lower).toEqual([byName.id]);
    });

    it("a q of '%' or '_' matches only those literal characters, not everything", async () => {
      const percent = await createUser({ displayName: `Percy 100% ${tag('p')}` });
      const underscore = await createUser({ displayName: `Under_score ${tag('u')}` });
      const plain = await createUser({ displayName: 'Plain Person' });

      const byPercent = (await listAll({ q: '%' })).map((u) => u.id);
      expect(byPercent).toEqual(
        await dbIds(`strpos(email, '%') > 0 OR strpos(display_name, '%') > 0`),
      );
      expect(byPercent).toContain(percent.id);
      expect(byPercent).not.toContain(plain.id);
      expect(byPercent).not.toContain(underscore.id);

      const byUnderscore = (await listAll({ q: '_' })).map((u) => u.id);
      expect(byUnderscore).toEqual(
        await dbIds(`strpos(email, '_') > 0 OR strpos(display_name, '_') > 0`),
      );
      expect(byUnderscore).toContain(underscore.id);
      expect(byUnderscore).not.toContain(plain.id);
      expect(byUnderscore).not.toContain(percent.id);
    });

    it('GET /:id answers 200, 404 USER_NOT_FOUND for an unknown uuid, 400 INVALID_ID for a malformed one', async () => {
      const user = await createUser({ displayName: 'Fetch Me' });
      const res = await as.get(`/api/users/${user.id}`).expect(200);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, displayName: 'Fetch Me' });

      const missing = await as.get(`/api/users/${randomUUID()}`).expect(404);
      expect(errorOf(missing).code).toBe('USER_NOT_FOUND');

      for (const bad of ['not-a-uuid', '12345', `${user.id}x`]) {
        const malformed = await as.get(`/api/users/${bad}`).expect(400);
        expect(errorOf(malformed).code).toBe('INVALID_ID');
      }
    });

    it('is for admins only', async () => {
      const recruiter = await createStaff(t, ['recruiter']);
      const session = await signIn(t, recruiter);
      const forbidden = await session.get('/api/users').expect(403);
      expect(errorOf(forbidden).code).toBe('FORBIDDEN');
      const anonymous = await t.http.get('/api/users').expect(401);
      expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    });
  });

  it.each([
    ['not a date', ['not-a-date', '00000000-0000-4000-8000-000000000000']],
    ['not a uuid', ['2020-01-01T00:00:00.000Z', 'nope']],
    ['numbers', [1, 2]],
    ['a zoneless date', ['2020-01-01T00:00:00', '00000000-0000-4000-8000-000000000000']],
  ])('refuses a forged list cursor (%s) with 400 INVALID_CURSOR', async (_name, key) => {
    const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
    const res = await as.get('/api/users').query({ cursor }).expect(400);
    expect((res.body as { code: string }).code).toBe('INVALID_CURSOR');
  });

  describe('PATCH /api/users/:id', () => {
    it('changes roles and displayName', async () => {
      const user = await createUser({ roles: ['recruiter'], displayName: 'Before' });
      const res = await as
        .patch(`/api/users/${user.id}`)
        .send({ roles: ['hiring_manager', 'recruiter'], displayName: '  After  ' })
        .expect(200);
      const changed = res.body as UserBody;
      expect(changed).toMatchObject({
        id: user.id,
        email: user.email,
        roles: ['hiring_manager', 'recruiter'],
        displayName: 'After',
        active: true,
      });
      expect(changed.createdAt).toBe(user.createdAt);
      expect(new Date(changed.updatedAt).getTime()).toBeGreaterThan(
        new Date(user.updatedAt).getTime(),
      );
      expect((await as.get(`/api/users/${user.id}`).expect(200)).body).toEqual(changed);
    });

    it.each([
      ['an empty change', {}],
      ['a null password', { password: null }],
      ['null roles', { roles: null }],
      ['a null display name', { displayName: null }],
    ])('refuses %s with 400, not 500', async (_name, body) => {
      const user = await createUser();
      const res = await as.patch(`/api/users/${user.id}`).send(body).expect(400);
      expect((res.body as { code: string }).code).toBe('VALIDATION_FAILED');
    });

    it("a new password ends the user's sessions; the new password works and the old one does not", async () => {
      const user = await createUser();
      const session = await signIn(t, user);
      await session.get('/api/auth/me').expect(200);

      const password = newPassword();
      const res = await as.patch(`/api/users/${user.id}`).send({ password }).expect(200);
      expect(res.text).not.toContain(password);

      const me = await t.http.get('/api/auth/me').set('Cookie', session.cookie).expect(401);
      expect(errorOf(me).code).toBe('UNAUTHENTICATED');
      const old = await login(user.email, user.password).expect(401);
      expect(errorOf(old).code).toBe('INVALID_CREDENTIALS');
      await login(user.email, password).expect(200);
      // The admin who made the change is not signed out.
      await as.get('/api/auth/me').expect(200);
    });

    it('refuses an unknown user (404) and invalid changes (400)', async () => {
      const missing = await as
        .patch(`/api/users/${randomUUID()}`)
        .send({ displayName: 'Nobody' })
        .expect(404);
      expect(errorOf(missing).code).toBe('USER_NOT_FOUND');
      const user = await createUser();
      for (const [body, field] of [
        [{ roles: [] }, 'roles'],
        [{ roles: ['root'] }, 'roles'],
        [{ password: 'short' }, 'password'],
        [{ displayName: '' }, 'displayName'],
        [{ email: 'new@example.com' }, 'email'],
      ] as const) {
        const res = await as.patch(`/api/users/${user.id}`).send(body).expect(400);
        expect(errorOf(res).code).toBe('VALIDATION_FAILED');
        expect(errorOf(res).details?.map((d) => d.field)).toEqual([field]);
      }
    });
  });

  describe('deactivation', () => {
    it('ends sessions and API tokens at once, blocks sign-in, and keeps the row', async () => {
      const user = await createUser({ roles: ['recruiter'] });
      const session = await signIn(t, user);
      const issued = await session.post('/api/auth/tokens').send({ name: 't' }).expect(201);
      const token = (issued.body as { token: string }).token;
      const viaToken = await t.http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(viaToken.body).toMatchObject({ user: { id: user.id }, via: 'token' });

      const res = await as.post(`/api/users/${user.id}/deactivate`).expect(200);
      const deactivated = res.body as UserBody;
      expect(deactivated).toMatchObject({ id: user.id, active: false });
      expect(deactivated.deactivatedAt).toMatch(ISO_UTC);

      const bySession = await t.http.get('/api/auth/me').set('Cookie', session.cookie).expect(401);
      expect(errorOf(bySession).code).toBe('UNAUTHENTICATED');
      const byToken = await t.http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(401);
      expect(errorOf(byToken).code).toBe('UNAUTHENTICATED');
      const signInAgain = await login(user.email, user.password).expect(401);
      expect(errorOf(signInAgain).code).toBe('INVALID_CREDENTIALS');

      const { rows } = await db.query<{ active: boolean; deactivated_at: Date | null }>(
        'SELECT active, deactivated_at FROM users WHERE id = $1',
        [user.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.active).toBe(false);
      expect(rows[0]!.deactivated_at?.toISOString()).toBe(deactivated.deactivatedAt);
      const live = await db.query(
        `SELECT 'session' FROM sessions WHERE user_id = $1 AND revoked_at IS NULL
         UNION ALL SELECT 'token' FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
        [user.id],
      );
      expect(live.rowCount).toBe(0);
      expect((await as.get(`/api/users/${user.id}`).expect(200)).body).toMatchObject({
        active: false,
        deactivatedAt: deactivated.deactivatedAt,
      });
    });

    it('reactivation lets the user sign in again (old sessions stay ended)', async () => {
      const user = await createUser();
      const session = await signIn(t, user);
      await as.post(`/api/users/${user.id}/deactivate`).expect(200);
      const res = await as.post(`/api/users/${user.id}/reactivate`).expect(200);
      expect(res.body).toMatchObject({ id: user.id, active: true, deactivatedAt: null });
      await t.http.get('/api/auth/me').set('Cookie', session.cookie).expect(401);
      const again = await signIn(t, user);
      await again.get('/api/auth/me').expect(200);
    });

    it('refuses to deactivate yourself (409 CANNOT_DEACTIVATE_SELF)', async () => {
      const res = await as.post(`/api/users/${admin.id}/deactivate`).expect(409);
      expect(errorOf(res).code).toBe('CANNOT_DEACTIVATE_SELF');
      await as.get('/api/auth/me').expect(200);
      expect(await dbIds('id = $1 AND active', [admin.id])).toEqual([admin.id]);
    });

    it('refuses to deactivate yourself when your id is written in upper case', async () => {
      // A second admin, so that the last-admin rule cannot be what stops it.
      const other = await createStaff(t, ['admin']);
      const session = await signIn(t, other);
      const res = await session.post(`/api/users/${other.id.toUpperCase()}/deactivate`);
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('CANNOT_DEACTIVATE_SELF');
      expect(await dbIds('id = $1 AND active', [other.id])).toEqual([other.id]);
    });

    it('404 for an unknown user, 400 for a malformed id', async () => {
      const missing = await as.post(`/api/users/${randomUUID()}/deactivate`).expect(404);
      expect(errorOf(missing).code).toBe('USER_NOT_FOUND');
      const malformed = await as.post('/api/users/nope/deactivate').expect(400);
      expect(errorOf(malformed).code).toBe('INVALID_ID');
    });
  });

  describe('the last active admin', () => {
    it('can deactivate the other admin, but cannot then drop its own admin role (409 LAST_ADMIN)', async () => {
      const f = await startTestApp();
      try {
        const a = await createStaff(f, ['admin']);
        const b = await createStaff(f, ['admin']);
        const asA = await signIn(f, a);
        const bSession = await signIn(f, b);

        await asA.post(`/api/users/${b.id}/deactivate`).expect(200);
        await f.http.get('/api/auth/me').set('Cookie', bSession.cookie).expect(401);

        const refused = await asA
          .patch(`/api/users/${a.id}`)
          .send({ roles: ['recruiter'] })
          .expect(409);
        expect(errorOf(refused).code).toBe('LAST_ADMIN');
        const still = await asA.get(`/api/users/${a.id}`).expect(200);
        expect(still.body).toMatchObject({ roles: ['admin'], active: true });

        // Other changes to the last admin are fine, and so is keeping admin among other roles.
        await asA
          .patch(`/api/users/${a.id}`)
          .send({ displayName: 'Still In Charge', roles: ['admin', 'recruiter'] })
          .expect(200);

        // With B back, A may step down.
        await asA.post(`/api/users/${b.id}/reactivate`).expect(200);
        const stepped = await asA
          .patch(`/api/users/${a.id}`)
          .send({ roles: ['recruiter'] })
          .expect(200);
        expect(stepped.body).toMatchObject({ roles: ['recruiter'] });
        const fdb = new Client({ connectionString: f.database!.url });
        await fdb.connect();
        const { rows } = await fdb
          .query<{ id: string }>(`SELECT id FROM users WHERE active AND 'admin' = ANY(roles)`)
          .finally(() => fdb.end());
        expect(rows.map((r) => r.id)).toEqual([b.id]);
      } finally {
        await f.close();
      }
    });

    it('two admins deactivating each other at the same moment leave exactly one active admin', async () => {
      const f = await startTestApp();
      const fdb = new Client({ connectionString: f.database!.url });
      await fdb.connect();
      try {
        const a = await createStaff(f, ['admin']);
        const b = await createStaff(f, ['admin']);
        for (let round = 0; round < 5; round++) {
          const [sa, sb] = await Promise.all([signIn(f, a), signIn(f, b)]);
          const [resA, resB] = await Promise.all([
            sa.post(`/api/users/${b.id}/deactivate`),
            sb.post(`/api/users/${a.id}/deactivate`),
          ]);
          const outcomes = [resA, resB].map((r) => `${r.status}:${errorOf(r).code ?? ''}`);
          const winners = [resA, resB].filter((r) => r.status === 200);
          expect({ round, outcomes, winners: winners.length }).toMatchObject({ winners: 1 });
          const loser = resA.status === 200 ? resB : resA;
          expect(['409:LAST_ADMIN', '401:UNAUTHENTICATED', '403:FORBIDDEN']).toContain(
            `${loser.status}:${errorOf(loser).code}`,
          );

          const { rows } = await fdb.query<{ id: string }>(
            `SELECT id FROM users WHERE active AND 'admin' = ANY(roles)`,
          );
          const survivor = resA.status === 200 ? a : b;
          const deactivated = resA.status === 200 ? b : a;
          expect(rows.map((r) => r.id)).toEqual([survivor.id]);

          // Put things back for the next round.
          const back = await signIn(f, survivor);
          await back.post(`/api/users/${deactivated.id}/reactivate`).expect(200);
        }
        expect(f.logs.filter((l) => l.level === 'error')).toEqual([]);
      } finally {
        await fdb.end();
        await f.close();
      }
    });
  });

  describe('audit trail of user changes', () => {
    it('records user.created, user.updated, user.deactivated and user.reactivated by the admin, without password or email', async () => {
      const email = `${tag('Audited.Person')}@example.com`;
      const firstPassword = newPassword();
      const created = await as
        .post('/api/users')
        .send({
          email,
          displayName: 'Audited Person',
          roles: ['recruiter'],
          password: firstPassword,
        })
        .expect(201);
      const id = (created.body as UserBody).id;
      const target = { email, password: firstPassword };
      await signIn(t, target);
      await as
        .patch(`/api/users/${id}`)
        .send({ displayName: 'Renamed Person', roles: ['hiring_manager'] })
        .expect(200);
      const secondPassword = newPassword();
      await as.patch(`/api/users/${id}`).send({ password: secondPassword }).expect(200);
      await as.post(`/api/users/${id}/deactivate`).expect(200);
      const reactivated = await as.post(`/api/users/${id}/reactivate`).expect(200);

      const rows = (await auditRowsFor(id)).filter((r) => r.action.startsWith('user.'));
      expect(rows.map((r) => r.action)).toEqual([
        'user.created',
        'user.updated',
        'user.updated',
        'user.deactivated',
        'user.reactivated',
      ]);
      for (const row of rows) {
        expect(row).toMatchObject({
          actor_type: 'user',
          actor_id: admin.id,
          subject_type: 'user',
          subject_id: id,
          client_address: '127.0.0.1',
        });
        expect(row.request_id).toEqual(expect.any(String));
        const text = JSON.stringify(row).toLowerCase();
        expect(text).not.toContain(email.toLowerCase());
        expect(text).not.toContain(email.split('@')[0]!.toLowerCase());
        expect(text).not.toContain(firstPassword.toLowerCase());
        expect(text).not.toContain(secondPassword.toLowerCase());
      }
      expect(rows[0]!.details).toEqual({ roles: ['recruiter'] });
      expect(rows[1]!.details).toEqual({
        fields: ['displayName', 'roles'],
        roles: ['hiring_manager'],
      });
      expect(rows[2]!.details).toEqual({ fields: ['password'], endedSessions: 1 });
      expect(rows[3]!.details).toEqual({ endedSessions: 0, revokedTokens: 0 });
      expect(rows[rows.length - 1]!.request_id).toBe(reactivated.headers['x-request-id']);
    });
  });
});
