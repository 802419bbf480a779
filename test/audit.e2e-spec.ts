import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface AuditItem {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  requestId: string | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
}

interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
}

interface ErrorBody {
  code: string;
  details?: { field: string; messages: string[] }[];
}

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  request_id: string | null;
  client_address: string | null;
  details: Record<string, unknown>;
}

const errorOf = (res: request.Response) => res.body as ErrorBody;
const pageOf = (res: request.Response) => res.body as AuditPage;
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newPassword = () => `pw-${randomBytes(12).toString('base64url')}`;

/** The same instant written with a +02:00 (or other) offset instead of Z. */
function withOffset(date: Date, offsetMinutes: number): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${shifted}${sign}${hh}:${mm}`;
}

describe('/api/audit-events and the audit_events table', () => {
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

  async function createUser(displayName = 'Audit Subject'): Promise<string> {
    const res = await as
      .post('/api/users')
      .send({
        email: `audit-${randomBytes(4).toString('hex')}@example.com`,
        displayName,
        roles: ['recruiter'],
        password: newPassword(),
      })
      .expect(201);
    return (res.body as { id: string }).id;
  }

  async function listAll(query: Record<string, string> = {}): Promise<AuditItem[]> {
    const res = await as
      .get('/api/audit-events')
      .query({ limit: '200', ...query })
      .expect(200);
    expect(pageOf(res).nextCursor).toBeNull();
    return pageOf(res).items;
  }

  async function dbIds(where = 'true', params: unknown[] = []): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id::text AS id FROM audit_events WHERE ${where} ORDER BY audit_events.id DESC`,
      params,
    );
    return rows.map((row) => row.id);
  }

  async function rowByRequestId(requestId: string): Promise<AuditRow[]> {
    const { rows } = await db.query<AuditRow>(
      'SELECT * FROM audit_events WHERE request_id = $1 ORDER BY id',
      [requestId],
    );
    return rows;
  }

  describe('access', () => {
    it('answers anonymous callers 401 and non-admins 403; admins 200', async () => {
      const anonymous = await t.http.get('/api/audit-events').expect(401);
      expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');

      const recruiter = await createStaff(t, ['recruiter']);
      const rs = await signIn(t, recruiter);
      const forbidden = await rs.get('/api/audit-events').expect(403);
      expect(errorOf(forbidden).code).toBe('FORBIDDEN');

      const manager = await createStaff(t, ['hiring_manager', 'recruiter']);
      const ms = await signIn(t, manager);
      await ms.get('/api/audit-events').expect(403);

      await as.get('/api/audit-events').expect(200);
    });
  });

  describe('reading', () => {
    beforeAll(async () => {
      for (let i = 0; i < 4; i++) await createUser(`Reader ${i}`);
    });

    it('lists newest first', async () => {
      const items = await listAll();
      const ids = items.map((e) => BigInt(e.id));
      expect(items.length).toBeGreaterThanOrEqual(8);
      for (let i = 1; i < ids.length; i++) expect(ids[i]! < ids[i - 1]!).toBe(true);
      for (let i = 1; i < items.length; i++) {
        expect(Date.parse(items[i]!.occurredAt)).toBeLessThanOrEqual(
          Date.parse(items[i - 1]!.occurredAt),
        );
      }
      expect(items.map((e) => e.id)).toEqual(await dbIds());
      expect(items[0]!.action).toBe('user.created');
    });

    it('walks every event with limit=2 without gaps or duplicates', async () => {
      const expected = await dbIds();
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await as
          .get('/api/audit-events')
          .query(cursor ? { limit: '2', cursor } : { limit: '2' })
          .expect(200);
        const page = pageOf(res);
        sizes.push(page.items.length);
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
        expect(sizes.length).toBeLessThanOrEqual(expected.length);
      } while (cursor !== null);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      expect(sizes).toHaveLength(Math.ceil(expected.length / 2));
      expect(sizes.slice(0, -1).every((n) => n === 2)).toBe(true);
    });

    it('filters by action', async () => {
      const items = await listAll({ action: 'user.created' });
      expect(items.length).toBeGreaterThanOrEqual(5);
      expect(items.every((e) => e.action === 'user.created')).toBe(true);
      expect(items.map((e) => e.id)).toEqual(await dbIds('action = $1', ['user.created']));
      expect(await listAll({ action: 'no.such_action' })).toEqual([]);
    });

    it('filters by actorId', async () => {
      const items = await listAll({ actorId: admin.id });
      expect(items.length).toBeGreaterThanOrEqual(5);
      expect(items.every((e) => e.actorId === admin.id && e.actorType === 'user')).toBe(true);
      expect(items.map((e) => e.id)).toEqual(await dbIds('actor_id = $1', [admin.id]));
      const bad = await as.get('/api/audit-events').query({ actorId: 'not-a-uuid' }).expect(400);
      expect(errorOf(bad).code).toBe('VALIDATION_FAILED');
    });

    it('filters by subjectType and subjectId', async () => {
      const id = await createUser('Subject Of Interest');
      await as.patch(`/api/users/${id}`).send({ displayName: 'Renamed Subject' }).expect(200);
      const items = await listAll({ subjectType: 'user', subjectId: id });
      expect(items.map((e) => e.action)).toEqual(['user.updated', 'user.created']);
      expect(items.every((e) => e.subjectType === 'user' && e.subjectId === id)).toBe(true);
      expect(await listAll({ subjectType: 'session', subjectId: id })).toEqual([]);
    });

    it('filters by since (inclusive) and until (exclusive), in any zone', async () => {
      const before = await createUser('Before Boundary');
      await sleep(25);
      const { rows } = await db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
      const boundary = rows[0]!.now;
      await sleep(25);
      const after = await createUser('After Boundary');

      const sinceZ = await listAll({ action: 'user.created', since: boundary.toISOString() });
      const sinceOffset = await listAll({
        action: 'user.created',
        since: withOffset(boundary, 120),
      });
      expect(sinceZ.map((e) => e.subjectId)).toEqual([after]);
      expect(sinceOffset).toEqual(sinceZ);

      const until = await listAll({ action: 'user.created', until: withOffset(boundary, -330) });
      const untilIds = until.map((e) => e.subjectId);
      expect(untilIds).toContain(before);
      expect(untilIds).not.toContain(after);
      expect(until.every((e) => Date.parse(e.occurredAt) < boundary.getTime())).toBe(true);

      const window = await listAll({
        action: 'user.created',
        since: new Date(boundary.getTime() - 10).toISOString(),
        until: new Date(boundary.getTime() + 10).toISOString(),
      });
      expect(window).toEqual([]);
      const both = await listAll({
        since: boundary.toISOString(),
        until: new Date(Date.now() + 60_000).toISOString(),
        action: 'user.created',
      });
      expect(both.map((e) => e.subjectId)).toEqual([after]);
    });

    it.each([
      ['since', '2026-01-01T10:00:00'],
      ['until', '2026-01-01T10:00:00.000'],
      ['since', '2026-01-01'],
      ['until', '2026-02-31T10:00:00Z'],
      ['since', 'yesterday'],
    ])('refuses %s=%s with 400 VALIDATION_FAILED', async (field, value) => {
      const res = await as
        .get('/api/audit-events')
        .query({ [field]: value })
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(errorOf(res).details?.map((d) => d.field)).toEqual([field]);
    });

    it.each([
      ['a non-numeric key', b64('["1 OR 1=1"]')],
      ['an object', b64('{"id":"5"}')],
      ['two keys', b64('["5","6"]')],
      ['no JSON at all', b64('not json')],
      ['a negative id', b64('[-1]')],
      ['a fractional id', b64('[1.5]')],
      ['20 digits', b64('["99999999999999999999"]')],
      ['19 digits beyond bigint', b64('["9999999999999999999"]')],
    ])('refuses a forged cursor (%s) with 400 INVALID_CURSOR', async (_label, cursor) => {
      const res = await as.get('/api/audit-events').query({ cursor });
      expect({ status: res.status, code: errorOf(res).code }).toEqual({
        status: 400,
        code: 'INVALID_CURSOR',
      });
    });
  });

  describe('append-only in the database itself', () => {
    async function snapshot(): Promise<AuditRow[]> {
      const { rows } = await db.query<AuditRow>('SELECT * FROM audit_events ORDER BY id');
      return rows;
    }

    async function refused(sql: string): Promise<{ code?: string; message: string }> {
      const error = await db.query(sql).then(
        () => undefined,
        (e: { code?: string; message: string }) => e,
      );
      expect(error).toBeDefined();
      return error!;
    }

    it('refuses UPDATE, DELETE and TRUNCATE and leaves the rows unchanged', async () => {
      const before = await snapshot();
      expect(before.length).toBeGreaterThan(0);

      for (const sql of [
        `UPDATE audit_events SET action = 'x.y'`,
        `UPDATE audit_events SET details = '{}'::jsonb WHERE id = ${before[0]!.id}`,
        'DELETE FROM audit_events',
        `DELETE FROM audit_events WHERE id = ${before[before.length - 1]!.id}`,
        'TRUNCATE audit_events',
        'TRUNCATE audit_events CASCADE',
      ]) {
        const error = await refused(sql);
        expect({ sql, code: error.code }).toEqual({ sql, code: '55000' });
        expect(error.message).toMatch(/append-only/);
      }

      const after = await snapshot();
      expect(after).toEqual(before);
      expect(after.some((row) => row.action === 'x.y')).toBe(false);
    });

    it("refuses an action not shaped like 'word.word' (CHECK constraint)", async () => {
      const insert = (action: string) =>
        db.query(`INSERT INTO audit_events (actor_type, action) VALUES ('system', $1)`, [action]);
      const countBefore = (await dbIds()).length;
      for (const action of [
        'login',
        'Auth.Login',
        'auth.',
        '.login',
        'auth..login',
        'auth login.x',
        'auth.login;',
        'auth.login1',
        '',
      ]) {
        const error = await insert(action).then(
          () => undefined,
          (e: { code?: string; constraint?: string }) => e,
        );
        expect({ action, code: error?.code, constraint: error?.constraint }).toEqual({
          action,
          code: '23514',
          constraint: 'audit_events_action_check',
        });
      }
      // The same insert with a well-formed action is accepted (then rolled back).
      await db.query('BEGIN');
      try {
        await insert('test.probe_ok');
        await insert('a.b.c');
      } finally {
        await db.query('ROLLBACK');
      }
      expect((await dbIds()).length).toBe(countBefore);
    });
  });

  describe('sign-in events', () => {
    it('login writes auth.login by the user, with the request id and client address', async () => {
      const account = await createStaff(t, ['recruiter']);
      const res = await t.http
        .post('/api/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(200);
      const requestId = res.headers['x-request-id'] as string;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const rows = await rowByRequestId(requestId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'auth.login',
        actor_type: 'user',
        actor_id: account.id,
        subject_type: 'session',
        request_id: requestId,
        client_address: '127.0.0.1',
      });
      const { rows: sessions } = await db.query<{ id: string }>(
        'SELECT id FROM sessions WHERE user_id = $1',
        [account.id],
      );
      expect(rows[0]!.subject_id).toBe(sessions[0]!.id);
      expect(JSON.stringify(rows[0])).not.toContain(account.password);
    });

    it('keeps a well-formed X-Request-Id given by the caller', async () => {
      const account = await createStaff(t, ['recruiter']);
      const given = `trace-${randomBytes(6).toString('hex')}`;
      const res = await t.http
        .post('/api/auth/login')
        .set('X-Request-Id', given)
        .send({ email: account.email, password: account.password })
        .expect(200);
      expect(res.headers['x-request-id']).toBe(given);
      expect((await rowByRequestId(given)).map((r) => r.action)).toEqual(['auth.login']);
    });

    it('a failed login writes auth.login_failed by anonymous, with no email or password in the row', async () => {
      const account = await createStaff(t, ['recruiter']);
      const wrongPassword = `wrong-${randomBytes(8).toString('hex')}`;
      const res = await t.http
        .post('/api/auth/login')
        .send({ email: account.email, password: wrongPassword })
        .expect(401);
      const requestId = res.headers['x-request-id'] as string;
      const rows = await rowByRequestId(requestId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'auth.login_failed',
        actor_type: 'anonymous',
        actor_id: null,
        request_id: requestId,
        client_address: '127.0.0.1',
      });
      const text = JSON.stringify(rows[0]).toLowerCase();
      expect(text).not.toContain(account.email.toLowerCase());
      expect(text).not.toContain(account.email.split('@')[0]!.toLowerCase());
      expect(text).not.toContain(wrongPassword.toLowerCase());
      expect(text).not.toContain(account.password.toLowerCase());

      const unknownEmail = `ghost-${randomBytes(4).toString('hex')}@example.com`;
      const unknown = await t.http
        .post('/api/auth/login')
        .send({ email: unknownEmail, password: wrongPassword })
        .expect(401);
      const ghostRows = await rowByRequestId(unknown.headers['x-request-id'] as string);
      expect(ghostRows).toHaveLength(1);
      expect(ghostRows[0]).toMatchObject({
        action: 'auth.login_failed',
        actor_type: 'anonymous',
        actor_id: null,
        subject_id: null,
        client_address: '127.0.0.1',
      });
      const ghostText = JSON.stringify(ghostRows[0]).toLowerCase();
      expect(ghostText).not.toContain(unknownEmail.split('@')[0]!);
      expect(ghostText).not.toContain(wrongPassword.toLowerCase());
    });

    it('logout writes auth.logout by the user for the same session', async () => {
      const account = await createStaff(t, ['hiring_manager']);
      const login = await t.http
        .post('/api/auth/login')
        .send({ email: account.email, password: account.password })
        .expect(200);
      const cookie = ([] as string[])
        .concat(login.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0]!)
        .find((c) => c.startsWith('sift_session='))!;
      const loginRow = (await rowByRequestId(login.headers['x-request-id'] as string))[0]!;

      const res = await t.http
        .post('/api/auth/logout')
        .set('Cookie', cookie)
        .set('Origin', t.origin)
        .expect(204);
      const requestId = res.headers['x-request-id'] as string;
      const rows = await rowByRequestId(requestId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'auth.logout',
        actor_type: 'user',
        actor_id: account.id,
        subject_type: 'session',
        subject_id: loginRow.subject_id,
        request_id: requestId,
        client_address: '127.0.0.1',
      });

      // The API shows the same events.
      const items = await listAll({ actorId: account.id });
      expect(items.map((e) => e.action)).toEqual(['auth.logout', 'auth.login']);
      expect(items[0]).toMatchObject({ requestId, clientAddress: '127.0.0.1' });
    });
  });
});
