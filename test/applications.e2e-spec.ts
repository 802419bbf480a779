import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { checkStageMove, Stage, STAGES } from '../src/candidates/stages';
import { createApplication, createCandidate, tag } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface StageChangeBody {
  fromStage: Stage | null;
  toStage: Stage;
  reason: string | null;
  actorId: string | null;
  at: string;
}

interface ApplicationBody {
  id: string;
  candidateId: string;
  requisitionId: string;
  stage: Stage;
  rejectionReason: string | null;
  expectedSalary: { amount: number; currency: string; payBasis: string } | null;
  createdAt: string;
  updatedAt: string;
  history?: StageChangeBody[];
}

interface Page {
  items: ApplicationBody[];
  nextCursor: string | null;
}

interface ErrorBody {
  code: string;
  message: string;
  details?: { field: string; messages: string[] }[] | Record<string, unknown>;
}

const APPLICATION_KEYS = [
  'candidateId',
  'createdAt',
  'expectedSalary',
  'id',
  'rejectionReason',
  'requisitionId',
  'stage',
  'updatedAt',
];
const errorOf = (res: request.Response) => res.body as ErrorBody;

describe('/api/applications', () => {
  let t: TestApp;
  let db: Client;
  let admin: StaffAccount;
  let recruiter: StaffAccount;
  let manager: StaffAccount;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;
  let reqA: string;
  let reqB: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database!.url });
    await db.connect();
    admin = await createStaff(t, ['admin']);
    recruiter = await createStaff(t, ['recruiter']);
    manager = await createStaff(t, ['hiring_manager']);
    asRecruiter = await signIn(t, recruiter);
    asManager = await signIn(t, manager);
    reqA = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
    reqB = await insertRequisition(t, { createdBy: admin.id });
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const apply = (candidateId: string, requisitionId: string, extra: object = {}) =>
    asRecruiter.post('/api/applications').send({ candidateId, requisitionId, ...extra });

  const move = (id: string, body: object, as: SignedIn = asRecruiter) =>
    as.post(`/api/applications/${id}/stage`).send(body);

  async function newApplication(requisitionId = reqA): Promise<ApplicationBody> {
    const candidate = await createCandidate(t);
    return (await apply(candidate.id, requisitionId).expect(201)).body as ApplicationBody;
  }

  async function lastActivity(id: string): Promise<number> {
    const { rows } = await db.query<{ last_activity_at: Date }>(
      'SELECT last_activity_at FROM candidates WHERE id = $1',
      [id],
    );
    return rows[0]!.last_activity_at.getTime();
  }

  async function age(candidateId: string): Promise<void> {
    await db.query(
      `UPDATE candidates SET last_activity_at = now() - interval '10 days' WHERE id = $1`,
      [candidateId],
    );
  }

  describe('POST /api/applications', () => {
    it('puts a candidate into an open requisition at applied, with history, activity and audit', async () => {
      const candidate = await createCandidate(t);
      await age(candidate.id);
      const res = await apply(candidate.id, reqA, {
        expectedSalary: { amount: 15_000_000, currency: 'USD', payBasis: 'base' },
      }).expect(201);
      const body = res.body as ApplicationBody;
      expect(Object.keys(body).sort()).toEqual([...APPLICATION_KEYS, 'history'].sort());
      expect(body).toMatchObject({
        candidateId: candidate.id,
        requisitionId: reqA,
        stage: 'applied',
        rejectionReason: null,
        expectedSalary: { amount: 15_000_000, currency: 'USD', payBasis: 'base' },
      });
      expect(body.history).toEqual([
        {
          fromStage: null,
          toStage: 'applied',
          reason: null,
          actorId: recruiter.id,
          at: expect.any(String),
        },
      ]);
      expect(await lastActivity(candidate.id)).toBeGreaterThan(Date.now() - 60_000);
      const { rows } = await db.query<{ action: string; details: unknown }>(
        'SELECT action, details FROM audit_events WHERE subject_id = $1',
        [body.id],
      );
      expect(rows).toEqual([
        {
          action: 'application.created',
          details: { candidateId: candidate.id, requisitionId: reqA },
        },
      ]);
    });

    it('keeps large amounts exact (integer minor units, no float)', async () => {
      const candidate = await createCandidate(t);
      const amount = Number.MAX_SAFE_INTEGER;
      const res = await apply(candidate.id, reqA, {
        expectedSalary: { amount, currency: 'JPY', payBasis: 'total' },
      }).expect(201);
      expect((res.body as ApplicationBody).expectedSalary).toEqual({
        amount,
        currency: 'JPY',
        payBasis: 'total',
      });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['no candidate', { candidateId: undefined }, 'candidateId'],
      ['a malformed requisition id', { requisitionId: 'x' }, 'requisitionId'],
      [
        'a decimal amount',
        { expectedSalary: { amount: 1.5, currency: 'USD', payBasis: 'base' } },
        'expectedSalary.amount',
      ],
      [
        'a string amount',
        { expectedSalary: { amount: '100', currency: 'USD', payBasis: 'base' } },
        'expectedSalary.amount',
      ],
      [
        'a negative amount',
        { expectedSalary: { amount: -1, currency: 'USD', payBasis: 'base' } },
        'expectedSalary.amount',
      ],
      [
        'an unknown currency',
        { expectedSalary: { amount: 1, currency: 'XXX', payBasis: 'base' } },
        'expectedSalary.currency',
      ],
      [
        'no pay basis',
        { expectedSalary: { amount: 1, currency: 'USD' } },
        'expectedSalary.payBasis',
      ],
      [
        'an unknown pay basis',
        { expectedSalary: { amount: 1, currency: 'USD', payBasis: 'net' } },
        'expectedSalary.payBasis',
      ],
      ['a salary that is a number', { expectedSalary: 100 }, 'expectedSalary'],
      ['a stage', { stage: 'offer' }, 'stage'],
    ])('400 VALIDATION_FAILED for %s', async (_name, overrides, field) => {
      const candidate = await createCandidate(t);
      const res = await asRecruiter
        .post('/api/applications')
        .send({ candidateId: candidate.id, requisitionId: reqA, ...overrides })
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect((errorOf(res).details as { field: string }[]).map((d) => d.field)).toContain(field);
    });

    it('404 for an unknown candidate or requisition', async () => {
      const candidate = await createCandidate(t);
      expect(errorOf(await apply(randomUUID(), reqA).expect(404)).code).toBe('CANDIDATE_NOT_FOUND');
      expect(errorOf(await apply(candidate.id, randomUUID()).expect(404)).code).toBe(
        'REQUISITION_NOT_FOUND',
      );
    });

    it.each(['draft', 'pending_approval', 'on_hold', 'closed'] as const)(
      '409 REQUISITION_NOT_ACCEPTING for a %s requisition',
      async (status) => {
        const requisition = await insertRequisition(t, { createdBy: admin.id, status });
        const candidate = await createCandidate(t);
        const res = await apply(candidate.id, requisition).expect(409);
        expect(errorOf(res)).toMatchObject({
          code: 'REQUISITION_NOT_ACCEPTING',
          message: expect.stringContaining(status),
        });
        const { rowCount } = await db.query('SELECT 1 FROM applications WHERE candidate_id = $1', [
          candidate.id,
        ]);
        expect(rowCount).toBe(0);
      },
    );

    it('409 APPLICATION_EXISTS for a second application to the same requisition, even concurrently', async () => {
      const candidate = await createCandidate(t);
      const results = await Promise.all([1, 2, 3, 4].map(() => apply(candidate.id, reqB)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      expect(errorOf(results.find((r) => r.status === 409)!).code).toBe('APPLICATION_EXISTS');
      await apply(candidate.id, reqA).expect(201);
    });

    it('hiring managers cannot create applications (403)', async () => {
      const candidate = await createCandidate(t);
      await asManager
        .post('/api/applications')
        .send({ candidateId: candidate.id, requisitionId: reqA })
        .expect(403);
    });
  });

  describe('PATCH /api/applications/:id', () => {
    it('changes and clears the expected salary, touching the activity', async () => {
      const app = await newApplication();
      await age(app.candidateId);
      const salary = { amount: 9_000_000, currency: 'EUR', payBasis: 'total' };
      const res = await asRecruiter
        .patch(`/api/applications/${app.id}`)
        .send({ expectedSalary: salary })
        .expect(200);
      expect((res.body as ApplicationBody).expectedSalary).toEqual(salary);
      expect(await lastActivity(app.candidateId)).toBeGreaterThan(Date.now() - 60_000);
      const cleared = await asRecruiter
        .patch(`/api/applications/${app.id}`)
        .send({ expectedSalary: null })
        .expect(200);
      expect((cleared.body as ApplicationBody).expectedSalary).toBeNull();
    });

    it('400 when expectedSalary is left out; 404 unknown; 403 for hiring managers', async () => {
      const app = await newApplication();
      await asRecruiter.patch(`/api/applications/${app.id}`).send({}).expect(400);
      await asRecruiter
        .patch(`/api/applications/${randomUUID()}`)
        .send({ expectedSalary: null })
        .expect(404);
      await asManager
        .patch(`/api/applications/${app.id}`)
        .send({ expectedSalary: null })
        .expect(403);
    });
  });

  describe('stage moves', () => {
    it('walks forward (skipping stages) to hired, recording who, when, from, to and why', async () => {
      const app = await newApplication();
      await move(app.id, { to: 'screening', reason: 'CV looks strong' }).expect(200);
      await move(app.id, { to: 'shortlisted' }).expect(200);
      await move(app.id, { to: 'offer', from: 'shortlisted' }).expect(200);
      const res = await move(app.id, { to: 'hired' }).expect(200);
      const body = res.body as ApplicationBody;
      expect(body.stage).toBe('hired');
      expect(body.history!.map((h) => [h.fromStage, h.toStage, h.reason, h.actorId])).toEqual([
        [null, 'applied', null, recruiter.id],
        ['applied', 'screening', 'CV looks strong', recruiter.id],
        ['screening', 'shortlisted', null, recruiter.id],
        ['shortlisted', 'offer', null, recruiter.id],
        ['offer', 'hired', null, recruiter.id],
      ]);
      const times = body.history!.map((h) => Date.parse(h.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      const fetched = await asManager.get(`/api/applications/${app.id}`).expect(200);
      expect(fetched.body).toEqual(body);
    });

    it('rejects with a reason (kept as rejectionReason and in the history); the audit keeps codes only', async () => {
      const app = await newApplication();
      await age(app.candidateId);
      const reason = `Needs more MLOps depth ${tag('r')}`;
      const res = await move(app.id, { to: 'rejected', reason: `  ${reason} ` }).expect(200);
      expect(res.body).toMatchObject({ stage: 'rejected', rejectionReason: reason });
      expect((res.body as ApplicationBody).history!.at(-1)).toMatchObject({
        fromStage: 'applied',
        toStage: 'rejected',
        reason,
      });
      expect(await lastActivity(app.candidateId)).toBeGreaterThan(Date.now() - 60_000);
      const { rows } = await db.query<{ details: unknown }>(
        `SELECT details FROM audit_events WHERE subject_id = $1 AND action = 'application.stage_changed'`,
        [app.id],
      );
      expect(rows).toEqual([
        { details: { from: 'applied', to: 'rejected', candidateId: app.candidateId } },
      ]);
    });

    it.each<[string, object]>([
      ['no reason', {}],
      ['an empty reason', { reason: '' }],
      ['a blank reason', { reason: '   ' }],
      ['a reason too long', { reason: 'x'.repeat(1001) }],
    ])('400 VALIDATION_FAILED for rejecting with %s', async (_name, extra) => {
      const app = await newApplication();
      const res = await move(app.id, { to: 'rejected', ...extra }).expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    });

    it.each<[string, object]>([
      ['an unknown stage', { to: 'interview' }],
      ['no stage', {}],
      ['an unknown from', { to: 'screening', from: 'nowhere' }],
    ])('400 VALIDATION_FAILED for %s', async (_name, body) => {
      const app = await newApplication();
      expect(errorOf(await move(app.id, body).expect(400)).code).toBe('VALIDATION_FAILED');
    });

    it('409 APPLICATION_ILLEGAL_STAGE says why, and changes nothing', async () => {
      const app = await newApplication();
      await move(app.id, { to: 'assessed' }).expect(200);
      const back = await move(app.id, { to: 'screening' }).expect(409);
      expect(errorOf(back)).toMatchObject({
        code: 'APPLICATION_ILLEGAL_STAGE',
        message:
          'Cannot move the application: stages only move forward: assessed cannot go back to screening',
        details: { from: 'assessed', to: 'screening' },
      });
      const hired = await move(app.id, { to: 'hired' }).expect(409);
      expect(errorOf(hired).message).toContain('only an application at offer can be hired');
      const stale = await move(app.id, { to: 'offer', from: 'applied' }).expect(409);
      expect(errorOf(stale).message).toContain('it is at assessed, not applied');
      const now = (await asRecruiter.get(`/api/applications/${app.id}`).expect(200))
        .body as ApplicationBody;
      expect(now.stage).toBe('assessed');
      expect(now.history).toHaveLength(2);
    });

    // Every pair of stages through the API: the database starts at `from`, the move asks for `to`.
    const pairs = STAGES.flatMap((from) => STAGES.map((to): [Stage, Stage] => [from, to]));
    it.each(pairs)('%s -> %s answers as the rules say', async (from, to) => {
      const app = await newApplication();
      await db.query(
        `UPDATE applications SET stage = $2, rejection_reason = CASE WHEN $2 = 'rejected' THEN 'earlier' END
          WHERE id = $1`,
        [app.id, from],
      );
      const expected = checkStageMove({ from, to, reason: 'a reason' });
      const res = await move(app.id, { to, reason: 'a reason' });
      expect(res.status).toBe(expected.allowed ? 200 : 409);
      const { rows } = await db.query<{ stage: string }>(
        'SELECT stage FROM applications WHERE id = $1',
        [app.id],
      );
      expect(rows[0]!.stage).toBe(expected.allowed ? to : from);
      if (!expected.allowed) expect(errorOf(res).code).toBe('APPLICATION_ILLEGAL_STAGE');
    });

    it('of two concurrent identical moves exactly one wins', async () => {
      for (let round = 0; round < 5; round++) {
        const app = await newApplication();
        const results = await Promise.all([
          move(app.id, { to: 'screening' }),
          move(app.id, { to: 'screening' }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        const loser = results.find((r) => r.status === 409)!;
        expect(errorOf(loser).code).toBe('APPLICATION_ILLEGAL_STAGE');
        const { rows } = await db.query(
          'SELECT 1 FROM application_stage_history WHERE application_id = $1 AND to_stage = $2',
          [app.id, 'screening'],
        );
        expect(rows).toHaveLength(1);
      }
    });

    it('of many concurrent different moves from the stage the clients saw, exactly one wins', async () => {
      const app = await newApplication();
      const targets: Stage[] = [
        'screening',
        'assessed',
        'shortlisted',
        'offer',
        'rejected',
        'screening',
      ];
      const results = await Promise.all(
        targets.map((to) => move(app.id, { to, from: 'applied', reason: 'decided' })),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(targets.length - 1);
      const winner = results.find((r) => r.status === 200)!.body as ApplicationBody;
      const { rows } = await db.query<{ from_stage: string | null; to_stage: string }>(
        'SELECT from_stage, to_stage FROM application_stage_history WHERE application_id = $1 ORDER BY id',
        [app.id],
      );
      expect(rows).toEqual([
        { from_stage: null, to_stage: 'applied' },
        { from_stage: 'applied', to_stage: winner.stage },
      ]);
    });

    it('hiring managers cannot move stages (403); 404 for an unknown application', async () => {
      const app = await newApplication();
      await move(app.id, { to: 'screening' }, asManager).expect(403);
      expect(errorOf(await move(randomUUID(), { to: 'screening' }).expect(404)).code).toBe(
        'APPLICATION_NOT_FOUND',
      );
    });
  });

  describe('lists and lookups', () => {
    let requisition: string;
    let ids: Record<string, string>;

    beforeAll(async () => {
      requisition = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
      ids = {};
      for (const [name, stages] of Object.entries<Stage[]>({
        a: [],
        b: ['screening'],
        c: ['screening', 'assessed'],
        d: ['screening'],
        e: ['rejected'],
      })) {
        const candidate = await createCandidate(t);
        ids[name] = await createApplication(t, {
          candidateId: candidate.id,
          requisitionId: requisition,
          actorId: recruiter.id,
          stages,
        });
      }
    });

    async function listAll(as: SignedIn, query: Record<string, string>): Promise<string[]> {
      const res = await as
        .get('/api/applications')
        .query({ limit: '200', ...query })
        .expect(200);
      const page = res.body as Page;
      expect(page.nextCursor).toBeNull();
      for (const item of page.items) expect(Object.keys(item).sort()).toEqual(APPLICATION_KEYS);
      return page.items.map((a) => a.id);
    }

    it("lists a requisition's applications, oldest first, with a stage filter", async () => {
      expect(await listAll(asRecruiter, { requisitionId: requisition })).toEqual(
        ['a', 'b', 'c', 'd', 'e'].map((k) => ids[k]),
      );
      expect(
        await listAll(asRecruiter, { requisitionId: requisition, stage: 'screening' }),
      ).toEqual([ids.b, ids.d]);
      expect(await listAll(asRecruiter, { requisitionId: requisition, stage: 'rejected' })).toEqual(
        [ids.e],
      );
      expect(await listAll(asRecruiter, { requisitionId: requisition, stage: 'hired' })).toEqual(
        [],
      );
    });

    it("lists a candidate's applications", async () => {
      const candidate = await createCandidate(t);
      const first = await createApplication(t, {
        candidateId: candidate.id,
        requisitionId: reqA,
        actorId: recruiter.id,
      });
      const second = await createApplication(t, {
        candidateId: candidate.id,
        requisitionId: reqB,
        actorId: recruiter.id,
      });
      expect(await listAll(asRecruiter, { candidateId: candidate.id })).toEqual([first, second]);
      // The manager is on reqA's team only.
      expect(await listAll(asManager, { candidateId: candidate.id })).toEqual([first]);
      await asManager.get(`/api/applications/${second}`).expect(404);
    });

    it('pages with a cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await asRecruiter
          .get('/api/applications')
          .query({ requisitionId: requisition, limit: '2', ...(cursor ? { cursor } : {}) })
          .expect(200);
        const page = res.body as Page;
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e'].map((k) => ids[k]));
    });

    it('hiring managers see only their teams’ applications: 404 (never 403) for the rest', async () => {
      const outside = await newApplication(reqB);
      expect(await listAll(asManager, { requisitionId: reqB })).toEqual([]);
      expect(await listAll(asManager, { requisitionId: requisition })).toHaveLength(5);
      const all = await listAll(asManager, {});
      expect(all).not.toContain(outside.id);
      const res = await asManager.get(`/api/applications/${outside.id}`).expect(404);
      expect(errorOf(res).code).toBe('APPLICATION_NOT_FOUND');
      await asManager.get(`/api/candidates/${outside.candidateId}`).expect(404);
      await asManager.get(`/api/applications/${ids.c}`).expect(200);
    });

    it('a hiring manager removed from the team loses sight at once', async () => {
      const app = await newApplication(reqA);
      await asManager.get(`/api/applications/${app.id}`).expect(200);
      await db.query('DELETE FROM requisition_team WHERE requisition_id = $1 AND user_id = $2', [
        reqA,
        manager.id,
      ]);
      try {
        await asManager.get(`/api/applications/${app.id}`).expect(404);
        await asManager.get(`/api/candidates/${app.candidateId}`).expect(404);
      } finally {
        await db.query('INSERT INTO requisition_team (requisition_id, user_id) VALUES ($1, $2)', [
          reqA,
          manager.id,
        ]);
      }
    });

    it('400 for a malformed id or filter', async () => {
      expect(errorOf(await asRecruiter.get('/api/applications/nope').expect(400)).code).toBe(
        'INVALID_ID',
      );
      await asRecruiter.get('/api/applications').query({ stage: 'interview' }).expect(400);
      await asRecruiter.get('/api/applications').query({ candidateId: '123' }).expect(400);
    });
  });
});
