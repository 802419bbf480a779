import { DataSource } from 'typeorm';
import { Application } from '../src/candidates/application.entity';
import { computeBenchmark, storeBenchmark } from '../src/compensation/offers/benchmark-store';
import { Requisition } from '../src/requisitions/requisition.entity';
import { REPORT_CLOCK, Clock } from '../src/reports/report-clock';
import { rank, RankedEntry } from '../src/reports/shortlist-order';
import { insertInvitation, startAttempt, throughToQuiz } from './factories/attempts';
import { createApplication, createCandidate } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { insertApplications, insertAssessment, SkillOutcome } from './factories/reports';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';
import { sql } from './harness/sql';

interface DecisionBody {
  id: string;
  outcome: string;
  reason: string | null;
  fromStage: string;
  toStage: string;
  decidedBy: { id: string; name: string };
}

interface ShortlistBody {
  order: string[];
  total: number;
  nextCursor: string | null;
  requiredSkills: { skillId: string }[];
  items: {
    rank: number;
    applicationId: string;
    candidateName: string | null;
    stage: string;
    held: boolean;
    appliedAt: string;
    assessedAt: string | null;
    fitScore: number | null;
    overstated: number;
    integrityFlags: number;
    skills: { skillId: string; measured: boolean; probability: number | null }[];
    offer: { words: string } | null;
  }[];
}

const HOSTILE = `<script>alert("x")</script> {{constructor}} O'Brien & "Co" ${'long '.repeat(30)}`;

