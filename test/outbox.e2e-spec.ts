import request from 'supertest';
import { OutboxService } from '../src/invitations/outbox.service';
import { createApplication, createCandidate } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';
import { TestSmtpServer } from './harness/smtp-server';
import { sql } from './harness/sql';

interface MessageRow {
  id: string;
  status: string;
  tries: number;
  body: string | null;
  recipient: string | null;
  last_error: string | null;
  sent_at: Date | null;
  /** Seconds from the last update to the next try. */
  wait: number;
}

const codeOf = (res: request.Response) => (res.body as { code: string }).code;
const RELAY_PASSWORD = 's3cret-relay-pw';

/** The outbox against a real SMTP conversation with a local test relay. */
describe('invitation outbox', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let outbox: OutboxService;
  let admin: StaffAccount;
  let recruiter: StaffAccount;
  let asRecruiter: SignedIn;
  let asAdmin: SignedIn;
  let requisition: string;

  beforeAll(async () => {
    smtp = await TestSmtpServer.listen();
    t = await startTestApp({
      env: {
        SIFT_SMTP_URL: `smtp://mailer:${RELAY_PASSWORD}@127.0.0.1:${smtp.port}`,
        SIFT_MAIL_FROM: 'Acme Hiring <hiring@example.com>',
        // The tests drain the outbox themselves.
        SIFT_OUTBOX_INTERVAL_MS: '0',
      },
    });
    outbox = t.app.get(OutboxService);
    admin = await createStaff(t, ['admin']);
    recruiter = await createStaff(t, ['recruiter']);
    asRecruiter = await signIn(t, recruiter);
    asAdmin = await signIn(t, admin);
    requisition = await insertRequisition(t, {
      createdBy: admin.id,
      title: 'Staff LLM Engineer',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  afterEach(async () => {
    // Each test leaves the relay up and nothing due for the next one.
    if (!smtp.running) await smtp.start();
    await sql(
      t,
      `UPDATE outbox_messages SET status = 'cancelled', body = NULL WHERE status = 'pending'`,
    );
  });

  async function inviteSomeone(body: object = {}) {
    const candidate = await createCandidate(t);
    const applicationId = await createApplication(t, {
      candidateId: candidate.id,
      requisitionId: requisition,
      actorId: recruiter.id,
    });
    const res = await asRecruiter
      .post('/api/invitations')
      .send({ applicationId, ...body })
      .expect(201);
    const created = res.body as {
      invitation: { id: string; delivery: string; outbox: { id: string; status: string } | null };
      link: string;
    };
    return { candidate, applicationId, ...created, token: created.link.split('/').pop()! };
  }

  async function messageOf(invitationId: string): Promise<MessageRow> {
    const [row] = await sql<MessageRow>(
      t,
      `SELECT id, status, tries, body, recipient, last_error, sent_at,
              extract(epoch FROM next_try_at - updated_at)::float AS wait
         FROM outbox_messages WHERE invitation_id = $1`,
      [invitationId],
    );
    return row!;
  }

  /** Makes every pending message due now (instead of waiting out the pause). */
  const makeDue = () =>
    sql(t, `UPDATE outbox_messages SET next_try_at = now() WHERE status = 'pending'`);

  it('emails the link by default, then keeps no copy of it anywhere', async () => {
    const { invitation, link, token, candidate } = await inviteSomeone();
    expect(invitation).toMatchObject({
      delivery: 'email',
      outbox: { status: 'pending', tries: 0, lastError: null, sentAt: null },
    });
    const queued = await messageOf(invitation.id);
    expect(queued.body).toContain(link);
    expect(queued.recipient).toBe(candidate.email);

    const before = smtp.received.length;
    expect(await outbox.drain()).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
    const mail = smtp.received.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      from: 'hiring@example.com',
      to: [candidate.email],
      auth: { user: 'mailer', pass: RELAY_PASSWORD },
    });
    expect(mail[0]!.headers.subject).toBe('Your skills assessment for Staff LLM Engineer');
    expect(mail[0]!.headers.from).toContain('Acme Hiring');
    expect(mail[0]!.text.split('\n')).toContain(link);
    expect(mail[0]!.text).toContain(`Hello ${candidate.fullName},`);
    expect(mail[0]!.text).toMatch(/The link works until \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    expect(mail[0]!.text).toContain('press Start');

    const sent = await messageOf(invitation.id);
    expect(sent).toMatchObject({ status: 'sent', tries: 0, body: null, last_error: null });
    expect(sent.sent_at).toBeInstanceOf(Date);
    // The token is nowhere in the database or the logs after delivery.
    const tables = await sql<{ table_name: string }>(
      t,
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of tables) {
      const [row] = await sql<{ n: number }>(
        t,
        `SELECT count(*)::int AS n FROM "${table_name}" x WHERE x::text LIKE $1`,
        [`%${token}%`],
      );
      expect([table_name, row!.n]).toEqual([table_name, 0]);
    }
    expect(JSON.stringify(t.logs)).not.toContain(token);
    const read = await asRecruiter.get(`/api/invitations/${invitation.id}`).expect(200);
    expect(read.body).toMatchObject({ outbox: { status: 'sent', sentAt: expect.any(String) } });
    // Nothing is sent twice.
    expect(await outbox.drain()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
  });

  it('copy needs no mail: no message is queued even with a relay', async () => {
    const { invitation } = await inviteSomeone({ delivery: 'copy' });
    expect(invitation).toMatchObject({ delivery: 'copy', outbox: null });
    expect(
      await sql(t, 'SELECT 1 FROM outbox_messages WHERE invitation_id = $1', [invitation.id]),
    ).toEqual([]);
  });

  it('retries with growing pauses while the relay is down and delivers when it is back', async () => {
    await smtp.stop();
    const { invitation, link, candidate } = await inviteSomeone();
    expect(await outbox.drain()).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
    const first = await messageOf(invitation.id);
    expect(first).toMatchObject({ status: 'pending', tries: 1, wait: 30 });
    expect(first.body).toContain(link);
    expect(first.last_error).toContain('ECONNREFUSED');
    for (const secret of [RELAY_PASSWORD, candidate.email]) {
      expect(first.last_error).not.toContain(secret);
      expect(JSON.stringify(t.logs)).not.toContain(secret);
    }
    expect(t.logs).toContainEqual(
      expect.objectContaining({ msg: 'outbox delivery failed', tries: 1, willRetry: true }),
    );
    // Not due yet: nothing happens.
    expect(await outbox.drain()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
    await makeDue();
    await outbox.drain();
    expect(await messageOf(invitation.id)).toMatchObject({ status: 'pending', tries: 2, wait: 60 });

    await smtp.start();
    await makeDue();
    const before = smtp.received.length;
    expect(await outbox.drain()).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
    expect(smtp.received.slice(before).map((m) => m.to)).toEqual([[candidate.email]]);
    expect(await messageOf(invitation.id)).toMatchObject({ status: 'sent', tries: 2, body: null });
  });

  it('fails a message after 8 tries, keeps it for a retry, and recruiters see and retry it', async () => {
    await smtp.stop();
    const { invitation, link, candidate } = await inviteSomeone();
    const waits: number[] = [];
    for (let i = 1; i <= 8; i++) {
      await makeDue();
      await outbox.drain();
      const row = await messageOf(invitation.id);
      expect(row.tries).toBe(i);
      if (row.status === 'pending') waits.push(row.wait);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920]);
    const failed = await messageOf(invitation.id);
    expect(failed).toMatchObject({ status: 'failed', tries: 8 });
    expect(failed.body).toContain(link);
    await makeDue();
    expect(await outbox.drain()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });

    const listed = await asRecruiter.get('/api/outbox').query({ status: 'failed' }).expect(200);
    const items = (listed.body as { items: Record<string, unknown>[] }).items;
    const item = items.find((m) => m.invitationId === invitation.id)!;
    expect(item).toMatchObject({
      status: 'failed',
      tries: 8,
      recipient: `${candidate.email[0]}***@example.com`,
      lastError: expect.stringContaining('ECONNREFUSED'),
      subject: 'Your skills assessment for Staff LLM Engineer',
    });
    expect(Object.keys(item)).not.toContain('body');
    expect(JSON.stringify(listed.body)).not.toContain(candidate.email);
    const manager = await signIn(t, await createStaff(t, ['hiring_manager']));
    await manager.get('/api/outbox').expect(403);
    await manager.post(`/api/outbox/${String(item.id)}/retry`).expect(403);

    await smtp.start();
    const retried = await asRecruiter.post(`/api/outbox/${String(item.id)}/retry`).expect(200);
    expect(retried.body).toMatchObject({ id: item.id, status: 'pending', tries: 0 });
    expect(codeOf(await asRecruiter.post(`/api/outbox/${String(item.id)}/retry`).expect(409))).toBe(
      'OUTBOX_NOT_RETRYABLE',
    );
    const before = smtp.received.length;
    expect(await outbox.drain()).toMatchObject({ sent: 1 });
    expect(smtp.received.slice(before)[0]!.text).toContain(link);
    const [event] = await sql<{ actor_id: string }>(
      t,
      `SELECT actor_id FROM audit_events WHERE action = 'outbox_message.retried' AND subject_id = $1`,
      [item.id],
    );
    expect(event).toEqual({ actor_id: recruiter.id });
    await asRecruiter.post('/api/outbox/00000000-0000-4000-8000-000000000000/retry').expect(404);
  });

  it('a failed message whose link was revoked or expired loses its body and cannot be retried', async () => {
    await smtp.stop();
    const { invitation } = await inviteSomeone();
    await sql(
      t,
      `UPDATE outbox_messages SET status = 'failed', tries = 8 WHERE invitation_id = $1`,
      [invitation.id],
    );
    await sql(
      t,
      `UPDATE invitations SET created_at = now() - interval '9 days', expires_at = now() - interval '1 day'
        WHERE id = $1`,
      [invitation.id],
    );
    await outbox.drain();
    const row = await messageOf(invitation.id);
    expect(row).toMatchObject({ status: 'failed', body: null });
    const res = await asRecruiter.post(`/api/outbox/${row.id}/retry`).expect(409);
    expect(codeOf(res)).toBe('OUTBOX_NOT_RETRYABLE');
  });

  it('re-inviting and revoking cancel undelivered mail; an expired link is never sent', async () => {
    const first = await inviteSomeone();
    const second = await asRecruiter
      .post('/api/invitations')
      .send({ applicationId: first.applicationId })
      .expect(201);
    const secondId = (second.body as { invitation: { id: string } }).invitation.id;
    expect(await messageOf(first.invitation.id)).toMatchObject({ status: 'cancelled', body: null });
    expect(await messageOf(secondId)).toMatchObject({ status: 'pending' });
    const [created] = await sql<{ details: Record<string, unknown> }>(
      t,
      `SELECT details FROM audit_events WHERE action = 'invitation.created' AND subject_id = $1`,
      [secondId],
    );
    expect(created!.details).toMatchObject({ superseded: 1, cancelledMessages: 1 });
    const revoked = await asRecruiter
      .post(`/api/invitations/${secondId}/revoke`)
      .send({ reason: 'Candidate withdrew' })
      .expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', outbox: { status: 'cancelled' } });
    expect(await messageOf(secondId)).toMatchObject({ status: 'cancelled', body: null });

    const lapsed = await inviteSomeone();
    await sql(
      t,
      `UPDATE invitations SET created_at = now() - interval '9 days', expires_at = now() - interval '1 day'
        WHERE id = $1`,
      [lapsed.invitation.id],
    );
    const before = smtp.received.length;
    expect(await outbox.drain()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 1 });
    expect(smtp.received.length).toBe(before);
    expect(await messageOf(lapsed.invitation.id)).toMatchObject({
      status: 'cancelled',
      body: null,
    });
  });

  it('two pollers draining at once send every message exactly once', async () => {
    const invited = [];
    for (let i = 0; i < 6; i++) invited.push(await inviteSomeone());
    smtp.acceptDelayMs = 40;
    const before = smtp.received.length;
    try {
      const results = await Promise.all([outbox.drain(), outbox.drain()]);
      expect(results[0].sent + results[1].sent).toBe(6);
      // Both did work: the second did not simply find nothing to do.
      expect(results.every((r) => r.sent > 0)).toBe(true);
    } finally {
      smtp.acceptDelayMs = 0;
    }
    const recipients = smtp.received.slice(before).flatMap((m) => m.to);
    expect(recipients.sort()).toEqual(invited.map((i) => i.candidate.email).sort());
    const rows = await sql<{ status: string }>(
      t,
      'SELECT status FROM outbox_messages WHERE invitation_id = ANY($1::uuid[])',
      [invited.map((i) => i.invitation.id)],
    );
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('erasing the candidate scrubs their mail: address, body and error gone, undelivered cancelled', async () => {
    const sentOne = await inviteSomeone();
    await outbox.drain();
    await smtp.stop();
    const candidate = await createCandidate(t);
    const applicationId = await createApplication(t, {
      candidateId: candidate.id,
      requisitionId: requisition,
      actorId: recruiter.id,
    });
    const res = await asRecruiter.post('/api/invitations').send({ applicationId }).expect(201);
    const pendingId = (res.body as { invitation: { id: string } }).invitation.id;
    await outbox.drain();
    expect((await messageOf(pendingId)).last_error).not.toBeNull();

    for (const person of [sentOne.candidate.id, candidate.id]) {
      await asAdmin.post(`/api/candidates/${person}/erase`).expect(200);
    }
    expect(await messageOf(sentOne.invitation.id)).toMatchObject({
      status: 'sent',
      recipient: null,
      body: null,
    });
    expect(await messageOf(pendingId)).toMatchObject({
      status: 'cancelled',
      recipient: null,
      body: null,
      last_error: null,
    });
    const [invitation] = await sql(
      t,
      'SELECT revoked_at IS NOT NULL AS revoked, revoke_reason FROM invitations WHERE id = $1',
      [pendingId],
    );
    expect(invitation).toEqual({ revoked: true, revoke_reason: 'candidate data erased' });
    await makeDue();
    expect(await outbox.drain()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
  });
});
