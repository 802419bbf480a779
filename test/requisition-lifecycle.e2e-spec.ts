import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import {
  checkTransition,
  CLOSE_REASONS,
  CloseReason,
  REQUISITION_STATUSES,
  RequisitionStatus,
} from '../src/requisitions/lifecycle';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface RequisitionBody {
  id: string;
  status: RequisitionStatus;
  closeReason: CloseReason | null;
}

interface StatusChange {
  id: string;
  from: RequisitionStatus | null;
  to: RequisitionStatus;
  closeReason: CloseReason | null;
  reason: string | null;
  actorId: string;
  approverId: string | null;
  at: string;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

interface Move {
  to: RequisitionStatus;
  closeReason?: CloseReason;
}

const errorOf = (res: request.Response) => res.body as ErrorBody;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Legal moves from a new draft to each status. With approvals off nothing legal reaches
 * pending_approval (null): such a requisition is left over from when approvals were on, so the
 * test puts it there in the database.
 */
const PATHS: Record<'off' | 'on', Record<RequisitionStatus, Move[] | null>> = {
  off: {
    draft: [],
    pending_approval: null,
    open: [{ to: 'open' }],
    on_hold: [{ to: 'open' }, { to: 'on_hold' }],
    closed: [{ to: 'closed', closeReason: 'cancelled' }],
  },
  on: {
    draft: [],
    pending_approval: [{ to: 'pending_approval' }],
    open: [{ to: 'pending_approval' }, { to: 'open' }],
    on_hold: [{ to: 'pending_approval' }, { to: 'open' }, { to: 'on_hold' }],
    closed: [{ to: 'pending_approval' }, { to: 'open' }, { to: 'closed', closeReason: 'filled' }],
  },
};

const COMBINATIONS: [RequisitionStatus, RequisitionStatus, CloseReason | undefined][] =
  REQUISITION_STATUSES.flatMap((from) =>
    REQUISITION_STATUSES.flatMap((to) =>
      [undefined, ...CLOSE_REASONS].map(
        (closeReason): [RequisitionStatus, RequisitionStatus, CloseReason | undefined] => [
          from,
          to,
          closeReason,
        ],
      ),
    ),
  );

function requisitionBody(title: string): Record<string, unknown> {
  return {
    title,
    roleFamilyId: 'genai-engineer',
    level: 'mid',
    region: { country: 'GB', city: 'London' },
    remotePolicy: 'remote',
    headcount: 1,
    budget: {
      min: { amount: 7000000, currency: 'GBP' },
      max: { amount: 9000000, currency: 'GBP' },
      payBasis: 'base',
    },
  };
}

interface Setup {
  t: TestApp;
  db: Client;
  admin: StaffAccount;
  recruiter: StaffAccount;
  asAdmin: SignedIn;
  asRecruiter: SignedIn;
}

async function setUp(env?: Record<string, string>): Promise<Setup> {
  const t = await startTestApp(env ? { env } : {});
  const db = new Client({ connectionString: t.database!.url });
  await db.connect();
  const admin = await createStaff(t, ['admin'], { displayName: 'Ada Admin' });
  const recruiter = await createStaff(t, ['recruiter'], { displayName: 'Rita Recruiter' });
  return {
    t,
    db,
    admin,
    recruiter,
    asAdmin: await signIn(t, admin),
    asRecruiter: await signIn(t, recruiter),
  };
}

async function tearDown(s: Setup | undefined): Promise<void> {
  await s?.db.end();
  await s?.t.close();
}

async function createDraft(as: SignedIn, title = 'Lifecycle'): Promise<string> {
  const res = await as.post('/api/requisitions').send(requisitionBody(title));
  expect({ status: res.status, body: res.body as unknown }).toMatchObject({
    status: 201,
    body: { status: 'draft' },
  });
  return (res.body as RequisitionBody).id;
}

/** Moves from the status the requisition has now (read first), unless the body names `from`. */
async function transition(as: SignedIn, id: string, body: Record<string, unknown>) {
  const from =
    body.from ??
    ((await as.get(`/api/requisitions/${id}`).expect(200)).body as RequisitionBody).status;
  return as.post(`/api/requisitions/${id}/transitions`).send({ from, ...body });
}

function expectStatus<T extends { status: number; body: unknown }>(res: T, status: number): T {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  return res;
}

async function moveOk(as: SignedIn, id: string, move: Move, reason = 'setting up') {
  const res = await transition(as, id, { ...move, reason });
  expect({ status: res.status, body: res.body as unknown }).toMatchObject({
    status: 200,
    body: { status: move.to },
  });
}

async function statusOf(as: SignedIn, id: string): Promise<RequisitionBody> {
  return (await as.get(`/api/requisitions/${id}`).expect(200)).body as RequisitionBody;
}

async function historyOf(as: SignedIn, id: string): Promise<StatusChange[]> {
  const res = await as.get(`/api/requisitions/${id}/history`).expect(200);
  const body = res.body as { items: StatusChange[]; nextCursor: null };
  expect(body.nextCursor).toBeNull();
  return body.items;
}

describe.each([
  ['off', undefined],
  ['on', { SIFT_REQUISITION_APPROVALS: 'true' }],
] as const)('every transition through the API with approvals %s', (setting, env) => {
  const approvalsRequired = setting === 'on';
  let s: Setup;

  beforeAll(async () => {
    s = await setUp(env);
  });
  afterAll(() => tearDown(s));

  /** A requisition in `from`, reached with legal moves as an admin. */
  async function reach(from: RequisitionStatus): Promise<string> {
    const id = await createDraft(s.asAdmin, `From ${from}`);
    const path = PATHS[setting][from];
    if (path === null) {
      await s.db.query('UPDATE requisitions SET status = $2 WHERE id = $1', [id, from]);
    } else {
      for (const move of path) await moveOk(s.asAdmin, id, move);
    }
    expect((await statusOf(s.asAdmin, id)).status).toBe(from);
    return id;
  }

  it('the lifecycle table has allowed and refused moves from every reachable status', () => {
    for (const from of REQUISITION_STATUSES) {
      const verdicts = COMBINATIONS.filter(([f]) => f === from).map(
        ([, to, closeReason]) =>
          checkTransition({ from, to, closeReason, approvalsRequired, canApprove: true }).allowed,
      );
      expect(verdicts).toHaveLength(15);
      expect(verdicts).toContain(false);
      if (from !== 'closed') expect(verdicts).toContain(true);
    }
    expect(COMBINATIONS).toHaveLength(75);
  });

  it.each(COMBINATIONS)('%s -> %s (closeReason %s)', async (from, to, closeReason) => {
    const id = await reach(from);
    const before = await historyOf(s.asAdmin, id);
    const verdict = checkTransition({
      from,
      to,
      closeReason,
      approvalsRequired,
      canApprove: true,
    });
    const res = await transition(s.asAdmin, id, {
      to,
      ...(closeReason ? { closeReason } : {}),
      reason: 'because',
    });
    const after = await historyOf(s.asAdmin, id);
    const now = await statusOf(s.asAdmin, id);

    if (verdict.allowed) {
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({
        status: 200,
        body: { id, status: to, closeReason: to === 'closed' ? closeReason : null },
      });
      expect(now).toMatchObject({ status: to, closeReason: to === 'closed' ? closeReason : null });
      expect(after).toHaveLength(before.length + 1);
      expect(after[after.length - 1]).toMatchObject({
        from,
        to,
        closeReason: to === 'closed' ? closeReason : null,
        reason: 'because',
        actorId: s.admin.id,
        approverId: from === 'pending_approval' && to === 'open' ? s.admin.id : null,
      });
    } else {
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({
        status: 409,
        body: { code: 'REQUISITION_ILLEGAL_TRANSITION', details: { from, to } },
      });
      expect(errorOf(res).message).toContain(verdict.reason);
      expect(now.status).toBe(from);
      expect(after).toEqual(before);
    }
  });
});

describe('approvals, reasons, history and races', () => {
  let on: Setup;
  let off: Setup;

  beforeAll(async () => {
    on = await setUp({ SIFT_REQUISITION_APPROVALS: 'true' });
    off = await setUp();
  });
  afterAll(async () => {
    await tearDown(on);
    await tearDown(off);
  });

  describe('approvals on', () => {
    it("a recruiter cannot approve or send back: 409 mentioning 'only an admin'", async () => {
      const id = await createDraft(on.asRecruiter);
      await moveOk(on.asRecruiter, id, { to: 'pending_approval' });
      for (const to of ['open', 'draft']) {
        const res = expectStatus(
          await transition(on.asRecruiter, id, { to, reason: 'please' }),
          409,
        );
        expect(errorOf(res).code).toBe('REQUISITION_ILLEGAL_TRANSITION');
        expect(errorOf(res).message).toContain('only an admin');
      }
      expect((await statusOf(on.asRecruiter, id)).status).toBe('pending_approval');
      expect(await historyOf(on.asRecruiter, id)).toHaveLength(2);
    });

    it('a recruiter cannot open a draft directly either', async () => {
      const id = await createDraft(on.asRecruiter);
      const res = expectStatus(await transition(on.asRecruiter, id, { to: 'open' }), 409);
      expect(errorOf(res).message).toContain('submit the draft for approval first');
    });

    it("an admin's approval records the admin as approver in the history", async () => {
      const id = await createDraft(on.asRecruiter);
      await moveOk(on.asRecruiter, id, { to: 'pending_approval' });
      const res = expectStatus(await transition(on.asAdmin, id, { to: 'open' }), 200);
      expect(res.body).toMatchObject({ id, status: 'open', closeReason: null });
      const history = await historyOf(on.asRecruiter, id);
      expect(
        history.map(({ from, to, actorId, approverId }) => ({ from, to, actorId, approverId })),
      ).toEqual([
        { from: null, to: 'draft', actorId: on.recruiter.id, approverId: null },
        {
          from: 'draft',
          to: 'pending_approval',
          actorId: on.recruiter.id,
          approverId: null,
        },
        { from: 'pending_approval', to: 'open', actorId: on.admin.id, approverId: on.admin.id },
      ]);
      const { rows } = await on.db.query<{ actor_id: string; details: Record<string, unknown> }>(
        `SELECT actor_id::text, details FROM audit_events
          WHERE action = 'requisition.approved' AND subject_id = $1`,
        [id],
      );
      expect(rows).toEqual([
        {
          actor_id: on.admin.id,
          details: { from: 'pending_approval', to: 'open', closeReason: null },
        },
      ]);
    });

    it('sending back to draft needs a reason (400), as cancelling does', async () => {
      const id = await createDraft(on.asRecruiter);
      await moveOk(on.asRecruiter, id, { to: 'pending_approval' });
      const res = expectStatus(await transition(on.asAdmin, id, { to: 'draft' }), 400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect((await statusOf(on.asAdmin, id)).status).toBe('pending_approval');
      expectStatus(
        await transition(on.asAdmin, id, { to: 'draft', reason: 'budget missing' }),
        200,
      );
    });
  });

  describe('reasons', () => {
    it.each<[string, RequisitionStatus[], Record<string, unknown>]>([
      ['a draft without a reason', [], { to: 'closed', closeReason: 'cancelled' }],
      ['an open one without a reason', ['open'], { to: 'closed', closeReason: 'cancelled' }],
      [
        'an on-hold one with an empty reason',
        ['open', 'on_hold'],
        { to: 'closed', closeReason: 'cancelled', reason: '' },
      ],
      [
        'an open one with a blank reason',
        ['open'],
        { to: 'closed', closeReason: 'cancelled', reason: '   ' },
      ],
      [
        'an open one with a null reason',
        ['open'],
        { to: 'closed', closeReason: 'cancelled', reason: null },
      ],
    ])('refuses cancelling %s with 400 VALIDATION_FAILED', async (_label, path, body) => {
      const id = await createDraft(off.asRecruiter);
      for (const to of path) await moveOk(off.asRecruiter, id, { to });
      const before = await historyOf(off.asRecruiter, id);
      const res = expectStatus(await transition(off.asRecruiter, id, body), 400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(errorOf(res).details)).toContain('reason');
      expect(await statusOf(off.asRecruiter, id)).toMatchObject({
        status: path[path.length - 1] ?? 'draft',
        closeReason: null,
      });
      expect(await historyOf(off.asRecruiter, id)).toEqual(before);
    });

    it('fills without a reason, and keeps a reason given (trimmed)', async () => {
      const id = await createDraft(off.asRecruiter);
      await moveOk(off.asRecruiter, id, { to: 'open' });
      expectStatus(
        await transition(off.asRecruiter, id, { to: 'closed', closeReason: 'filled' }),
        200,
      );
      const other = await createDraft(off.asRecruiter);
      expectStatus(
        await transition(off.asRecruiter, other, {
          to: 'closed',
          closeReason: 'cancelled',
          reason: '  budget cut  ',
        }),
        200,
      );
      expect((await historyOf(off.asRecruiter, id)).at(-1)).toMatchObject({
        to: 'closed',
        closeReason: 'filled',
        reason: null,
      });
      expect((await historyOf(off.asRecruiter, other)).at(-1)).toMatchObject({
        to: 'closed',
        closeReason: 'cancelled',
        reason: 'budget cut',
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ['an unknown status', { to: 'archived' }],
      ['an unknown close reason', { to: 'closed', closeReason: 'fired', reason: 'x' }],
      ['no target status', { reason: 'x' }],
      ['a reason of 1001 characters', { to: 'on_hold', reason: 'x'.repeat(1001) }],
      ['an unknown field', { to: 'on_hold', force: true }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body) => {
      const id = await createDraft(off.asRecruiter);
      await moveOk(off.asRecruiter, id, { to: 'open' });
      const res = expectStatus(await transition(off.asRecruiter, id, body), 400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect((await statusOf(off.asRecruiter, id)).status).toBe('open');
    });

    it('refuses a move from a status the requisition no longer has (409 REQUISITION_CHANGED_MEANWHILE)', async () => {
      const id = await createDraft(off.asRecruiter);
      const res = expectStatus(
        await transition(off.asRecruiter, id, { from: 'open', to: 'on_hold' }),
        409,
      );
      expect(errorOf(res)).toMatchObject({
        code: 'REQUISITION_CHANGED_MEANWHILE',
        details: { current: 'draft' },
      });
      expect((await statusOf(off.asRecruiter, id)).status).toBe('draft');
    });

    it('answers 404 REQUISITION_NOT_FOUND for an unknown requisition', async () => {
      const res = expectStatus(
        await transition(off.asAdmin, randomUUID(), { from: 'draft', to: 'open' }),
        404,
      );
      expect(errorOf(res).code).toBe('REQUISITION_NOT_FOUND');
    });
  });

  it('the history lists every move in order with actor, from, to, closeReason and reason', async () => {
    const id = await createDraft(on.asRecruiter);
    const steps: [SignedIn, Record<string, unknown>][] = [
      [on.asRecruiter, { to: 'pending_approval', reason: 'ready for review' }],
      [on.asAdmin, { to: 'draft', reason: 'budget too low' }],
      [on.asRecruiter, { to: 'pending_approval' }],
      [on.asAdmin, { to: 'open', reason: 'approved' }],
      [on.asRecruiter, { to: 'on_hold', reason: 'hiring freeze' }],
      [on.asRecruiter, { to: 'open' }],
      [on.asAdmin, { to: 'closed', closeReason: 'filled', reason: 'hired Sam' }],
    ];
    for (const [as, body] of steps) expectStatus(await transition(as, id, body), 200);

    const history = await historyOf(on.asAdmin, id);
    const r = on.recruiter.id;
    const a = on.admin.id;
    expect(history.map(({ id: _id, at: _at, ...rest }) => rest)).toEqual([
      { from: null, to: 'draft', closeReason: null, reason: null, actorId: r, approverId: null },
      {
        from: 'draft',
        to: 'pending_approval',
        closeReason: null,
        reason: 'ready for review',
        actorId: r,
        approverId: null,
      },
      {
        from: 'pending_approval',
        to: 'draft',
        closeReason: null,
        reason: 'budget too low',
        actorId: a,
        approverId: null,
      },
      {
        from: 'draft',
        to: 'pending_approval',
        closeReason: null,
        reason: null,
        actorId: r,
        approverId: null,
      },
      {
        from: 'pending_approval',
        to: 'open',
        closeReason: null,
        reason: 'approved',
        actorId: a,
        approverId: a,
      },
      {
        from: 'open',
        to: 'on_hold',
        closeReason: null,
        reason: 'hiring freeze',
        actorId: r,
        approverId: null,
      },
      {
        from: 'on_hold',
        to: 'open',
        closeReason: null,
        reason: null,
        actorId: r,
        approverId: null,
      },
      {
        from: 'open',
        to: 'closed',
        closeReason: 'filled',
        reason: 'hired Sam',
        actorId: a,
        approverId: null,
      },
    ]);
    const ids = history.map((h) => BigInt(h.id));
    expect(ids.every((value, i) => i === 0 || value > ids[i - 1]!)).toBe(true);
    expect(history.every((h) => ISO_UTC.test(h.at))).toBe(true);
    const times = history.map((h) => h.at);
    expect(times).toEqual([...times].sort());
    expect(await statusOf(on.asRecruiter, id)).toMatchObject({
      status: 'closed',
      closeReason: 'filled',
    });
  });

  describe('concurrent transitions', () => {
    // Which request takes the row lock first varies, so the race is run on several requisitions.
    it('open -> on_hold and open -> closed (filled) at once: exactly one 200 and one 409 (changed meanwhile), one history entry', async () => {
      const rounds: { statuses: number[]; newEntries: number; winnerShown: boolean }[] = [];
      for (let round = 0; round < 5; round++) {
        const id = await createDraft(off.asAdmin, `Race ${round}`);
        await moveOk(off.asAdmin, id, { to: 'open' });
        const before = await historyOf(off.asAdmin, id);

        const [hold, close] = await Promise.all([
          transition(off.asAdmin, id, { from: 'open', to: 'on_hold', reason: 'race' }),
          transition(off.asAdmin, id, {
            from: 'open',
            to: 'closed',
            closeReason: 'filled',
            reason: 'race',
          }),
        ]);

        const after = await historyOf(off.asAdmin, id);
        const now = await statusOf(off.asAdmin, id);
        const loser = hold.status === 200 ? close : hold;
        const winner = hold.status === 200 ? 'on_hold' : 'closed';
        rounds.push({
          statuses: [hold.status, close.status].sort(),
          newEntries: after.length - before.length,
          winnerShown:
            errorOf(loser).code === 'REQUISITION_CHANGED_MEANWHILE' &&
            now.status === winner &&
            after.at(-1)?.from === 'open' &&
            after.at(-1)?.to === winner,
        });
      }
      expect(rounds).toEqual(
        Array.from({ length: 5 }, () => ({
          statuses: [200, 409],
          newEntries: 1,
          winnerShown: true,
        })),
      );
    });

    it('10 identical open -> on_hold requests at once: exactly one 200, the rest 409', async () => {
      const id = await createDraft(off.asRecruiter);
      await moveOk(off.asRecruiter, id, { to: 'open' });
      const before = await historyOf(off.asRecruiter, id);

      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          transition(off.asRecruiter, id, { from: 'open', to: 'on_hold', reason: 'stampede' }),
        ),
      );

      const statuses = results.map((res) => res.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      for (const res of results.filter((x) => x.status === 409)) {
        expect(errorOf(res).code).toBe('REQUISITION_CHANGED_MEANWHILE');
        expect(errorOf(res).message).toContain('now on_hold, not open');
      }
      const after = await historyOf(off.asRecruiter, id);
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({ from: 'open', to: 'on_hold', reason: 'stampede' });
      expect((await statusOf(off.asRecruiter, id)).status).toBe('on_hold');
    });
  });
});
