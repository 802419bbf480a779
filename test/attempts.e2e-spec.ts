import request from 'supertest';
import { DeadlineSweeper } from '../src/attempts/deadline-sweeper';
import { AttemptExportDto } from '../src/attempts/dto/export.dto';
import { AssessmentResultsDto } from '../src/attempts/dto/results.dto';
import {
  attemptIdOf,
  CandidateClient,
  insertInvitation,
  keyPosition,
  saveBlueprint,
  ServedItem,
  startAttempt,
  throughToQuiz,
} from './factories/attempts';
import { createApplication, createCandidate } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff, signIn, SignedIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';
import { sql } from './harness/sql';

const SKILLS = ['llm-nlp', 'python'];
const codeOf = (res: request.Response) => (res.body as { code: string }).code;
/** An item as served, without the server's clock (which moves between two requests). */
const withoutClock = (item: ServedItem) => ({ ...item, serverNow: undefined });

describe('the candidate attempt API', () => {
  let t: TestApp;
  let adminId: string;
  let requisition: string;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;
  let asOtherManager: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ env: { SIFT_ATTEMPT_SWEEP_SECONDS: '0' } });
    const admin = await createStaff(t, ['admin']);
    adminId = admin.id;
    const manager = await createStaff(t, ['hiring_manager']);
    asRecruiter = await signIn(t, await createStaff(t, ['recruiter']));
    asManager = await signIn(t, manager);
    asOtherManager = await signIn(t, await createStaff(t, ['hiring_manager']));
    requisition = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
    await saveBlueprint(
      t,
      requisition,
      { skills: SKILLS, itemCap: 6, timeLimitMinutes: 20, checklistSize: 10 },
      admin.id,
    );
  });
  afterAll(() => t.close());

  /** A fresh application invited and redeemed. */
  async function newAttempt(
    multiplier = 1,
    stages: ('screening' | 'shortlisted')[] = [],
  ): Promise<{ applicationId: string; candidateId: string; candidate: CandidateClient }> {
    const person = await createCandidate(t);
    const applicationId = await createApplication(t, {
      candidateId: person.id,
      requisitionId: requisition,
      actorId: adminId,
      stages,
    });
    const invitation = await insertInvitation(t, { applicationId, createdBy: adminId, multiplier });
    return {
      applicationId,
      candidateId: person.id,
      candidate: await startAttempt(t, invitation.token),
    };
  }

  async function next(candidate: CandidateClient): Promise<ServedItem> {
    const res = await candidate.post('/api/attempts/current/next').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.body as ServedItem;
  }

  describe('one attempt, phase by phase', () => {
    let applicationId: string;
    let candidateId: string;
    let candidate: CandidateClient;
    let attemptId: string;

    beforeAll(async () => {
      ({ applicationId, candidateId, candidate } = await newAttempt(1.5));
      attemptId = await attemptIdOf(t, applicationId);
    });

    it('starts at consent with the notice, the plan and no clock yet', async () => {
      const res = await candidate.get('/api/attempts/current').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({
        phase: 'consent',
        skills: [
          { id: 'llm-nlp', name: expect.any(String) },
          { id: 'python', name: expect.any(String) },
        ],
        timeLimitMinutes: 30,
        deadline: null,
        progress: { answered: 0, skillIndex: 0, skillCount: 2, maxItems: 12 },
        finishedAt: null,
      });
      expect(res.body.notice.version).toMatch(/^\d{4}-\d{2}$/);
      expect(res.body.notice.text).toContain('focus');
      expect(Math.abs(Date.parse(res.body.serverNow) - Date.now())).toBeLessThan(60_000);
    });

    it.each<[string, () => request.Test]>([
      [
        'self-ratings',
        () => candidate.put('/api/attempts/current/self-ratings').send({ ratings: [] }),
      ],
      ['checklist', () => candidate.get('/api/attempts/current/checklist')],
      ['next', () => candidate.post('/api/attempts/current/next')],
      ['answer', () => candidate.post('/api/attempts/current/answer').send({ seq: 1, choice: 0 })],
      ['finish', () => candidate.post('/api/attempts/current/finish')],
    ])('refuses %s before consent: 409 ATTEMPT_WRONG_PHASE', async (_label, call) => {
      const res = await call().expect(409);
      expect(codeOf(res)).toBe('ATTEMPT_WRONG_PHASE');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('refuses consent to another notice version (409) and a consent without agreement (400)', async () => {
      const stale = await candidate
        .post('/api/attempts/current/consent')
        .send({ noticeVersion: '2001-01', agree: true })
        .expect(409);
      expect(codeOf(stale)).toBe('NOTICE_VERSION_MISMATCH');
      for (const body of [{ noticeVersion: '2026-11', agree: false }, { agree: true }, {}]) {
        const res = await candidate.post('/api/attempts/current/consent').send(body).expect(400);
        expect(codeOf(res)).toBe('VALIDATION_FAILED');
      }
    });

    it('consents: the deadline runs from the database clock with the multiplier, the candidate records consent', async () => {
      const view = await candidate.get('/api/attempts/current').expect(200);
      const version = view.body.notice.version as string;
      const res = await candidate
        .post('/api/attempts/current/consent')
        .send({ noticeVersion: version, agree: true })
        .expect(200);
      expect(res.body.phase).toBe('self_rating');
      const minutes = (Date.parse(res.body.deadline) - Date.parse(res.body.serverNow)) / 60_000;
      expect(minutes).toBeCloseTo(30, 1);
      const [person] = await sql<{ consent_status: string; consent_version: string }>(
        t,
        'SELECT consent_status, consent_version FROM candidates WHERE id = $1',
        [candidateId],
      );
      expect(person).toEqual({ consent_status: 'given', consent_version: version });
      const again = await candidate
        .post('/api/attempts/current/consent')
        .send({ noticeVersion: version, agree: true })
        .expect(409);
      expect(codeOf(again)).toBe('ATTEMPT_WRONG_PHASE');
    });

    it.each<[string, unknown]>([
      ['a skill missing', [{ skill: 'python', level: 3 }]],
      [
        'a skill twice',
        [
          { skill: 'python', level: 3 },
          { skill: 'python', level: 2 },
          { skill: 'llm-nlp', level: 1 },
        ],
      ],
      [
        'a skill not measured',
        [
          { skill: 'python', level: 3 },
          { skill: 'llm-nlp', level: 1 },
          { skill: 'sql', level: 1 },
        ],
      ],
      [
        'a level above 5',
        [
          { skill: 'python', level: 6 },
          { skill: 'llm-nlp', level: 1 },
        ],
      ],
      [
        'a fractional level',
        [
          { skill: 'python', level: 2.5 },
          { skill: 'llm-nlp', level: 1 },
        ],
      ],
      ['not a list', 'python'],
    ])('refuses self-ratings with %s: 400', async (_label, ratings) => {
      const res = await candidate
        .put('/api/attempts/current/self-ratings')
        .send({ ratings })
        .expect(400);
      expect(codeOf(res)).toBe('VALIDATION_FAILED');
    });

    it('takes one rating per skill and moves to the checklist', async () => {
      const res = await candidate
        .put('/api/attempts/current/self-ratings')
        .send({
          ratings: [
            { skill: 'python', level: 4 },
            { skill: 'llm-nlp', level: 1 },
          ],
        })
        .expect(200);
      expect(res.body.phase).toBe('checklist');
      const rows = await sql<{ skill_id: string; level: number }>(
        t,
        'SELECT skill_id, level FROM attempt_self_ratings WHERE attempt_id = $1 ORDER BY skill_id',
        [attemptId],
      );
      expect(rows).toEqual([
        { skill_id: 'llm-nlp', level: 1 },
        { skill_id: 'python', level: 4 },
      ]);
    });

    it('shows the checklist as positions and terms only, and wants every position once', async () => {
      const res = await candidate.get('/api/attempts/current/checklist').expect(200);
      const terms = res.body.terms as { position: number; term: string }[];
      expect(terms.map((term) => term.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const term of terms) expect(Object.keys(term).sort()).toEqual(['position', 'term']);
      const all = terms.map((term) => ({
        position: term.position,
        rating: term.position % 2 === 0 ? 3 : term.position % 3,
      }));
      for (const answers of [
        all.slice(1),
        [...all, all[0]],
        [...all, { position: 10, rating: 4 }],
        all.map((a) => ({ ...a, rating: 5 })),
        all.map((a) => ({ position: a.position, known: true })),
      ]) {
        const bad = await candidate
          .put('/api/attempts/current/checklist')
          .send({ answers })
          .expect(400);
        expect(codeOf(bad)).toBe('VALIDATION_FAILED');
      }
      const done = await candidate
        .put('/api/attempts/current/checklist')
        .send({ answers: all })
        .expect(200);
      expect(done.body.phase).toBe('quiz');
      const stored = await sql<{ position: number; rating: number }>(
        t,
        'SELECT position, rating FROM attempt_checklist WHERE attempt_id = $1 ORDER BY position',
        [attemptId],
      );
      expect(stored).toEqual(all.map((a) => ({ position: a.position, rating: a.rating })));
    });

    it('serves the same pending item on every reload, counting its exposure once', async () => {
      const first = await next(candidate);
      expect(first).toMatchObject({ status: 'item', seq: 1, skill: { id: 'llm-nlp' } });
      expect(first.options).toHaveLength(4);
      const [served] = await sql<{ item_id: string; exposure_count: string }>(
        t,
        `SELECT r.item_id, i.exposure_count FROM attempt_responses r JOIN items i ON i.id = r.item_id
          WHERE r.attempt_id = $1 AND r.seq = 1`,
        [attemptId],
      );
      const again = await next(candidate);
      expect(withoutClock(again)).toEqual(withoutClock(first));
      const [after] = await sql<{ exposure_count: string }>(
        t,
        'SELECT exposure_count FROM items WHERE id = $1',
        [served!.item_id],
      );
      expect(after!.exposure_count).toBe(served!.exposure_count);
      // The options shown are the item's options in the stored per-attempt order.
      const [item] = await sql<{ options: string[]; option_order: number[] }>(
        t,
        `SELECT i.options, r.option_order FROM attempt_responses r JOIN items i ON i.id = r.item_id
          WHERE r.attempt_id = $1 AND r.seq = 1`,
        [attemptId],
      );
      expect(first.options).toEqual(item!.option_order.map((i) => item!.options[i]));
    });

    it('records an answer once: a retry is the same reply, another choice 409, another seq 409', async () => {
      const bad = await candidate
        .post('/api/attempts/current/answer')
        .send({ seq: 2, choice: 0 })
        .expect(409);
      expect(codeOf(bad)).toBe('ANSWER_OUT_OF_ORDER');
      for (const body of [
        { seq: 0, choice: 1 },
        { seq: 1, choice: 4 },
        { seq: 1 },
        { seq: '1', choice: 1 },
      ]) {
        const invalid = await candidate.post('/api/attempts/current/answer').send(body).expect(400);
        expect(codeOf(invalid)).toBe('VALIDATION_FAILED');
      }
      const key = await keyPosition(t, attemptId, 1);
      const ok = await candidate
        .post('/api/attempts/current/answer')
        .send({ seq: 1, choice: key })
        .expect(200);
      expect(ok.body).toEqual({ seq: 1, recorded: true, finished: false });
      const retry = await candidate
        .post('/api/attempts/current/answer')
        .send({ seq: 1, choice: key })
        .expect(200);
      expect(retry.body).toEqual(ok.body);
      const changed = await candidate
        .post('/api/attempts/current/answer')
        .send({ seq: 1, choice: (key + 1) % 4 })
        .expect(409);
      expect(codeOf(changed)).toBe('ANSWER_ALREADY_RECORDED');
      const [row] = await sql<{ correct: boolean; choice: number; response_ms: number }>(
        t,
        'SELECT correct, choice, response_ms FROM attempt_responses WHERE attempt_id = $1 AND seq = 1',
        [attemptId],
      );
      expect(row).toMatchObject({ correct: true, choice: key });
      expect(row!.response_ms).toBeGreaterThanOrEqual(0);
    });

    it('stores one response when the same answer arrives twice at once', async () => {
      const item = await next(candidate);
      expect(item.seq).toBe(2);
      const key = await keyPosition(t, attemptId, 2);
      const wrong = (key + 1) % 4;
      const [x, y] = await Promise.all([
        candidate.post('/api/attempts/current/answer').send({ seq: 2, choice: wrong }),
        candidate.post('/api/attempts/current/answer').send({ seq: 2, choice: wrong }),
      ]);
      expect([x.status, y.status]).toEqual([200, 200]);
      expect(x.body).toEqual(y.body);
      const rows = await sql<{ seq: number; correct: boolean }>(
        t,
        `SELECT seq, correct FROM attempt_responses
          WHERE attempt_id = $1 AND answered_at IS NOT NULL ORDER BY seq`,
        [attemptId],
      );
      expect(rows).toEqual([
        { seq: 1, correct: true },
        { seq: 2, correct: false },
      ]);
    });

    it('serves two requests for the next item at once as one item', async () => {
      const [x, y] = await Promise.all([
        candidate.post('/api/attempts/current/next'),
        candidate.post('/api/attempts/current/next'),
      ]);
      expect(withoutClock(x.body as ServedItem)).toEqual(withoutClock(y.body as ServedItem));
      const [row] = await sql<{ n: number }>(
        t,
        'SELECT count(*)::int AS n FROM attempt_responses WHERE attempt_id = $1 AND answered_at IS NULL',
        [attemptId],
      );
      expect(row!.n).toBe(1);
    });

    it('takes page signals (204) and refuses unknown ones (400)', async () => {
      await candidate
        .post('/api/attempts/current/events')
        .send({ kind: 'focus_lost', seq: 3 })
        .expect(204);
      await candidate.post('/api/attempts/current/events').send({ kind: 'paste' }).expect(204);
      await candidate
        .post('/api/attempts/current/events')
        .send({ kind: 'focus_returned' })
        .expect(204);
      for (const body of [{ kind: 'screenshot' }, { kind: 'paste', seq: 0 }, {}]) {
        const res = await candidate.post('/api/attempts/current/events').send(body).expect(400);
        expect(codeOf(res)).toBe('VALIDATION_FAILED');
      }
    });

    it('refuses a cross-site request even with the cookie', async () => {
      const res = await t.http
        .post('/api/attempts/current/finish')
        .set('Cookie', candidate.cookie)
        .set('Origin', 'https://evil.example')
        .expect(403);
      expect(codeOf(res)).toBe('CSRF_REJECTED');
    });

    it('shows staff no results while the attempt is live', async () => {
      const res = await asRecruiter
        .get(`/api/applications/${applicationId}/assessment`)
        .expect(200);
      expect(res.body).toMatchObject({
        applicationId,
        attempt: { id: attemptId, phase: 'quiz', finishedAt: null, timeMultiplier: 1.5 },
        skills: [],
        checklist: null,
        integrity: null,
        fitScore: null,
      });
    });

    it('finishes early: every skill gets a result, the application moves to assessed', async () => {
      const res = await candidate.post('/api/attempts/current/finish').expect(200);
      expect(res.body).toMatchObject({
        phase: 'finished',
        progress: { answered: 2, skillIndex: 2 },
      });
      expect(res.body.finishedAt).not.toBeNull();
      const results = await sql<{ skill_id: string; stop_reason: string; items_used: number }>(
        t,
        'SELECT skill_id, stop_reason, items_used FROM attempt_skill_results WHERE attempt_id = $1 ORDER BY skill_id',
        [attemptId],
      );
      expect(results).toEqual([
        { skill_id: 'llm-nlp', stop_reason: 'finished_early', items_used: 2 },
        { skill_id: 'python', stop_reason: 'finished_early', items_used: 0 },
      ]);
      const [attempt] = await sql<{ phase: string; finish_reason: string }>(
        t,
        'SELECT phase, finish_reason FROM attempts WHERE id = $1',
        [attemptId],
      );
      expect(attempt).toEqual({ phase: 'finished', finish_reason: 'finished' });
      const history = await sql<{
        from_stage: string;
        to_stage: string;
        reason: string;
        actor_id: string | null;
      }>(
        t,
        `SELECT from_stage, to_stage, reason, actor_id FROM application_stage_history
          WHERE application_id = $1 ORDER BY id DESC LIMIT 1`,
        [applicationId],
      );
      expect(history).toEqual([
        {
          from_stage: 'applied',
          to_stage: 'assessed',
          reason: 'assessment finished',
          actor_id: null,
        },
      ]);
      const events = await sql<{ action: string }>(
        t,
        `SELECT action FROM audit_events WHERE (subject_id = $1 OR subject_id = $2)
           AND action IN ('attempt.finished', 'application.stage_changed', 'attempt.consented') ORDER BY id`,
        [attemptId, applicationId],
      );
      expect(events.map((e) => e.action)).toEqual([
        'attempt.consented',
        'application.stage_changed',
        'attempt.finished',
      ]);
    });

    it('after the end: the view still reads, next says finished, changes are refused', async () => {
      const view = await candidate.get('/api/attempts/current').expect(200);
      expect(view.body.phase).toBe('finished');
      expect(view.body.notice.text.length).toBeGreaterThan(100);
      const again = await candidate.post('/api/attempts/current/finish').expect(200);
      expect(again.body.finishedAt).toBe(view.body.finishedAt);
      expect((await candidate.post('/api/attempts/current/next').expect(200)).body).toEqual({
        status: 'finished',
      });
      const answer = await candidate
        .post('/api/attempts/current/answer')
        .send({ seq: 3, choice: 0 })
        .expect(409);
      expect(codeOf(answer)).toBe('ATTEMPT_WRONG_PHASE');
      const event = await candidate
        .post('/api/attempts/current/events')
        .send({ kind: 'paste' })
        .expect(409);
      expect(codeOf(event)).toBe('ATTEMPT_WRONG_PHASE');
      // The answered item's retry still gets its reply.
      await candidate
        .post('/api/attempts/current/answer')
        .send({ seq: 2, choice: ((await keyPosition(t, attemptId, 2)) + 1) % 4 })
        .expect(200);
    });

    it('gives the hiring team the results, and hides them from other managers and the candidate', async () => {
      const res = await asManager.get(`/api/applications/${applicationId}/assessment`).expect(200);
      const body = res.body as AssessmentResultsDto;
      expect(body.attempt).toMatchObject({
        id: attemptId,
        phase: 'finished',
        finishReason: 'finished',
      });
      expect(body.skills.map((s: { skill: string }) => s.skill)).toEqual(['llm-nlp', 'python']);
      const [llm, python] = body.skills;
      expect(llm).toMatchObject({ claimed: 1, itemsUsed: 2, stopReason: 'finished_early' });
      expect(llm!.interval95[0]).toBeLessThan(llm!.theta);
      expect(llm!.interval95[1]).toBeGreaterThan(llm!.theta);
      expect(python).toMatchObject({ claimed: 4, itemsUsed: 0, verdict: 'insufficient_evidence' });
      expect(body.checklist).toMatchObject({
        hits: expect.any(Number),
        falseAlarms: expect.any(Number),
      });
      const checklist = body.checklist!;
      // Even positions rated 3, position 5 rated 2: six terms claimed.
      expect(checklist.hits + checklist.falseAlarms).toBe(6);
      expect(checklist.foilsClaimed).toHaveLength(checklist.falseAlarms);
      expect(body.integrity).toMatchObject({
        answered: 2,
        focusLost: 1,
        pastes: 1,
        note: 'Signals are for human review, not verdicts',
      });
      expect(body.integrity!.flagged).toEqual(expect.arrayContaining(['focus_lost', 'paste']));
      expect(body.fitScore!.incomplete).toBe(true);
      expect(body.settings).toMatchObject({ itemCap: 6, seTarget: 0.4 });
      await asRecruiter.get(`/api/applications/${applicationId}/assessment`).expect(200);
      const hidden = await asOtherManager
        .get(`/api/applications/${applicationId}/assessment`)
        .expect(404);
      expect(codeOf(hidden)).toBe('APPLICATION_NOT_FOUND');
      const asCandidate = await candidate.get(`/api/applications/${applicationId}/assessment`);
      expect(asCandidate.status).toBe(401);
    });

    it('exports what the candidate gave, without keys or scoring', async () => {
      const res = await candidate.get('/api/attempts/current/export').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.body as AttemptExportDto;
      expect(body.attempt).toMatchObject({
        phase: 'finished',
        timeMultiplier: 1.5,
        finishReason: 'finished',
      });
      expect(
        body.selfRatings.map((r: { skill: string; level: number }) => [r.skill, r.level]),
      ).toEqual([
        ['llm-nlp', 1],
        ['python', 4],
      ]);
      expect(body.checklist).toHaveLength(10);
      expect(body.responses.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3]);
      expect(body.responses[0]!.chosenOption).toEqual(expect.any(String));
      expect(body.responses[2]).toMatchObject({ choice: null, chosenOption: null });
      expect(body.events.map((e: { kind: string }) => e.kind)).toEqual([
        'focus_lost',
        'paste',
        'focus_returned',
      ]);
      const text = JSON.stringify(body);
      for (const word of [
        'correct',
        'isFoil',
        'is_foil',
        'theta',
        'verdict',
        'answer_key',
        'rationale',
      ]) {
        expect(text).not.toContain(word);
      }
    });
  });

  it('after the deadline: an answer is refused (409), the attempt is finalised and the application assessed', async () => {
    const { applicationId, candidate } = await newAttempt(1, ['screening']);
    const attemptId = await attemptIdOf(t, applicationId);
    await throughToQuiz(candidate, { level: () => 3 });
    const item = await next(candidate);
    await sql(t, `UPDATE attempts SET deadline_at = now() - interval '1 second' WHERE id = $1`, [
      attemptId,
    ]);
    const res = await candidate
      .post('/api/attempts/current/answer')
      .send({ seq: item.seq, choice: 0 })
      .expect(409);
    expect(codeOf(res)).toBe('ATTEMPT_DEADLINE_PASSED');
    const [attempt] = await sql<{ phase: string; finish_reason: string; answered: number }>(
      t,
      `SELECT phase, finish_reason,
              (SELECT count(*)::int FROM attempt_responses WHERE attempt_id = a.id AND answered_at IS NOT NULL) AS answered
         FROM attempts a WHERE id = $1`,
      [attemptId],
    );
    expect(attempt).toEqual({ phase: 'finished', finish_reason: 'deadline', answered: 0 });
    const reasons = await sql<{ stop_reason: string }>(
      t,
      'SELECT stop_reason FROM attempt_skill_results WHERE attempt_id = $1',
      [attemptId],
    );
    expect(reasons.map((r) => r.stop_reason)).toEqual(['time', 'time']);
    const [application] = await sql<{ stage: string }>(
      t,
      'SELECT stage FROM applications WHERE id = $1',
      [applicationId],
    );
    expect(application!.stage).toBe('assessed');
    const again = await candidate
      .post('/api/attempts/current/answer')
      .send({ seq: item.seq, choice: 0 })
      .expect(409);
    expect(codeOf(again)).toBe('ATTEMPT_DEADLINE_PASSED');
  });

  it('the sweeper finalises attempts whose candidate left after the deadline, and leaves later stages alone', async () => {
    const left = await newAttempt(1, ['screening', 'shortlisted']);
    await throughToQuiz(left.candidate);
    const leftId = await attemptIdOf(t, left.applicationId);
    const live = await newAttempt();
    await throughToQuiz(live.candidate);
    const liveId = await attemptIdOf(t, live.applicationId);
    await sql(t, `UPDATE attempts SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [
      leftId,
    ]);
    const sweeper = t.app.get(DeadlineSweeper);
    expect(await sweeper.sweepOnce()).toBe(1);
    expect(await sweeper.sweepOnce()).toBe(0);
    const rows = await sql<{ id: string; phase: string; stage: string }>(
      t,
      `SELECT a.id, a.phase, ap.stage FROM attempts a JOIN applications ap ON ap.id = a.application_id
        WHERE a.id = ANY($1::uuid[]) ORDER BY a.created_at`,
      [[leftId, liveId]],
    );
    expect(rows).toEqual([
      { id: leftId, phase: 'finished', stage: 'shortlisted' },
      { id: liveId, phase: 'quiz', stage: 'applied' },
    ]);
    const [audit] = await sql<{ actor_type: string; details: Record<string, unknown> }>(
      t,
      `SELECT actor_type, details FROM audit_events WHERE action = 'attempt.finished' AND subject_id = $1`,
      [leftId],
    );
    expect(audit).toMatchObject({ actor_type: 'system', details: { reason: 'deadline' } });
  });

  it('drops page signals beyond the cap silently', async () => {
    const { applicationId, candidate } = await newAttempt();
    const attemptId = await attemptIdOf(t, applicationId);
    await sql(
      t,
      `INSERT INTO attempt_events (attempt_id, kind) SELECT $1, 'copy' FROM generate_series(1, 999)`,
      [attemptId],
    );
    await candidate.post('/api/attempts/current/events').send({ kind: 'paste' }).expect(204);
    await candidate.post('/api/attempts/current/events').send({ kind: 'paste' }).expect(204);
    const [row] = await sql<{ n: number }>(
      t,
      'SELECT count(*)::int AS n FROM attempt_events WHERE attempt_id = $1',
      [attemptId],
    );
    expect(row!.n).toBe(1000);
  });

  it('answers 404 ASSESSMENT_NOT_FOUND for an application never invited', async () => {
    const person = await createCandidate(t);
    const applicationId = await createApplication(t, {
      candidateId: person.id,
      requisitionId: requisition,
      actorId: adminId,
    });
    const res = await asRecruiter.get(`/api/applications/${applicationId}/assessment`).expect(404);
    expect(codeOf(res)).toBe('ASSESSMENT_NOT_FOUND');
  });

  it('refuses every candidate route without the attempt cookie: 401', async () => {
    const res = await t.http.get('/api/attempts/current').expect(401);
    expect(codeOf(res)).toBe('ATTEMPT_ACCESS_REQUIRED');
    await t.http
      .post('/api/attempts/current/next')
      .set('Origin', t.origin)
      .set('Cookie', 'sift_attempt=' + 'x'.repeat(43))
      .expect(401);
  });
});
