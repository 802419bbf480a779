import request from 'supertest';
import { createStaff, signIn, SignedIn } from './factories/staff';
import { insertRequisition } from './factories/requisitions';
import { startTestApp, TestApp } from './harness/app';
import { sql } from './harness/sql';

interface BlueprintBody {
  requisitionId: string;
  customised: boolean;
  skills: {
    skillId: string;
    weight: number;
    minLevel: number;
    activeItems: number;
    activeTerms: number;
  }[];
  itemCap: number;
  timeLimitMinutes: number;
  checklistSize: number;
  problems: string[];
  updatedAt: string | null;
}

const AI_ENGINEER_SKILLS = [
  'ai-ethics-security',
  'cloud-ai-platforms',
  'deep-learning-frameworks',
  'llm-nlp',
  'ml-fundamentals',
  'mlops-deployment',
  'prompt-engineering',
  'python',
  'statistics-math',
];

describe('assessment blueprints', () => {
  let t: TestApp;
  let asAdmin: SignedIn;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;
  let asOtherManager: SignedIn;
  let requisition: string;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createStaff(t, ['admin']);
    adminId = admin.id;
    const manager = await createStaff(t, ['hiring_manager']);
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, await createStaff(t, ['recruiter']));
    asManager = await signIn(t, manager);
    asOtherManager = await signIn(t, await createStaff(t, ['hiring_manager']));
    requisition = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
  });
  afterAll(() => t.close());

  const path = (id: string) => `/api/requisitions/${id}/assessment-blueprint`;

  it('gives the default until one is saved: every required skill, cap 12, served by the shipped bank', async () => {
    const res = await asRecruiter.get(path(requisition)).expect(200);
    const body = res.body as BlueprintBody;
    expect(body).toMatchObject({
      requisitionId: requisition,
      customised: false,
      itemCap: 12,
      timeLimitMinutes: 6 + 14 * 9,
      checklistSize: 40,
      problems: [],
      updatedAt: null,
    });
    expect(body.skills.map((s) => s.skillId)).toEqual(AI_ENGINEER_SKILLS);
    expect(body.skills.find((s) => s.skillId === 'python')).toEqual({
      skillId: 'python',
      weight: 20,
      minLevel: 3,
      activeItems: 32,
      activeTerms: 12,
    });
  });

  it('saves a blueprint (recruiter), audited, and shows it to the hiring team', async () => {
    const saved = await asRecruiter
      .put(path(requisition))
      .send({ skills: ['python', 'llm-nlp'], itemCap: 10, timeLimitMinutes: 30, checklistSize: 20 })
      .expect(200);
    expect(saved.body).toMatchObject({
      customised: true,
      itemCap: 10,
      timeLimitMinutes: 30,
      checklistSize: 20,
      problems: [],
    });
    expect((saved.body as BlueprintBody).skills.map((s) => s.skillId)).toEqual([
      'llm-nlp',
      'python',
    ]);
    const seen = await asManager.get(path(requisition)).expect(200);
    expect(seen.body).toEqual(saved.body);
    // A partial change keeps the rest.
    const capOnly = await asAdmin.put(path(requisition)).send({ itemCap: 14 }).expect(200);
    expect(capOnly.body).toMatchObject({ itemCap: 14, timeLimitMinutes: 30, checklistSize: 20 });
    const events = await sql<{ action: string; details: Record<string, unknown> }>(
      t,
      `SELECT action, details FROM audit_events WHERE action = 'assessment_blueprint.saved'
       AND subject_id = $1 ORDER BY id`,
      [requisition],
    );
    expect(events.map((e) => e.details)).toEqual([
      { skills: ['llm-nlp', 'python'], item_cap: 10, time_limit_minutes: 30, checklist_size: 20 },
      { skills: ['llm-nlp', 'python'], item_cap: 14, time_limit_minutes: 30, checklist_size: 20 },
    ]);
  });

  it.each<[string, object, number, string, string]>([
    [
      'a skill the requisition does not require',
      { skills: ['data-engineering'] },
      422,
      'BLUEPRINT_INVALID',
      'skills',
    ],
    [
      'more checklist terms than the skills have',
      { skills: ['python'], checklistSize: 13 },
      422,
      'BLUEPRINT_INVALID',
      'checklistSize',
    ],
    ['no skills', { skills: [] }, 400, 'VALIDATION_FAILED', 'skills'],
    ['a cap of 3', { itemCap: 3 }, 400, 'VALIDATION_FAILED', 'itemCap'],
    [
      'a fractional time limit',
      { timeLimitMinutes: 30.5 },
      400,
      'VALIDATION_FAILED',
      'timeLimitMinutes',
    ],
    ['an unknown field', { items: 5 }, 400, 'VALIDATION_FAILED', 'items'],
    ['nothing to change', {}, 400, 'VALIDATION_FAILED', '(body)'],
  ])('refuses %s and changes nothing', async (_name, body, status, code, field) => {
    const before = (await asAdmin.get(path(requisition)).expect(200)).body as BlueprintBody;
    const res = await asRecruiter.put(path(requisition)).send(body).expect(status);
    expect(res.body).toMatchObject({ code });
    expect((res.body as { details: { field: string }[] }).details.map((d) => d.field)).toContain(
      field,
    );
    expect((await asAdmin.get(path(requisition)).expect(200)).body).toEqual(before);
  });

  it('reports, on read, what the bank can no longer serve, and refuses to save it', async () => {
    await sql(
      t,
      `UPDATE items SET status = 'retired' WHERE skill_id = 'llm-nlp' AND ref IN (
         SELECT ref FROM items WHERE skill_id = 'llm-nlp' ORDER BY ref LIMIT 20)`,
    );
    const body = (await asAdmin.get(path(requisition)).expect(200)).body as BlueprintBody;
    expect(body.problems).toEqual(['llm-nlp has 12 active items, fewer than the cap of 14']);
    // Saving such a blueprint is refused, naming the cap.
    const refused = await asRecruiter.put(path(requisition)).send({ itemCap: 13 }).expect(422);
    expect(refused.body).toMatchObject({
      code: 'BLUEPRINT_INVALID',
      details: [
        { field: 'itemCap', messages: ['llm-nlp has 12 active items, fewer than the cap of 13'] },
      ],
    });
    await sql(t, `UPDATE items SET status = 'active' WHERE skill_id = 'llm-nlp'`);
  });

  it('hides other requisitions from a hiring manager (404) and lets only admins and recruiters save', async () => {
    const res = await asOtherManager.get(path(requisition)).expect(404);
    expect(res.body).toMatchObject({ code: 'REQUISITION_NOT_FOUND' });
    const put = await asManager.put(path(requisition)).send({ itemCap: 12 }).expect(403);
    expect(put.body).toMatchObject({ code: 'FORBIDDEN' });
    await request(t.app.getHttpServer()).get(path(requisition)).expect(401);
    await asAdmin.get(path('00000000-0000-4000-8000-000000000000')).expect(404);
    await asAdmin.get('/api/requisitions/not-a-uuid/assessment-blueprint').expect(400);
  });

  it('is fixed once the requisition is closed', async () => {
    const closed = await insertRequisition(t, { createdBy: adminId, status: 'closed' });
    const res = await asAdmin.put(path(closed)).send({ itemCap: 12 }).expect(409);
    expect(res.body).toMatchObject({ code: 'REQUISITION_NOT_EDITABLE' });
  });
});