describe('decisions, reports and the shortlist', () => {
  let t: TestApp;
  let admin: StaffAccount;
  let manager: StaffAccount;
  let asAdmin: SignedIn;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;
  let asOtherManager: SignedIn;
  let asRecruiterManager: SignedIn;
  let requisition: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createStaff(t, ['admin']);
    manager = await createStaff(t, ['hiring_manager'], { displayName: 'Morgan Fixture' });
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, await createStaff(t, ['recruiter']));
    asManager = await signIn(t, manager);
    asOtherManager = await signIn(t, await createStaff(t, ['hiring_manager']));
    asRecruiterManager = await signIn(t, await createStaff(t, ['recruiter', 'hiring_manager']));
    requisition = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
  });
  afterAll(() => t.close());

  async function application(stages: Parameters<typeof createApplication>[1]['stages'] = []) {
    const candidate = await createCandidate(t);
    return createApplication(t, {
      candidateId: candidate.id,
      requisitionId: requisition,
      actorId: admin.id,
      stages,
    });
  }

  const decide = (client: SignedIn, body: object) => client.post('/api/decisions').send(body);
  const stageOf = async (id: string) =>
    (await sql<{ stage: string }>(t, 'SELECT stage FROM applications WHERE id = $1', [id]))[0]!
      .stage;

  describe('decisions', () => {
    it('advance moves to the next stage, with the history row and both audit events', async () => {
      const id = await application();
      const res = await decide(asManager, {
        applicationId: id,
        outcome: 'advance',
        reason: '  Strong CV  ',
      }).expect(201);
      const body = res.body as DecisionBody;
      expect(body).toMatchObject({
        outcome: 'advance',
        reason: 'Strong CV',
        fromStage: 'applied',
        toStage: 'screening',
        decidedBy: { id: manager.id, name: 'Morgan Fixture' },
      });
      expect(await stageOf(id)).toBe('screening');
      const history = await sql<{ to_stage: string; reason: string; actor_id: string }>(
        t,
        'SELECT to_stage, reason, actor_id FROM application_stage_history WHERE application_id = $1 ORDER BY id',
        [id],
      );
      expect(history.at(-1)).toEqual({
        to_stage: 'screening',
        reason: 'Strong CV',
        actor_id: manager.id,
      });
      const audit = await sql<{ action: string; details: Record<string, unknown> }>(
        t,
        `SELECT action, details FROM audit_events WHERE subject_id = $1
          AND action IN ('decision.recorded', 'application.stage_changed') ORDER BY id`,
        [id],
      );
      expect(audit.map((a) => a.action)).toEqual([
        'application.stage_changed',
        'decision.recorded',
      ]);
      expect(audit[1]!.details).toEqual({
        decisionId: body.id,
        outcome: 'advance',
        from: 'applied',
        to: 'screening',
      });
      const list = await asRecruiter.get(`/api/decisions?applicationId=${id}`).expect(200);
      expect(list.body).toEqual({ items: [body], nextCursor: null });
    });

    it('advance from offer hires', async () => {
      const id = await application(['screening', 'assessed', 'shortlisted', 'offer']);
      await decide(asAdmin, { applicationId: id, outcome: 'advance', reason: 'Accepted' }).expect(
        201,
      );
      expect(await stageOf(id)).toBe('hired');
    });

    it('hold keeps the stage and marks the application held until it moves', async () => {
      const id = await application(['screening']);
      const held = await decide(asManager, {
        applicationId: id,
        outcome: 'hold',
        reason: 'Waiting for the second interview',
      }).expect(201);
      expect(held.body).toMatchObject({ fromStage: 'screening', toStage: 'screening' });
      expect(await stageOf(id)).toBe('screening');
      const report = async () =>
        (await asManager.get(`/api/reports/applications/${id}`).expect(200)).body as {
          application: { held: boolean };
          decisions: DecisionBody[];
        };
      expect((await report()).application.held).toBe(true);
      // A stage move by a recruiter ends the hold.
      await asRecruiter.post(`/api/applications/${id}/stage`).send({ to: 'assessed' }).expect(200);
      expect((await report()).application.held).toBe(false);
      // So does a later decision.
      await decide(asManager, { applicationId: id, outcome: 'hold', reason: 'Again' }).expect(201);
      expect((await report()).application.held).toBe(true);
      await decide(asManager, { applicationId: id, outcome: 'advance', reason: 'Go' }).expect(201);
      const after = await report();
      expect(after.application.held).toBe(false);
      expect(after.decisions.map((d) => d.outcome)).toEqual(['hold', 'hold', 'advance']);
    });

    it('reject moves to rejected; the stage keeps 1000 characters of a longer reason', async () => {
      const id = await application(['screening', 'assessed']);
      const reason = `${'r'.repeat(1500)}end`;
      const res = await decide(asManager, { applicationId: id, outcome: 'reject', reason }).expect(
        201,
      );
      expect((res.body as DecisionBody).reason).toBe(reason);
      const [row] = await sql<{ stage: string; rejection_reason: string }>(
        t,
        'SELECT stage, rejection_reason FROM applications WHERE id = $1',
        [id],
      );
      expect(row!.stage).toBe('rejected');
      expect(row!.rejection_reason).toBe(`${'r'.repeat(999)}…`);
    });

    it.each(['advance', 'hold', 'reject'])(
      'refuses to %s a final application (409) and records nothing',
      async (outcome) => {
        const rejected = await application(['rejected']);
        const res = await decide(asManager, {
          applicationId: rejected,
          outcome,
          reason: 'x',
        }).expect(409);
        expect(res.body).toMatchObject({ code: 'DECISION_FINAL_STAGE' });
        const rows = await sql(t, 'SELECT 1 FROM decisions WHERE application_id = $1', [rejected]);
        expect(rows).toHaveLength(0);
      },
    );

    it('lets only the hiring team and admins decide', async () => {
      const id = await application();
      const body = { applicationId: id, outcome: 'hold', reason: 'x' };
      expect((await decide(asRecruiter, body).expect(403)).body).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect((await decide(asOtherManager, body).expect(404)).body).toMatchObject({
        code: 'APPLICATION_NOT_FOUND',
      });
      expect((await decide(asRecruiterManager, body).expect(403)).body).toMatchObject({
        code: 'DECISION_NOT_ON_TEAM',
      });
      await asOtherManager.get(`/api/decisions?applicationId=${id}`).expect(404);
      await t.http.post('/api/decisions').send(body).expect(401);
      await decide(asAdmin, body).expect(201);
      const rows = await sql(t, 'SELECT 1 FROM decisions WHERE application_id = $1', [id]);
      expect(rows).toHaveLength(1);
    });

    it.each<[string, object, string]>([
      ['no reason', { outcome: 'hold' }, 'reason'],
      ['a blank reason', { outcome: 'hold', reason: '   ' }, 'reason'],
      ['a reason over 2000 characters', { outcome: 'hold', reason: 'x'.repeat(2001) }, 'reason'],
      ['an unknown outcome', { outcome: 'promote', reason: 'x' }, 'outcome'],
      ['an unknown field', { outcome: 'hold', reason: 'x', stage: 'offer' }, 'stage'],
    ])('refuses %s (400)', async (_name, body, field) => {
      const id = await application();
      const res = await decide(asManager, { applicationId: id, ...body }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((res.body as { details: { field: string }[] }).details.map((d) => d.field)).toContain(
        field,
      );
    });

    it('refuses malformed ids and lists (400)', async () => {
      await decide(asManager, { applicationId: 'nope', outcome: 'hold', reason: 'x' }).expect(400);
      await asManager.get('/api/decisions').expect(400);
      const id = await application();
      await asManager.get(`/api/decisions?applicationId=${id}&cursor=abc`).expect(400);
    });

    it('queues concurrent decisions on one application under its lock', async () => {
      const id = await application();
      const results = await Promise.all(
        [1, 2, 3].map((n) =>
          decide(asManager, { applicationId: id, outcome: 'advance', reason: `step ${n}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(await stageOf(id)).toBe('shortlisted');
      const page1 = await asManager.get(`/api/decisions?applicationId=${id}&limit=2`).expect(200);
      const page2 = await asManager
        .get(`/api/decisions?applicationId=${id}&limit=2&cursor=${page1.body.nextCursor}`)
        .expect(200);
      const all = [...page1.body.items, ...page2.body.items] as DecisionBody[];
      expect(page2.body.nextCursor).toBeNull();
      expect(all.map((d) => `${d.fromStage}->${d.toStage}`)).toEqual([
        'applied->screening',
        'screening->assessed',
        'assessed->shortlisted',
      ]);
    });

    it('keeps decisions append-only; erasure empties their reasons', async () => {
      const candidate = await createCandidate(t);
      const id = await createApplication(t, {
        candidateId: candidate.id,
        requisitionId: requisition,
        actorId: admin.id,
      });
      await decide(asManager, { applicationId: id, outcome: 'hold', reason: 'Personal note' });
      await expect(
        sql(t, `UPDATE decisions SET outcome = 'advance' WHERE application_id = $1`, [id]),
      ).rejects.toThrow(/append-only/);
      await expect(sql(t, 'DELETE FROM decisions WHERE application_id = $1', [id])).rejects.toThrow(
        /append-only/,
      );
      await asAdmin.post(`/api/candidates/${candidate.id}/erase`).expect(200);
      const list = await asManager.get(`/api/decisions?applicationId=${id}`).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ outcome: 'hold', reason: null })]);
      const html = await asManager.get(`/reports/applications/${id}`).expect(200);
      expect(html.text).toContain('Erased candidate');
      expect(html.text).not.toContain('Personal note');
      // Nor can a decision be added now.
      await decide(asManager, { applicationId: id, outcome: 'hold', reason: 'x' }).expect(409);
    });
  });

  describe('the candidate report', () => {
    const FIXED = {
      requisition: '7e1d0000-0000-4000-8000-000000000001',
      candidate: '7e1d0000-0000-4000-8000-000000000002',
      application: '7e1d0000-0000-4000-8000-000000000003',
      offer: '7e1d0000-0000-4000-8000-000000000004',
    };

    beforeAll(async () => {
      await sql(
        t,
        `INSERT INTO requisitions (id, title, role_family_id, level, country, city, remote_policy, headcount,
                                   budget_currency, budget_min, budget_max, budget_pay_basis, status, created_by)
         VALUES ($1, 'AI Engineer, Fixture Team', 'ai-engineer', 'mid', 'US', 'Austin', 'hybrid', 1,
                 'USD', 10000000, 13000000, 'base', 'open', $2)`,
        [FIXED.requisition, admin.id],
      );
      await sql(
        t,
        `INSERT INTO requisition_skills (requisition_id, skill_id, weight, min_level) VALUES
           ($1, 'python', 40, 3), ($1, 'llm-nlp', 35, 4), ($1, 'mlops-deployment', 25, 2)`,
        [FIXED.requisition],
      );
      await sql(t, 'INSERT INTO requisition_team (requisition_id, user_id) VALUES ($1, $2)', [
        FIXED.requisition,
        manager.id,
      ]);
      await sql(
        t,
        `INSERT INTO candidates (id, full_name, email, location) VALUES ($1, 'Dana Fixture', 'dana.fixture@example.com', 'Austin, US')`,
        [FIXED.candidate],
      );
      await sql(
        t,
        `INSERT INTO applications (id, candidate_id, requisition_id, stage, expected_salary_amount,
                                   expected_salary_currency, expected_salary_pay_basis, created_at, updated_at)
         VALUES ($1, $2, $3, 'assessed', 12000000, 'USD', 'base', '2026-01-05T09:30:00Z', '2026-01-20T16:45:00Z')`,
        [FIXED.application, FIXED.candidate, FIXED.requisition],
      );
      const foils = await sql<{ id: string }>(
        t,
        `SELECT id FROM checklist_terms WHERE is_foil AND status = 'active' ORDER BY term LIMIT 2`,
      );
      await insertAssessment(t, {
        applicationId: FIXED.application,
        requisitionId: FIXED.requisition,
        createdBy: admin.id,
        finishedAt: '2026-01-12T14:00:00Z',
        required: [
          { skill: 'python', weight: 40, minimumLevel: 3 },
          { skill: 'llm-nlp', weight: 35, minimumLevel: 4 },
          { skill: 'mlops-deployment', weight: 25, minimumLevel: 2 },
        ],
        skills: [
          {
            skill: 'python',
            name: 'Python',
            claimed: 5,
            theta: 0.35,
            se: 0.41,
            verdict: 'overstated',
            itemsUsed: 9,
            pBelowClaimed: 0.9973,
            pAboveNext: null,
          },
          {
            skill: 'llm-nlp',
            name: 'LLMs and NLP',
            claimed: 3,
            theta: 1.2,
            se: 0.38,
            verdict: 'understated',
            itemsUsed: 8,
            pBelowClaimed: 0.0008,
            pAboveNext: 0.96,
          },
        ],
        checklist: { realTerms: 16, hits: 11, foils: 4, falseAlarms: 2 },
        foilsClaimed: foils.map((f) => f.id),
        integrityFlags: ['foils_claimed', 'person_fit:python', 'focus_lost'],
      });
      await sql(
        t,
        `INSERT INTO offers (id, application_id, status, pay_basis, currency, base_amount, offer_date, created_by, created_at)
         VALUES ($1, $2, 'draft', 'base', 'USD', 11500000, '2026-01-15', $3, '2026-01-15T10:00:00Z')`,
        [FIXED.offer, FIXED.application, admin.id],
      );
      const em = t.app.get(DataSource).manager;
      const result = await computeBenchmark(em, {
        application: await em.findOneByOrFail(Application, { id: FIXED.application }),
        requisition: await em.findOneByOrFail(Requisition, { id: FIXED.requisition }),
        payBasis: 'base',
        terms: {
          currency: 'USD',
          base: 11500000,
          bonusTarget: 0,
          equityPerYear: 0,
          offerDate: '2026-01-15',
        },
      });
      await storeBenchmark(em, FIXED.offer, result, admin.id);
      await sql(
        t,
        `INSERT INTO decisions (application_id, decided_by, outcome, reason, from_stage, to_stage, created_at) VALUES
           ($1, $2, 'advance', 'Screening call went well', 'screening', 'assessed', '2026-01-10T08:00:00Z'),
           ($1, $2, 'hold', 'Python claim looks high: ask about it in the interview', 'assessed', 'assessed', '2026-01-18T11:20:00Z')`,
        [FIXED.application, manager.id],
      );
    });

    function fixClock(iso: string) {
      jest.spyOn(t.app.get<Clock>(REPORT_CLOCK), 'now').mockReturnValue(new Date(iso));
    }
    afterEach(() => jest.restoreAllMocks());

    it('renders a fixed report the same every time (HTML snapshot)', async () => {
      fixClock('2026-02-01T10:00:00Z');
      const res = await asManager.get(`/reports/applications/${FIXED.application}`).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toMatchSnapshot();
    });

    it('says the same in JSON: verdicts in words, the band position, the decisions', async () => {
      fixClock('2026-02-01T10:00:00Z');
      const res = await asRecruiter
        .get(`/api/reports/applications/${FIXED.application}`)
        .expect(200);
      const body = res.body as {
        generatedAt: string;
        application: { held: boolean; stage: string };
        assessment: {
          fitScore: { score: number; incomplete: boolean; skills: { assessed: boolean }[] };
          skills: { words: string }[];
          checklist: { foilsClaimed: string[]; falseAlarms: number };
          integrity: { note: string; flagged: string[] };
        };
        offer: { benchmark: { position: { words: string }; converted: unknown } };
        decisions: DecisionBody[];
      };
      expect(body.generatedAt).toBe('2026-02-01T10:00:00.000Z');
      expect(body.application).toMatchObject({ stage: 'assessed', held: true });
      expect(body.assessment.skills.map((s) => s.words)).toEqual([
        'claims expert; the evidence says working level; over 99% sure the claim is too high',
        'claims working; the evidence says advanced level; 96% sure the skill is above the claim',
      ]);
      expect(body.assessment.fitScore.incomplete).toBe(true);
      expect(body.assessment.fitScore.skills.map((s) => s.assessed)).toEqual([true, true, false]);
      expect(body.assessment.checklist.foilsClaimed).toHaveLength(2);
      expect(body.assessment.integrity.note).toBe('Signals are for human review, not verdicts');
      expect(body.offer.benchmark.converted).toEqual({ amount: 11500000, currency: 'USD' });
      expect(body.offer.benchmark.position.words).toMatch(/^at the [\d.]+th percentile$/);
      expect(body.decisions.map((d) => d.outcome)).toEqual(['advance', 'hold']);
    });

    it('opens to the team, recruiters and admins; 404 to other managers; never to candidates', async () => {
      const json = `/api/reports/applications/${FIXED.application}`;
      const page = `/reports/applications/${FIXED.application}`;
      for (const client of [asManager, asRecruiter, asAdmin]) {
        await client.get(json).expect(200);
        await client.get(page).expect(200);
      }
      for (const path of [json, page]) {
        expect((await asOtherManager.get(path).expect(404)).body).toMatchObject({
          code: 'APPLICATION_NOT_FOUND',
        });
        await t.http.get(path).expect(401);
      }
      // A candidate's attempt cookie, on their own application, is not a staff credential.
      const invitation = await insertInvitation(t, {
        applicationId: FIXED.application,
        createdBy: admin.id,
      });
      const candidate = await startAttempt(t, invitation.token);
      await candidate.get(page).expect(401);
      await candidate.get(json).expect(401);
      await candidate.get(`/reports/requisitions/${FIXED.requisition}/shortlist`).expect(401);
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      await asAdmin.get('/api/reports/applications/not-a-uuid').expect(400);
      await asAdmin.get('/reports/applications/not-a-uuid').expect(400);
      await asAdmin
        .get('/api/reports/applications/7e1d0000-0000-4000-8000-00000000ffff')
        .expect(404);
    });

    it('reports an application with no assessment, offer or decision', async () => {
      const id = await application();
      const res = await asManager.get(`/reports/applications/${id}`).expect(200);
      expect(res.text).toContain('the candidate has not been assessed');
      expect(res.text).toContain('No offer.');
      expect(res.text).toContain('No decision yet.');
      const json = await asManager.get(`/api/reports/applications/${id}`).expect(200);
      expect(json.body).toMatchObject({ assessment: null, offer: null, decisions: [] });
    });
  });

  describe('hostile text', () => {
    it('is escaped in every template: layout, report, charts, shortlist', async () => {
      const hostileRequisition = await insertRequisition(t, {
        createdBy: admin.id,
        team: [manager.id],
        title: HOSTILE.slice(0, 200),
      });
      const candidate = await createCandidate(t, { fullName: HOSTILE.slice(0, 200) });
      const id = await createApplication(t, {
        candidateId: candidate.id,
        requisitionId: hostileRequisition,
        actorId: admin.id,
      });
      // A foil with a hostile term: a copy of a shipped foil with the term replaced.
      const [term] = await sql<{ id: string }>(
        t,
        `INSERT INTO checklist_terms
         SELECT (jsonb_populate_record(c, jsonb_build_object('id', gen_random_uuid(),
                   'ref', c.ref || '-hostile', 'term', $1::text))).*
           FROM checklist_terms c WHERE c.is_foil ORDER BY c.ref LIMIT 1
         RETURNING id`,
        [HOSTILE.slice(0, 100)],
      );
      await insertAssessment(t, {
        applicationId: id,
        requisitionId: hostileRequisition,
        createdBy: admin.id,
        skills: [
          {
            skill: 'python',
            name: HOSTILE,
            claimed: 4,
            theta: 0.2,
            se: 0.5,
            verdict: 'overstated',
            pBelowClaimed: 0.96,
          } satisfies SkillOutcome,
        ],
        foilsClaimed: [term!.id],
        integrityFlags: ['person_fit:python'],
      });
      await decide(asManager, { applicationId: id, outcome: 'hold', reason: HOSTILE }).expect(201);
      const pages = [
        (await asManager.get(`/reports/applications/${id}`).expect(200)).text,
        (await asManager.get(`/reports/requisitions/${hostileRequisition}/shortlist`).expect(200))
          .text,
      ];
      for (const html of pages) {
        expect(html).not.toContain('<script>');
        expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
        expect(html).toContain('{{constructor}}');
        expect(html).toContain('O&#x27;Brien &amp; &quot;Co&quot;');
        // Only the pages' own markup opens tags: no text was read as HTML or as a template.
        expect(html).not.toMatch(/<[^a-z/!]/i);
      }
      // The skill name went through the chart's <text> and <desc>; the long reason into the table.
      expect(pages[0]).toContain(`${'long '.repeat(30).trim()}`);
      expect(pages[0]).toContain('<span class="term">&lt;script&gt;');
    });
  });

  describe('the shortlist', () => {
    const skill = (
      id: string,
      theta: number,
      verdict: SkillOutcome['verdict'] = 'consistent',
    ): SkillOutcome => ({ skill: id, claimed: 3, theta, se: 0.4, verdict });
    /** Gives application `n` of `ids` a finished assessment: one skill, finished 10 January. */
    const seeder =
      (req: string, ids: string[]) =>
      (
        n: number,
        fitScore: number | null,
        extra: Partial<Parameters<typeof insertAssessment>[1]> = {},
      ) =>
        insertAssessment(t, {
          applicationId: ids[n]!,
          requisitionId: req,
          createdBy: admin.id,
          skills: [skill('python', 0.5)],
          fitScore,
          finishedAt: '2026-01-10T10:00:00Z',
          ...extra,
        });

    it('ranks crafted candidates in the stated order, ties included', async () => {
      const req = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
      const ids = await insertApplications(t, req, 7, { namePrefix: 'Rank' });
      const seed = seeder(req, ids);
      // 0: top score. 1 and 2 tie on score; 2 has an overstated skill. 3 ties 1 on score and
      // overstated but has an integrity flag. 4 ties 1 fully but finished later. 5 has no
      // assessment. 6 ties 1 in everything but applied later.
      await seed(0, 90);
      await seed(1, 70);
      await seed(2, 70, { skills: [skill('python', -1, 'overstated')] });
      await seed(3, 70, { integrityFlags: ['focus_lost'] });
      await seed(4, 70, { finishedAt: '2026-01-11T10:00:00Z' });
      await seed(6, 70);
      const res = await asManager.get(`/api/requisitions/${req}/shortlist`).expect(200);
      const body = res.body as ShortlistBody;
      expect(body.order).toHaveLength(6);
      expect(body.items.map((i) => ids.indexOf(i.applicationId))).toEqual([0, 1, 6, 4, 3, 2, 5]);
      expect(body.items.map((i) => i.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(body.items[5]).toMatchObject({ overstated: 1, integrityFlags: 0 });
      expect(body.items[6]).toMatchObject({ fitScore: null });
      const python = body.requiredSkills.findIndex((s) => s.skillId === 'python');
      expect(body.items[0]!.skills[python]).toMatchObject({ measured: true });
      expect(body.items[0]!.skills.filter((s) => s.measured)).toHaveLength(1);

      // Filters and sorts.
      const get = async (query: string) =>
        (
          (await asManager.get(`/api/requisitions/${req}/shortlist?${query}`).expect(200))
            .body as ShortlistBody
        ).items.map((i) => ids.indexOf(i.applicationId));
      expect(await get('flag=overstated')).toEqual([2]);
      expect(await get('flag=integrity')).toEqual([3]);
      expect(await get('sort=applied')).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(await get('sort=overstated&limit=2')).toEqual([2, 0]);
      await decide(asManager, { applicationId: ids[4]!, outcome: 'hold', reason: 'wait' }).expect(
        201,
      );
      expect(await get('flag=held')).toEqual([4]);
      expect(await get('stage=assessed&flag=held')).toEqual([4]);
      expect(await get('stage=offer')).toEqual([]);

      // Pages of 3 walk the same order.
      const walked: number[] = [];
      let cursor = '';
      for (let i = 0; i < 5; i++) {
        const page = (
          await asManager
            .get(`/api/requisitions/${req}/shortlist?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
            .expect(200)
        ).body as ShortlistBody;
        walked.push(...page.items.map((item) => ids.indexOf(item.applicationId)));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(walked).toEqual([0, 1, 6, 4, 3, 2, 5]);

      // The page states the order.
      const html = await asManager.get(`/reports/requisitions/${req}/shortlist`).expect(200);
      expect(html.text).toContain('fewer skills judged overstated');
      expect(html.text).toContain(`/reports/applications/${ids[0]}`);
    });

    describe('in SQL, for crafted entries that tie at every criterion', () => {
      type Item = ShortlistBody['items'][number];
      let req: string;
      let ids: string[];
      const get = async (query: string) =>
        (await asManager.get(`/api/requisitions/${req}/shortlist?${query}`).expect(200))
          .body as ShortlistBody;
      const indexes = (items: Item[]) => items.map((i) => ids.indexOf(i.applicationId));
      const entryOf = (i: Item): RankedEntry => ({
        applicationId: i.applicationId,
        fitScore: i.fitScore ?? undefined,
        overstated: i.overstated,
        integrityFlags: i.integrityFlags,
        assessedAt: i.assessedAt === null ? undefined : new Date(i.assessedAt),
        appliedAt: new Date(i.appliedAt),
      });
      /** The first criterion of the stated order that tells two neighbours apart. */
      const decidedBy = (a: RankedEntry, b: RankedEntry) =>
        a.fitScore !== b.fitScore
          ? 'fit'
          : a.overstated !== b.overstated
            ? 'overstated'
            : a.integrityFlags !== b.integrityFlags
              ? 'integrity'
              : a.assessedAt?.getTime() !== b.assessedAt?.getTime()
                ? 'assessed'
                : a.appliedAt.getTime() !== b.appliedAt.getTime()
                  ? 'applied'
                  : 'id';
      const NAMES = ['Sam', 'bea', 'Ben', 'ada', 'Cy', 'Sam', 'dora', 'Eve', 'evelyn', 'Finn'];

      beforeAll(async () => {
        req = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
        ids = await insertApplications(t, req, 16, { namePrefix: 'Tie' });
        const seed = seeder(req, ids);
        const applied = (n: number, time: string) =>
          sql(t, 'UPDATE applications SET created_at = $2 WHERE id = $1', [ids[n], time]);
        await seed(0, 90);
        await seed(1, 70);
        await seed(2, 70, { skills: [skill('python', -1, 'overstated')] });
        await seed(3, 70, { integrityFlags: ['focus_lost'] });
        await seed(4, 70, { finishedAt: '2026-01-11T10:00:00Z' });
        // 5 and 6 finished within the same millisecond as 1: they tie on it (as the API's times
        // and a cursor carry them) and fall to the application time, where 6 is first.
        await seed(5, 70, { finishedAt: '2026-01-10T10:00:00.0004Z' });
        await seed(6, 70, { finishedAt: '2026-01-10T10:00:00.0009Z' });
        await applied(5, '2025-12-31T00:00:30Z');
        await applied(6, '2025-12-31T00:00:00Z');
        // 7 and 8 tie 1 in everything but the id.
        await seed(7, 70);
        await seed(8, 70);
        const [first] = await sql<{ created_at: Date }>(
          t,
          'SELECT created_at FROM applications WHERE id = $1',
          [ids[1]],
        );
        await applied(7, first!.created_at.toISOString());
        await applied(8, first!.created_at.toISOString());
        // 9 finished without a score; 10 and 11 never finished (11 applied later); 12 scored 0.
        await seed(9, null);
        await seed(12, 0);
        // 13: an older finished attempt with a high score; the newest finished one counts.
        await seed(13, 95, { finishedAt: '2026-01-09T10:00:00Z' });
        await seed(13, 60, { finishedAt: '2026-01-12T10:00:00Z' });
        await seed(14, 70, {
          skills: [skill('python', -1, 'overstated'), skill('llm-nlp', -1, 'overstated')],
          integrityFlags: ['paste'],
        });
        await seed(15, 70.5);
        for (const [n, name] of NAMES.entries())
          await sql(
            t,
            'UPDATE candidates SET full_name = $2 WHERE id = (SELECT candidate_id FROM applications WHERE id = $1)',
            [ids[n], name],
          );
        await sql(
          t,
          `UPDATE candidates SET full_name = NULL, email = NULL, anonymised_at = now()
            WHERE id = (SELECT candidate_id FROM applications WHERE id = $1)`,
          [ids[11]],
        );
      });

      it('orders exactly as rank() does, and numbers that order', async () => {
        const body = await get('limit=200');
        expect(body.total).toBe(16);
        const entries = body.items.map(entryOf);
        expect(entries.map((e) => e.applicationId)).toEqual(
          rank(entries).map((e) => e.applicationId),
        );
        expect(body.items.map((i) => i.rank)).toEqual(body.items.map((_, n) => n + 1));
        // Every criterion decides somewhere, so every tie-break was exercised.
        const deciders = new Set(entries.slice(1).map((e, n) => decidedBy(entries[n]!, e)));
        expect([...deciders].sort()).toEqual(
          ['applied', 'assessed', 'fit', 'id', 'integrity', 'overstated'].sort(),
        );
        const order = indexes(body.items);
        expect(order.slice(0, 2)).toEqual([0, 15]);
        expect(order.slice(2, 7)).toEqual(expect.arrayContaining([6, 5, 1, 7, 8]));
        expect(order.indexOf(6)).toBeLessThan(order.indexOf(5));
        expect(order.indexOf(5)).toBeLessThan(order.indexOf(1));
        expect(order.slice(-4)).toEqual([12, 9, 10, 11]);
        expect(body.items.find((i) => i.applicationId === ids[13])).toMatchObject({
          fitScore: 60,
          assessedAt: '2026-01-12T10:00:00.000Z',
        });
        expect(body.items.find((i) => i.applicationId === ids[14])).toMatchObject({
          overstated: 2,
          integrityFlags: 1,
        });
      });

      it.each<[string, (a: Item, b: Item) => number]>([
        ['rank', () => 0],
        ['applied', (a, b) => a.appliedAt.localeCompare(b.appliedAt)],
        ['overstated', (a, b) => b.overstated - a.overstated],
        [
          'name',
          (a, b) => {
            if (a.candidateName === null || b.candidateName === null)
              return (a.candidateName === null ? 1 : 0) - (b.candidateName === null ? 1 : 0);
            const [x, y] = [a.candidateName.toLowerCase(), b.candidateName.toLowerCase()];
            return x < y ? -1 : x > y ? 1 : 0;
          },
        ],
      ])('sorts by %s, ties in the stated order, and pages walk it', async (sort, primary) => {
        const all = (await get(`sort=${sort}&limit=200`)).items;
        expect(all).toHaveLength(16);
        for (const [n, item] of all.slice(1).entries()) {
          const before = all[n]!;
          const cmp = primary(before, item);
          expect(cmp < 0 || (cmp === 0 && before.rank < item.rank)).toBe(true);
        }
        for (const limit of [1, 2, 5]) {
          const walked: Item[] = [];
          let cursor = '';
          for (let guard = 0; guard < 20; guard++) {
            const page = await get(`sort=${sort}&limit=${limit}${cursor && `&cursor=${cursor}`}`);
            expect(page.total).toBe(16);
            walked.push(...page.items);
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(indexes(walked)).toEqual(indexes(all));
          expect(walked.map((i) => i.rank)).toEqual(all.map((i) => i.rank));
        }
      });

      it('sorts names ignoring case, equal names in the stated order, the erased last', async () => {
        const names = (await get('sort=name&limit=200')).items.map((i) => i.candidateName);
        expect(names.slice(0, 10)).toEqual([
          'ada',
          'bea',
          'Ben',
          'Cy',
          'dora',
          'Eve',
          'evelyn',
          'Finn',
          'Sam',
          'Sam',
        ]);
        expect(names.at(-1)).toBeNull();
      });

      it('filters without renumbering, and counts what matches', async () => {
        const all = (await get('limit=200')).items;
        const rankOf = new Map(all.map((i) => [i.applicationId, i.rank]));
        for (const [query, matching] of [
          ['flag=overstated', [2, 14]],
          ['flag=integrity', [3, 14]],
        ] as const) {
          const body = await get(`${query}&limit=1`);
          expect(body.total).toBe(matching.length);
          const walked = [...body.items];
          walked.push(...(await get(`${query}&cursor=${body.nextCursor}`)).items);
          expect(indexes(walked).sort()).toEqual([...matching].sort());
          for (const item of walked) expect(item.rank).toBe(rankOf.get(item.applicationId));
        }
      });

      it('starts a page strictly after its cursor, however the list changed', async () => {
        const before = (await get('limit=200')).items;
        const first = await get('limit=3');
        // A new application that ranks first, after the first page was read.
        const [late] = await insertApplications(t, req, 1, { namePrefix: 'Late' });
        await insertAssessment(t, {
          applicationId: late!,
          requisitionId: req,
          createdBy: admin.id,
          skills: [skill('python', 2)],
          fitScore: 99,
        });
        const second = await get(`limit=3&cursor=${first.nextCursor}`);
        expect(second.total).toBe(17);
        expect(second.items.map((i) => i.applicationId)).toEqual(
          before.slice(3, 6).map((i) => i.applicationId),
        );
        expect(second.items.map((i) => i.rank)).toEqual([5, 6, 7]);
      });
    });

    it("ranks by the counts the finaliser stores with an attempt's results", async () => {
      const req = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
      const [id] = await insertApplications(t, req, 1, { stage: 'screening' });
      const invitation = await insertInvitation(t, { applicationId: id!, createdBy: admin.id });
      const candidate = await startAttempt(t, invitation.token);
      // Every checklist term claimed (foils too), then leaving the page and pasting: three flags.
      await throughToQuiz(candidate, { level: () => 5, rating: () => 3 });
      await candidate.post('/api/attempts/current/events').send({ kind: 'focus_lost' }).expect(204);
      await candidate.post('/api/attempts/current/events').send({ kind: 'paste' }).expect(204);
      await candidate.post('/api/attempts/current/finish').expect(200);
      const [stored] = await sql<{ stored: [number, number]; counted: [number, number] }>(
        t,
        `SELECT ARRAY[r.overstated_count, r.integrity_flag_count] AS stored,
                ARRAY[(SELECT count(*)::int FROM attempt_skill_results s
                        WHERE s.attempt_id = r.attempt_id AND s.verdict = 'overstated'),
                      jsonb_array_length(r.integrity->'flagged')] AS counted
           FROM attempt_results r JOIN attempts a ON a.id = r.attempt_id
          WHERE a.application_id = $1`,
        [id],
      );
      expect(stored!.stored).toEqual(stored!.counted);
      expect(stored!.counted[1]).toBeGreaterThanOrEqual(3);
      const body = (await asManager.get(`/api/requisitions/${req}/shortlist`).expect(200))
        .body as ShortlistBody;
      expect(body.items[0]).toMatchObject({
        overstated: stored!.counted[0],
        integrityFlags: stored!.counted[1],
      });
    });

    it('marks held as the decisions rule it: the latest decision a hold at the current stage', async () => {
      const req = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
      const [id] = await insertApplications(t, req, 1, { stage: 'screening' });
      const held = async () => {
        const body = (await asManager.get(`/api/requisitions/${req}/shortlist`).expect(200))
          .body as ShortlistBody;
        const filtered = (
          await asManager.get(`/api/requisitions/${req}/shortlist?flag=held`).expect(200)
        ).body as ShortlistBody;
        expect(filtered.total).toBe(body.items[0]!.held ? 1 : 0);
        return body.items[0]!.held;
      };
      expect(await held()).toBe(false);
      await decide(asManager, { applicationId: id, outcome: 'hold', reason: 'wait' }).expect(201);
      expect(await held()).toBe(true);
      // A stage move ends the hold though the latest decision is still that hold.
      await asRecruiter.post(`/api/applications/${id}/stage`).send({ to: 'assessed' }).expect(200);
      expect(await held()).toBe(false);
      await decide(asManager, { applicationId: id, outcome: 'hold', reason: 'again' }).expect(201);
      expect(await held()).toBe(true);
      await decide(asManager, { applicationId: id, outcome: 'advance', reason: 'go' }).expect(201);
      expect(await held()).toBe(false);
    });

    it.each([
      ['an unknown flag', 'flag=suspicious'],
      ['an unknown sort', 'sort=random'],
      ['an unknown stage', 'stage=interview'],
      ['a forged cursor', 'cursor=WyJyYW5rIl0'],
      [
        'a cursor of another sort',
        'sort=name&cursor=' +
          Buffer.from(
            JSON.stringify(['rank', 1, 0, 0, 1, 1, '7e1d0000-0000-4000-8000-000000000003', '']),
          ).toString('base64url'),
      ],
      ['a limit of 0', 'limit=0'],
    ])('refuses %s (400)', async (_name, query) => {
      const res = await asManager
        .get(`/api/requisitions/${requisition}/shortlist?${query}`)
        .expect(400);
      expect(['VALIDATION_FAILED', 'INVALID_CURSOR']).toContain(res.body.code);
    });

    it('is scoped like the requisition', async () => {
      await asOtherManager.get(`/api/requisitions/${requisition}/shortlist`).expect(404);
      await asOtherManager.get(`/reports/requisitions/${requisition}/shortlist`).expect(404);
      await asRecruiter.get(`/api/requisitions/${requisition}/shortlist`).expect(200);
      await asAdmin
        .get('/api/requisitions/7e1d0000-0000-4000-8000-00000000ffff/shortlist')
        .expect(404);
    });

    it('runs the same number of queries for 3 and for 30 applications', async () => {
      const counts: number[] = [];
      for (const n of [3, 30]) {
        const req = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
        const ids = await insertApplications(t, req, n);
        for (const [i, id] of ids.entries()) {
          if (i % 2 === 0)
            await insertAssessment(t, {
              applicationId: id,
              requisitionId: req,
              createdBy: admin.id,
              skills: [skill('python', i / 10), skill('llm-nlp', -i / 10, 'overstated')],
              integrityFlags: i % 4 === 0 ? ['paste'] : [],
            });
          if (i % 3 === 0)
            await sql(
              t,
              `INSERT INTO offers (application_id, pay_basis, currency, base_amount, created_by)
               VALUES ($1, 'base', 'USD', 12000000, $2)`,
              [id, admin.id],
            );
          if (i % 5 === 0)
            await decide(asManager, { applicationId: id, outcome: 'hold', reason: 'x' }).expect(
              201,
            );
        }
        const logger = t.app.get(DataSource).logger;
        const spy = jest.spyOn(logger, 'logQuery');
        const res = await asManager.get(`/api/requisitions/${req}/shortlist?limit=200`).expect(200);
        counts.push(spy.mock.calls.length);
        spy.mockRestore();
        const body = res.body as ShortlistBody;
        expect(body.items).toHaveLength(n);
        expect(body.items.filter((i) => i.offer !== null)).toHaveLength(Math.ceil(n / 3));
        expect(body.items.filter((i) => i.held)).toHaveLength(Math.ceil(n / 5));
      }
      expect(counts[1]).toBe(counts[0]);
      expect(counts[0]).toBeLessThanOrEqual(10);
    });
  });
});
