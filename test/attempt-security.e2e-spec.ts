import request from 'supertest';
import {
  attemptCookieOf,
  attemptIdOf,
  candidateClient,
  CandidateClient,
  insertInvitation,
  Invitation,
  redeem,
  saveBlueprint,
  ServedItem,
  startAttempt,
} from './factories/attempts';
import { createApplication, createCandidate } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';
import { sql } from './harness/sql';

const codeOf = (res: request.Response) => (res.body as { code: string }).code;

/** Distinctive values that must never reach a candidate: item parameters, rationale, foil notes. */
const CANARY = {
  a: 1.2345678,
  b: 0.3456789,
  c: 0.2456789,
  rationale: 'CANARYRATIONALE the second option is right because of canaries',
  foilCheck: 'CANARYFOILCHECK searched every registry: nothing by this name exists',
};

describe('attempt security', () => {
  let t: TestApp;
  let adminId: string;
  let requisition: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { SIFT_ATTEMPT_SWEEP_SECONDS: '0' } });
    const admin = await createStaff(t, ['admin']);
    adminId = admin.id;
    requisition = await insertRequisition(t, { createdBy: admin.id });
    await saveBlueprint(
      t,
      requisition,
      { skills: ['python'], itemCap: 4, timeLimitMinutes: 10, checklistSize: 10 },
      admin.id,
    );
  });
  afterAll(() => t.close());

  async function invite(
    requisitionId = requisition,
  ): Promise<Invitation & { applicationId: string }> {
    const person = await createCandidate(t);
    const applicationId = await createApplication(t, {
      candidateId: person.id,
      requisitionId,
      actorId: adminId,
    });
    return { applicationId, ...(await insertInvitation(t, { applicationId, createdBy: adminId })) };
  }

  const snapshot = (invitationId: string) =>
    sql(
      t,
      `SELECT i.first_redeemed_at, i.revoked_at, (SELECT count(*)::int FROM attempts) AS attempts,
              (SELECT count(*)::int FROM audit_events) AS events
         FROM invitations i WHERE i.id = $1`,
      [invitationId],
    );

  describe('the link', () => {
    it('a GET of the link (as a mail scanner does) consumes and changes nothing', async () => {
      const invitation = await invite();
      const before = await snapshot(invitation.id);
      const res = await t.http.get(`/invite/${invitation.token}`);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(await snapshot(invitation.id)).toEqual(before);
      // The link still works afterwards.
      await redeem(t, invitation.token).expect(303);
    });

    it('an altered or made-up token is 404 and creates nothing', async () => {
      const invitation = await invite();
      const last = invitation.token.slice(-1);
      const altered = invitation.token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
      for (const token of [altered, 'x'.repeat(43), 'short']) {
        const res = await redeem(t, token).expect(404);
        expect(codeOf(res)).toBe('INVITATION_LINK_INVALID');
      }
      const [row] = await snapshot(invitation.id);
      expect(row!.first_redeemed_at).toBeNull();
    });

    it('an expired link is 410', async () => {
      const invitation = await invite();
      await sql(
        t,
        `UPDATE invitations SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE id = $1`,
        [invitation.id],
      );
      const res = await redeem(t, invitation.token).expect(410);
      expect(codeOf(res)).toBe('INVITATION_LINK_EXPIRED');
    });

    it('a revoked link is 410, and the cookie it gave stops working', async () => {
      const invitation = await invite();
      const candidate = await startAttempt(t, invitation.token);
      await candidate.get('/api/attempts/current').expect(200);
      await sql(
        t,
        `UPDATE invitations SET revoked_at = now(), revoked_by = $2, revoke_reason = 'sent to the wrong person' WHERE id = $1`,
        [invitation.id, adminId],
      );
      const res = await redeem(t, invitation.token).expect(410);
      expect(codeOf(res)).toBe('INVITATION_LINK_REVOKED');
      const denied = await candidate.get('/api/attempts/current').expect(401);
      expect(codeOf(denied)).toBe('ATTEMPT_ACCESS_REQUIRED');
    });

    it('a link whose attempt is finished cannot be used again (410), while the end page still reads', async () => {
      const invitation = await invite();
      const candidate = await startAttempt(t, invitation.token);
      await sql(
        t,
        `UPDATE attempts SET phase = 'finished', notice_version = '2026-11', consented_at = now(),
                finished_at = now(), finish_reason = 'finished' WHERE invitation_id = $1`,
        [invitation.id],
      );
      const res = await redeem(t, invitation.token).expect(410);
      expect(codeOf(res)).toBe('ATTEMPT_CLOSED');
      await candidate.get('/api/attempts/current').expect(200);
    });

    it('a second link of an application with an attempt under way is refused, and the start page says why', async () => {
      const first = await invite();
      await startAttempt(t, first.token);
      // Re-inviting refuses while an attempt is live; a link issued before it started can race it.
      const second = await insertInvitation(t, {
        applicationId: first.applicationId,
        createdBy: adminId,
      });
      const json = await redeem(t, second.token).expect(410);
      expect(codeOf(json)).toBe('ATTEMPT_CLOSED');
      const form = await t.http
        .post(`/invite/${second.token}`)
        .set('Origin', t.origin)
        .type('form')
        .send('')
        .expect(303);
      expect(form.headers.location).toBe(`/invite/${second.token}?refused=1`);
      expect(form.headers['set-cookie']).toBeUndefined();
      const page = await t.http.get(form.headers.location as string).expect(200);
      expect(page.text).toContain('could not be started from this link just now');
      // Without the flag, or with any other value, the page does not claim a refusal.
      for (const query of ['', '?refused=0', '?refused=%3Cb%3E']) {
        const plain = await t.http.get(`/invite/${second.token}${query}`).expect(200);
        expect(plain.text).not.toContain('could not be started');
      }
    });

    it('two tabs redeeming at once make one attempt; only the newer cookie works', async () => {
      const invitation = await invite();
      const [x, y] = await Promise.all([redeem(t, invitation.token), redeem(t, invitation.token)]);
      expect([x.status, y.status]).toEqual([303, 303]);
      const [row] = await sql<{ n: number }>(
        t,
        'SELECT count(*)::int AS n FROM attempts WHERE invitation_id = $1',
        [invitation.id],
      );
      expect(row!.n).toBe(1);
      const statuses = await Promise.all(
        [x, y].map(
          async (res) =>
            (await candidateClient(t, attemptCookieOf(res)).get('/api/attempts/current')).status,
        ),
      );
      expect(statuses.sort()).toEqual([200, 401]);
    });

    it('redeeming again rotates the cookie: the older one stops working, the attempt continues', async () => {
      const invitation = await invite();
      const first = await startAttempt(t, invitation.token);
      const version = (await first.get('/api/attempts/current').expect(200)).body.notice.version;
      await first
        .post('/api/attempts/current/consent')
        .send({ noticeVersion: version, agree: true })
        .expect(200);
      const second = await startAttempt(t, invitation.token);
      await first.get('/api/attempts/current').expect(401);
      const view = await second.get('/api/attempts/current').expect(200);
      expect(view.body.phase).toBe('self_rating');
    });

    it('a redemption from another site is refused', async () => {
      const invitation = await invite();
      const res = await t.http
        .post(`/invite/${invitation.token}`)
        .set('Origin', 'https://evil.example')
        .set('Accept', 'application/json')
        .expect(403);
      expect(codeOf(res)).toBe('CSRF_REJECTED');
    });
  });

  describe('what a candidate never sees', () => {
    let itemIds: string[];
    let termIds: string[];
    const bodies: string[] = [];

    /** Every candidate-facing reply is kept for the scan, errors included. */
    async function keep(test: request.Test): Promise<request.Response> {
      const res = await test;
      bodies.push(res.text);
      return res;
    }

    beforeAll(async () => {
      await sql(t, `INSERT INTO skills (id, name) VALUES ('canary-skill', 'Canary skill')`);
      const canaryReq = await insertRequisition(t, { createdBy: adminId });
      await sql(
        t,
        `INSERT INTO requisition_skills (requisition_id, skill_id, weight, min_level) VALUES ($1, 'canary-skill', 10, 3)`,
        [canaryReq],
      );
      const items = await sql<{ id: string }>(
        t,
        `INSERT INTO items (ref, version, skill_id, author, reviewed_by, status, level, stem, options, answer_key,
                            rationale, a, b, c)
         SELECT 'canary-item-' || n, 1, 'canary-skill', 'writer-qa', 'reviewer-qa', 'active', 3,
                'Canary question number ' || n || ': which option is right?',
                jsonb_build_array('first ' || n, 'second ' || n, 'third ' || n, 'fourth ' || n),
                n % 4, $1, $2, $3, $4
           FROM generate_series(1, 6) AS n RETURNING id`,
        [CANARY.rationale, CANARY.a, CANARY.b, CANARY.c],
      );
      itemIds = items.map((i) => i.id);
      const terms = await sql<{ id: string }>(
        t,
        `INSERT INTO checklist_terms (ref, version, skill_id, author, reviewed_by, status, term, is_foil, foil_check)
         SELECT 'canary-term-' || n, 1, 'canary-skill', 'writer-qa', 'reviewer-qa', 'active', 'zeta term ' || n,
                n > 8, CASE WHEN n > 8 THEN $1 END
           FROM generate_series(1, 12) AS n RETURNING id`,
        [CANARY.foilCheck],
      );
      termIds = terms.map((r) => r.id);
      await saveBlueprint(
        t,
        canaryReq,
        { skills: ['canary-skill'], itemCap: 4, timeLimitMinutes: 10, checklistSize: 12 },
        adminId,
      );
      const invitation = await invite(canaryReq);
      const candidate: CandidateClient = await startAttempt(t, invitation.token);
      const attemptId = await attemptIdOf(t, invitation.applicationId);

      const view = await keep(candidate.get('/api/attempts/current'));
      await keep(candidate.post('/api/attempts/current/next'));
      await keep(
        candidate
          .post('/api/attempts/current/consent')
          .send({ noticeVersion: view.body.notice.version, agree: true }),
      );
      await keep(
        candidate
          .put('/api/attempts/current/self-ratings')
          .send({ ratings: [{ skill: 'canary-skill', level: 5 }] }),
      );
      const list = await keep(candidate.get('/api/attempts/current/checklist'));
      const positions = (list.body.terms as { position: number }[]).map((term) => term.position);
      await keep(candidate.put('/api/attempts/current/checklist').send({ answers: [] }));
      await keep(
        candidate.put('/api/attempts/current/checklist').send({
          answers: positions.map((position) => ({ position, rating: 4 })),
        }),
      );
      for (let served = 0; served < 10; served++) {
        const next = await keep(candidate.post('/api/attempts/current/next'));
        const item = next.body as ServedItem | { status: 'finished' };
        if (item.status === 'finished') break;
        await keep(candidate.post('/api/attempts/current/next'));
        await keep(
          candidate.post('/api/attempts/current/answer').send({ seq: item.seq + 1, choice: 0 }),
        );
        await keep(
          candidate.post('/api/attempts/current/answer').send({ seq: item.seq, choice: 1 }),
        );
        await keep(
          candidate.post('/api/attempts/current/answer').send({ seq: item.seq, choice: 1 }),
        );
        await keep(
          candidate.post('/api/attempts/current/answer').send({ seq: item.seq, choice: 2 }),
        );
        await keep(
          candidate.post('/api/attempts/current/answer').send({ seq: item.seq, choice: 9 }),
        );
      }
      await keep(candidate.post('/api/attempts/current/finish'));
      await keep(candidate.get('/api/attempts/current'));
      await keep(candidate.get('/api/attempts/current/checklist'));
      await keep(candidate.get('/api/attempts/current/export'));
      await keep(candidate.post('/api/attempts/current/events').send({ kind: 'paste' }));
      const [served] = await sql<{ n: number }>(
        t,
        'SELECT count(*)::int AS n FROM attempt_responses WHERE attempt_id = $1',
        [attemptId],
      );
      // The scan means something only if canary items were actually served.
      expect(served!.n).toBeGreaterThanOrEqual(4);
    });

    it.each([
      ['the discrimination', String(CANARY.a)],
      ['the difficulty', String(CANARY.b)],
      ['the guessing parameter', String(CANARY.c)],
      ['the rationale', 'CANARYRATIONALE'],
      ['the foil check', 'CANARYFOILCHECK'],
      ['answer keys', 'answer_key'],
      ['answer keys (camel case)', 'answerKey'],
      ['correctness', 'correct'],
      ['foil flags', 'is_foil'],
      ['foil flags (camel case)', 'isFoil'],
      ['any mention of foils', 'foil'],
      ['the rationale field', 'rationale'],
      ['parameters as fields', '"a":'],
      ['item refs', 'canary-item-'],
      ['term refs', 'canary-term-'],
      ['estimates', 'theta'],
      ['verdicts', '"verdict"'],
      ['verdict values', 'overstated'],
      ['verdict values', 'understated'],
      ['verdict values', 'insufficient_evidence'],
    ])('no reply contains %s', (_label, needle) => {
      expect(bodies.length).toBeGreaterThan(20);
      const hits = bodies.filter((body) => body.toLowerCase().includes(needle.toLowerCase()));
      expect(hits).toEqual([]);
    });

    it('no reply carries an item or term id', () => {
      for (const id of [...itemIds, ...termIds]) {
        expect(bodies.filter((body) => body.includes(id))).toEqual([]);
      }
    });

    it('the error replies were part of the scan', () => {
      const codes = bodies.map((body) => (JSON.parse(body) as { code?: string }).code);
      expect(codes).toEqual(
        expect.arrayContaining([
          'ATTEMPT_WRONG_PHASE',
          'VALIDATION_FAILED',
          'ANSWER_OUT_OF_ORDER',
          'ANSWER_ALREADY_RECORDED',
        ]),
      );
    });
  });

  describe('erasure from the end page', () => {
    it('needs confirm: true, then erases the person, keeps the anonymous answers and ends the session', async () => {
      const invitation = await invite();
      const candidate = await startAttempt(t, invitation.token);
      const version = (await candidate.get('/api/attempts/current').expect(200)).body.notice
        .version;
      await candidate
        .post('/api/attempts/current/consent')
        .send({ noticeVersion: version, agree: true })
        .expect(200);
      const attemptId = await attemptIdOf(t, invitation.applicationId);
      for (const body of [{}, { confirm: false }, { confirm: 'yes' }]) {
        const res = await candidate.post('/api/attempts/current/erase').send(body).expect(400);
        expect(codeOf(res)).toBe('VALIDATION_FAILED');
      }
      const res = await candidate
        .post('/api/attempts/current/erase')
        .send({ confirm: true })
        .expect(200);
      expect(res.body).toEqual({ erased: true });
      const cleared = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      expect(cleared.some((c) => /^sift_attempt=;/.test(c))).toBe(true);
      const [person] = await sql<{
        full_name: string | null;
        consent_status: string;
        anonymised: boolean;
      }>(
        t,
        `SELECT c.full_name, c.consent_status, c.anonymised_at IS NOT NULL AS anonymised
           FROM candidates c JOIN applications a ON a.candidate_id = c.id WHERE a.id = $1`,
        [invitation.applicationId],
      );
      expect(person).toEqual({ full_name: null, consent_status: 'pending', anonymised: true });
      const [attempt] = await sql<{ phase: string; cookie_hash: Buffer | null; ratings: number }>(
        t,
        'SELECT phase, cookie_hash FROM attempts WHERE id = $1',
        [attemptId],
      );
      expect(attempt).toEqual({ phase: 'finished', cookie_hash: null });
      await candidate.get('/api/attempts/current').expect(401);
      const [audit] = await sql<{ actor_type: string; actor_id: string | null }>(
        t,
        `SELECT actor_type, actor_id FROM audit_events e JOIN applications a ON a.candidate_id = e.subject_id::uuid
          WHERE e.action = 'candidate.erased' AND a.id = $1`,
        [invitation.applicationId],
      );
      expect(audit).toEqual({ actor_type: 'anonymous', actor_id: null });
    });
  });
});
