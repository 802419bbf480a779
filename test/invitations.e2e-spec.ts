import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApplication, createCandidate } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';
import { sql } from './harness/sql';

interface InvitationBody {
  id: string;
  applicationId: string;
  status: string;
  attempt: {
    id: string;
    phase: string;
    deadline: string | null;
    finishedAt: string | null;
    finishReason: string | null;
  } | null;
  expiresAt: string;
  timeMultiplier: number;
  delivery: string;
  outbox: unknown;
  firstRedeemedAt: string | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

interface Created {
  invitation: InvitationBody;
  link: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const codeOf = (res: request.Response) => (res.body as { code: string }).code;

/** Tests without a mail relay: links are copied by hand. The outbox has its own file. */
describe('invitations (staff side)', () => {
  let t: TestApp;
  let admin: StaffAccount;
  let recruiter: StaffAccount;
  let asAdmin: SignedIn;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;
  let asOtherManager: SignedIn;
  let requisition: string;
  let otherRequisition: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { SIFT_PUBLIC_URL: 'https://sift.example.com' } });
    admin = await createStaff(t, ['admin']);
    recruiter = await createStaff(t, ['recruiter']);
    const manager = await createStaff(t, ['hiring_manager']);
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, recruiter);
    asManager = await signIn(t, manager);
    asOtherManager = await signIn(t, await createStaff(t, ['hiring_manager']));
    requisition = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
    otherRequisition = await insertRequisition(t, { createdBy: admin.id });
  });
  afterAll(() => t.close());

  async function newApplication(
    options: { requisitionId?: string; stages?: ('screening' | 'rejected')[] } = {},
  ): Promise<{ applicationId: string; candidateId: string }> {
    const candidate = await createCandidate(t);
    const applicationId = await createApplication(t, {
      candidateId: candidate.id,
      requisitionId: options.requisitionId ?? requisition,
      actorId: recruiter.id,
      stages: options.stages,
    });
    return { applicationId, candidateId: candidate.id };
  }

  async function invite(applicationId: string, body: object = {}): Promise<Created> {
    const res = await asRecruiter
      .post('/api/invitations')
      .send({ applicationId, ...body })
      .expect(201);
    return res.body as Created;
  }

  /** An attempt opened on the invitation, as redemption would (the candidate API is not used). */
  async function openAttempt(invitationId: string, applicationId: string): Promise<string> {
    await sql(t, 'UPDATE invitations SET first_redeemed_at = now() WHERE id = $1', [invitationId]);
    const [row] = await sql<{ id: string }>(
      t,
      `INSERT INTO attempts (invitation_id, application_id, plan, time_multiplier, cookie_hash)
       VALUES ($1, $2, '{"timeLimitMinutes": 20}', 1, $3) RETURNING id`,
      [invitationId, applicationId, createHash('sha256').update(randomUUID()).digest()],
    );
    return row!.id;
  }

  /** How many rows of `table` mention `text` anywhere (every column, as text). */
  async function rowsMentioning(table: string, text: string): Promise<number> {
    const [row] = await sql<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM ${table} x WHERE x::text LIKE $1`,
      [`%${text}%`],
    );
    return row!.n;
  }

  it('copies the link by default without a mail relay: 256 random bits, only the hash stored, shown once', async () => {
    const { applicationId } = await newApplication();
    const { invitation, link } = await invite(applicationId);
    const match = /^https:\/\/sift\.example\.com\/invite\/([A-Za-z0-9_-]+)$/.exec(link);
    expect(match).not.toBeNull();
    const token = match![1]!;
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(256);
    expect(invitation).toMatchObject({
      applicationId,
      status: 'pending',
      delivery: 'copy',
      timeMultiplier: 1,
      attempt: null,
      outbox: null,
      createdBy: recruiter.id,
      revokedAt: null,
      revokeReason: null,
    });
    const expiry = Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt);
    expect(Math.abs(expiry - 7 * DAY_MS)).toBeLessThan(2000);

    const [stored] = await sql<{ token_hash: Buffer }>(
      t,
      'SELECT token_hash FROM invitations WHERE id = $1',
      [invitation.id],
    );
    expect(stored!.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    for (const table of ['invitations', 'outbox_messages', 'audit_events']) {
      expect([table, await rowsMentioning(table, token)]).toEqual([table, 0]);
    }
    expect(JSON.stringify(t.logs)).not.toContain(token);
    expect(
      await sql(t, 'SELECT 1 FROM outbox_messages WHERE invitation_id = $1', [invitation.id]),
    ).toEqual([]);

    const read = await asRecruiter.get(`/api/invitations/${invitation.id}`).expect(200);
    expect(read.body).toEqual(invitation);
    expect(JSON.stringify(read.body)).not.toContain(token);

    const [event] = await sql<{ actor_id: string; details: Record<string, unknown> }>(
      t,
      `SELECT actor_id, details FROM audit_events WHERE action = 'invitation.created' AND subject_id = $1`,
      [invitation.id],
    );
    expect(event).toEqual({
      actor_id: recruiter.id,
      details: {
        applicationId,
        expiresAt: invitation.expiresAt,
        timeMultiplier: 1,
        delivery: 'copy',
        superseded: 0,
        cancelledMessages: 0,
      },
    });
  });

  it('takes the expiry and an accommodation multiplier; email without a relay is 422', async () => {
    const { applicationId } = await newApplication();
    const { invitation } = await invite(applicationId, {
      expiresInDays: 30,
      timeMultiplier: 1.25,
      delivery: 'copy',
    });
    expect(invitation.timeMultiplier).toBe(1.25);
    const expiry = Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt);
    expect(Math.abs(expiry - 30 * DAY_MS)).toBeLessThan(2000);
    const res = await asRecruiter
      .post('/api/invitations')
      .send({ applicationId, delivery: 'email' })
      .expect(422);
    expect(codeOf(res)).toBe('MAIL_NOT_CONFIGURED');
  });

  it.each<[string, object, string]>([
    ['no application', { applicationId: undefined }, 'applicationId'],
    ['an application id that is not a uuid', { applicationId: 'x' }, 'applicationId'],
    ['0 days', { expiresInDays: 0 }, 'expiresInDays'],
    ['31 days', { expiresInDays: 31 }, 'expiresInDays'],
    ['fractional days', { expiresInDays: 1.5 }, 'expiresInDays'],
    ['a multiplier under 1', { timeMultiplier: 0.99 }, 'timeMultiplier'],
    ['a multiplier over 3', { timeMultiplier: 3.01 }, 'timeMultiplier'],
    ['three decimals', { timeMultiplier: 1.125 }, 'timeMultiplier'],
    ['a multiplier as text', { timeMultiplier: '1.5' }, 'timeMultiplier'],
    ['null expiry', { expiresInDays: null }, 'expiresInDays'],
    ['an unknown delivery', { delivery: 'fax' }, 'delivery'],
    ['an unknown field', { token: 'mine' }, 'token'],
  ])('refuses %s (400)', async (_name, body, field) => {
    const res = await asRecruiter
      .post('/api/invitations')
      .send({ applicationId: randomUUID(), ...body })
      .expect(400);
    expect(codeOf(res)).toBe('VALIDATION_FAILED');
    expect((res.body as { details: { field: string }[] }).details.map((d) => d.field)).toContain(
      field,
    );
  });

  it('lets only admins and recruiters invite; hiring managers read their teams only', async () => {
    const { applicationId } = await newApplication();
    const { applicationId: hidden } = await newApplication({ requisitionId: otherRequisition });
    const res = await asManager.post('/api/invitations').send({ applicationId }).expect(403);
    expect(codeOf(res)).toBe('FORBIDDEN');
    await request(t.app.getHttpServer())
      .post('/api/invitations')
      .send({ applicationId })
      .expect(401);
    const mine = (await invite(applicationId)).invitation;
    const theirs = (
      (await asAdmin.post('/api/invitations').send({ applicationId: hidden }).expect(201))
        .body as Created
    ).invitation;

    expect((await asManager.get(`/api/invitations/${mine.id}`).expect(200)).body).toEqual(mine);
    expect(codeOf(await asManager.get(`/api/invitations/${theirs.id}`).expect(404))).toBe(
      'INVITATION_NOT_FOUND',
    );
    expect(codeOf(await asOtherManager.get(`/api/invitations/${mine.id}`).expect(404))).toBe(
      'INVITATION_NOT_FOUND',
    );
    const listed = await asManager.get('/api/invitations').query({ limit: 200 }).expect(200);
    const ids = (listed.body as { items: InvitationBody[] }).items.map((i) => i.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    const none = await asOtherManager.get('/api/invitations').expect(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });

    await asAdmin.get(`/api/invitations/${randomUUID()}`).expect(404);
    expect(codeOf(await asAdmin.get('/api/invitations/not-a-uuid').expect(400))).toBe('INVALID_ID');
    const unknown = await asRecruiter
      .post('/api/invitations')
      .send({ applicationId: randomUUID() })
      .expect(404);
    expect(codeOf(unknown)).toBe('APPLICATION_NOT_FOUND');
    for (const path of [`/api/invitations/${mine.id}/revoke`, `/api/invitations/${mine.id}/void`]) {
      await asManager.post(path).send({ reason: 'no' }).expect(403);
    }
    await asManager.patch(`/api/invitations/${mine.id}`).send({ timeMultiplier: 2 }).expect(403);
  });

  it('refuses rejected applications, erased candidates and blueprints the bank cannot run', async () => {
    const rejected = await newApplication({ stages: ['rejected'] });
    const res = await asRecruiter
      .post('/api/invitations')
      .send({ applicationId: rejected.applicationId })
      .expect(409);
    expect(codeOf(res)).toBe('APPLICATION_NOT_INVITABLE');

    const erased = await newApplication();
    await asAdmin.post(`/api/candidates/${erased.candidateId}/erase`).expect(200);
    const refused = await asRecruiter
      .post('/api/invitations')
      .send({ applicationId: erased.applicationId })
      .expect(409);
    expect(codeOf(refused)).toBe('CANDIDATE_ERASED');

    const broken = await insertRequisition(t, { createdBy: admin.id });
    await sql(
      t,
      `INSERT INTO assessment_blueprints (requisition_id, skills, item_cap, time_limit_minutes, checklist_size, updated_by)
       VALUES ($1, '{data-engineering}', 12, 30, 20, $2)`,
      [broken, admin.id],
    );
    const { applicationId } = await newApplication({ requisitionId: broken });
    const invalid = await asRecruiter.post('/api/invitations').send({ applicationId }).expect(422);
    expect(invalid.body).toMatchObject({
      code: 'BLUEPRINT_INVALID',
      details: expect.arrayContaining([
        { field: 'blueprint', messages: [expect.stringContaining('data-engineering')] },
      ]),
    });
    expect(
      await sql(t, 'SELECT 1 FROM invitations WHERE application_id = $1', [applicationId]),
    ).toEqual([]);
  });

  it('re-inviting revokes the unused links, keeps redeemed ones, and is refused while an attempt runs', async () => {
    const { applicationId } = await newApplication({ stages: ['screening'] });
    const first = (await invite(applicationId)).invitation;
    const second = await invite(applicationId, { timeMultiplier: 1.5 });
    const firstNow = (await asRecruiter.get(`/api/invitations/${first.id}`).expect(200))
      .body as InvitationBody;
    expect(firstNow).toMatchObject({
      status: 'revoked',
      revokeReason: 'superseded by a new invitation',
      revokedBy: recruiter.id,
    });
    const [event] = await sql<{ details: { superseded: number } }>(
      t,
      `SELECT details FROM audit_events WHERE action = 'invitation.created' AND subject_id = $1`,
      [second.invitation.id],
    );
    expect(event!.details.superseded).toBe(1);

    // The candidate opens the second link: an attempt in progress blocks a third.
    const attemptId = await openAttempt(second.invitation.id, applicationId);
    const blocked = await asRecruiter.post('/api/invitations').send({ applicationId }).expect(409);
    expect(blocked.body).toMatchObject({ code: 'ATTEMPT_IN_PROGRESS', details: { attemptId } });
    expect(blocked.body.message).toContain('void it first or let it finish');
    const secondNow = (await asRecruiter.get(`/api/invitations/${second.invitation.id}`))
      .body as InvitationBody;
    expect(secondNow).toMatchObject({
      status: 'redeemed',
      revokedAt: null,
      attempt: { id: attemptId, phase: 'consent', deadline: null, finishReason: null },
    });

    // Once it finished, a new invitation is fine and the redeemed link stays as it was.
    await sql(
      t,
      `UPDATE attempts SET phase = 'finished', consented_at = now(), notice_version = 'v1',
              finished_at = now(), finish_reason = 'finished' WHERE id = $1`,
      [attemptId],
    );
    await invite(applicationId);
    const kept = (await asRecruiter.get(`/api/invitations/${second.invitation.id}`))
      .body as InvitationBody;
    expect(kept).toMatchObject({ status: 'redeemed', revokedAt: null });
    expect(
      codeOf(
        await asRecruiter
          .patch(`/api/invitations/${second.invitation.id}`)
          .send({ timeMultiplier: 2 })
          .expect(409),
      ),
    ).toBe('ATTEMPT_FINISHED');
  });

  it('changes the multiplier of a live attempt and moves its deadline from consent', async () => {
    const { applicationId } = await newApplication();
    const { invitation } = await invite(applicationId);
    const attemptId = await openAttempt(invitation.id, applicationId);
    // Before consent the clock does not run: only the multiplier changes.
    const early = await asRecruiter
      .patch(`/api/invitations/${invitation.id}`)
      .send({ timeMultiplier: 1.2 })
      .expect(200);
    expect(early.body).toMatchObject({ timeMultiplier: 1.2, attempt: { deadline: null } });
    await sql(
      t,
      `UPDATE attempts SET phase = 'quiz', notice_version = 'v1',
              consented_at = now() - interval '22 minutes',
              deadline_at = now() - interval '22 minutes' + interval '24 minutes'
        WHERE id = $1`,
      [attemptId],
    );
    const res = await asRecruiter
      .patch(`/api/invitations/${invitation.id}`)
      .send({ timeMultiplier: 1.5 })
      .expect(200);
    const body = res.body as InvitationBody;
    expect(body.timeMultiplier).toBe(1.5);
    const [attempt] = await sql<{ time_multiplier: string; minutes: number }>(
      t,
      `SELECT time_multiplier, extract(epoch FROM deadline_at - consented_at)::float / 60 AS minutes
         FROM attempts WHERE id = $1`,
      [attemptId],
    );
    expect(attempt).toEqual({ time_multiplier: '1.50', minutes: 30 });
    const [deadline] = await sql<{ deadline_at: Date }>(
      t,
      'SELECT deadline_at FROM attempts WHERE id = $1',
      [attemptId],
    );
    expect(body.attempt!.deadline).toBe(deadline!.deadline_at.toISOString());

    // Back to 1.00 would end the attempt at once (22 minutes are gone): refused, nothing changes.
    const shrink = await asRecruiter
      .patch(`/api/invitations/${invitation.id}`)
      .send({ timeMultiplier: 1 })
      .expect(409);
    expect(codeOf(shrink)).toBe('CONFLICT');
    expect((await asRecruiter.get(`/api/invitations/${invitation.id}`)).body).toMatchObject({
      timeMultiplier: 1.5,
    });
    const events = await sql<{ details: Record<string, unknown> }>(
      t,
      `SELECT details FROM audit_events WHERE action = 'invitation.time_multiplier_changed'
        AND subject_id = $1 ORDER BY id`,
      [invitation.id],
    );
    expect(events.map((e) => e.details)).toEqual([
      { applicationId, from: 1, to: 1.2, attemptId, deadlineAt: null },
      { applicationId, from: 1.2, to: 1.5, attemptId, deadlineAt: body.attempt!.deadline },
    ]);
    // Once its time is up, nothing changes any more.
    await sql(t, `UPDATE attempts SET deadline_at = now() - interval '1 second' WHERE id = $1`, [
      attemptId,
    ]);
    expect(
      codeOf(
        await asRecruiter
          .patch(`/api/invitations/${invitation.id}`)
          .send({ timeMultiplier: 3 })
          .expect(409),
      ),
    ).toBe('ATTEMPT_FINISHED');
    await asRecruiter.patch(`/api/invitations/${invitation.id}`).send({}).expect(400);
  });

  it('voids the live attempt once, after which the application can be invited again', async () => {
    const { applicationId } = await newApplication();
    const { invitation } = await invite(applicationId);
    expect(
      codeOf(
        await asRecruiter
          .post(`/api/invitations/${invitation.id}/void`)
          .send({ reason: 'Started on a shared computer' })
          .expect(409),
      ),
    ).toBe('NO_LIVE_ATTEMPT');
    const attemptId = await openAttempt(invitation.id, applicationId);
    await asRecruiter
      .post(`/api/invitations/${invitation.id}/void`)
      .send({ reason: ' ' })
      .expect(400);
    const res = await asRecruiter
      .post(`/api/invitations/${invitation.id}/void`)
      .send({ reason: 'Started on a shared computer' })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'redeemed',
      attempt: {
        id: attemptId,
        phase: 'voided',
        finishReason: 'voided',
        finishedAt: expect.any(String),
      },
    });
    const [row] = await sql(
      t,
      'SELECT cookie_hash, voided_by, void_reason FROM attempts WHERE id = $1',
      [attemptId],
    );
    expect(row).toEqual({
      cookie_hash: null,
      voided_by: recruiter.id,
      void_reason: 'Started on a shared computer',
    });
    expect(
      codeOf(
        await asRecruiter
          .post(`/api/invitations/${invitation.id}/void`)
          .send({ reason: 'again' })
          .expect(409),
      ),
    ).toBe('NO_LIVE_ATTEMPT');
    const [event] = await sql<{ details: Record<string, unknown> }>(
      t,
      `SELECT details FROM audit_events WHERE action = 'invitation.attempt_voided' AND subject_id = $1`,
      [invitation.id],
    );
    expect(event!.details).toEqual({ applicationId, attemptId });
    await invite(applicationId);
  });

  it('revokes once: the reason is kept, a second revoke and later changes are 409', async () => {
    const { applicationId } = await newApplication();
    const { invitation } = await invite(applicationId);
    await asRecruiter.post(`/api/invitations/${invitation.id}/revoke`).send({}).expect(400);
    const res = await asAdmin
      .post(`/api/invitations/${invitation.id}/revoke`)
      .send({ reason: '  Sent to the wrong person  ' })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'revoked',
      revokeReason: 'Sent to the wrong person',
      revokedBy: admin.id,
      revokedAt: expect.any(String),
    });
    for (const attempt of [
      asAdmin.post(`/api/invitations/${invitation.id}/revoke`).send({ reason: 'again' }),
      asAdmin.patch(`/api/invitations/${invitation.id}`).send({ timeMultiplier: 2 }),
    ]) {
      expect(codeOf(await attempt.expect(409))).toBe('INVITATION_REVOKED');
    }
    const [event] = await sql<{ actor_id: string; details: Record<string, unknown> }>(
      t,
      `SELECT actor_id, details FROM audit_events WHERE action = 'invitation.revoked' AND subject_id = $1`,
      [invitation.id],
    );
    // The reason is free text: it stays out of the append-only trail.
    expect(event).toEqual({ actor_id: admin.id, details: { applicationId, cancelledMessages: 0 } });
  });

  it('lists by application and by status judged with the database clock, page by page', async () => {
    const { applicationId } = await newApplication();
    const old = (await invite(applicationId)).invitation;
    const current = (await invite(applicationId)).invitation;
    const { applicationId: lapsedApp } = await newApplication();
    const lapsed = (await invite(lapsedApp)).invitation;
    await sql(
      t,
      `UPDATE invitations SET created_at = now() - interval '9 days', expires_at = now() - interval '2 days'
        WHERE id = $1`,
      [lapsed.id],
    );
    const byApp = await asRecruiter.get('/api/invitations').query({ applicationId }).expect(200);
    expect((byApp.body as { items: InvitationBody[] }).items.map((i) => [i.id, i.status])).toEqual([
      [old.id, 'revoked'],
      [current.id, 'pending'],
    ]);
    const expired = await asRecruiter
      .get('/api/invitations')
      .query({ status: 'expired' })
      .expect(200);
    expect((expired.body as { items: InvitationBody[] }).items.map((i) => i.id)).toEqual([
      lapsed.id,
    ]);
    const pending = await asRecruiter
      .get('/api/invitations')
      .query({ status: 'pending', applicationId })
      .expect(200);
    expect((pending.body as { items: InvitationBody[] }).items.map((i) => i.id)).toEqual([
      current.id,
    ]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await asRecruiter
        .get('/api/invitations')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      const body = page.body as { items: InvitationBody[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    const [{ n }] = (await sql<{ n: number }>(t, 'SELECT count(*)::int AS n FROM invitations')) as [
      { n: number },
    ];
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    await asRecruiter.get('/api/invitations').query({ status: 'used' }).expect(400);
    await asRecruiter.get('/api/invitations').query({ cursor: 'bogus' }).expect(400);
  });

  it("puts the person's invitations in their export, without tokens", async () => {
    const { applicationId, candidateId } = await newApplication();
    const { invitation, link } = await invite(applicationId);
    await asRecruiter
      .post(`/api/invitations/${invitation.id}/revoke`)
      .send({ reason: 'Wrong requisition' })
      .expect(200);
    const res = await asRecruiter.get(`/api/candidates/${candidateId}/export`).expect(200);
    const body = res.body as {
      applications: { invitations: Record<string, unknown>[] }[];
      activity: { action: string; subjectId: string }[];
    };
    expect(body.applications[0]!.invitations).toEqual([
      {
        id: invitation.id,
        applicationId,
        expiresAt: invitation.expiresAt,
        timeMultiplier: 1,
        delivery: 'copy',
        createdAt: invitation.createdAt,
        createdBy: recruiter.id,
        firstRedeemedAt: null,
        revokedAt: expect.any(String),
        revokedBy: recruiter.id,
        revokeReason: 'Wrong requisition',
        messages: [],
      },
    ]);
    expect(body.activity.filter((e) => e.subjectId === invitation.id).map((e) => e.action)).toEqual(
      ['invitation.created', 'invitation.revoked'],
    );
    expect(JSON.stringify(body)).not.toContain(link.split('/').pop());
  });
});
