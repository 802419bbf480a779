import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface Money {
  amount: number;
  currency: string;
}

interface RequiredSkill {
  skillId: string;
  weight: number;
  minLevel: number;
}

interface RequisitionBody {
  id: string;
  title: string;
  roleFamilyId: string;
  level: string;
  region: { country: string; city: string | null };
  remotePolicy: string;
  headcount: number;
  skills: RequiredSkill[];
  budget: { min: Money; max: Money; payBasis: string };
  description: string;
  status: string;
  closeReason: string | null;
  hiringTeam: { userId: string; displayName: string }[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

interface Page {
  items: RequisitionBody[];
  nextCursor: string | null;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; messages: string[] }[];
}

interface AuditRow {
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

const REQUISITION_KEYS = [
  'budget',
  'closeReason',
  'createdAt',
  'createdBy',
  'description',
  'headcount',
  'hiringTeam',
  'id',
  'level',
  'region',
  'remotePolicy',
  'roleFamilyId',
  'skills',
  'status',
  'title',
  'updatedAt',
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The ml-engineer family's seeded weights, as a requisition's defaults (minimum level 3). */
const ML_ENGINEER_DEFAULTS: RequiredSkill[] = [
  { skillId: 'ml-fundamentals', weight: 20, minLevel: 3 },
  { skillId: 'python', weight: 20, minLevel: 3 },
  { skillId: 'deep-learning-frameworks', weight: 15, minLevel: 3 },
  { skillId: 'mlops-deployment', weight: 15, minLevel: 3 },
  { skillId: 'cloud-ai-platforms', weight: 10, minLevel: 3 },
  { skillId: 'data-engineering', weight: 10, minLevel: 3 },
  { skillId: 'statistics-math', weight: 10, minLevel: 3 },
];

const tag = (label: string) => `${label}${randomBytes(4).toString('hex')}`;
const errorOf = (res: request.Response) => res.body as ErrorBody;
const SORTS = ['createdAt', '-createdAt', 'title', '-title'] as const;

/** A body POST /api/requisitions accepts, with changes on top. */
function validBody(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Senior ML Engineer, Ranking',
    roleFamilyId: 'ml-engineer',
    level: 'senior',
    region: { country: 'DE', city: 'Berlin' },
    remotePolicy: 'hybrid',
    headcount: 2,
    budget: {
      min: { amount: 8000000, currency: 'EUR' },
      max: { amount: 11000000, currency: 'EUR' },
      payBasis: 'base',
    },
    description: 'Ranking and recommendations team',
    ...changes,
  };
}

describe('/api/requisitions', () => {
  let t: TestApp;
  let db: Client;
  let admin: StaffAccount;
  let recruiter: StaffAccount;
  let otherRecruiter: StaffAccount;
  let hm1: StaffAccount;
  let hm2: StaffAccount;
  let asAdmin: SignedIn;
  let asRecruiter: SignedIn;
  let asHm1: SignedIn;
  let asHm2: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database!.url });
    await db.connect();
    admin = await createStaff(t, ['admin'], { displayName: 'Ada Admin' });
    recruiter = await createStaff(t, ['recruiter'], { displayName: 'Rita Recruiter' });
    otherRecruiter = await createStaff(t, ['recruiter'], { displayName: 'Rob Recruiter' });
    hm1 = await createStaff(t, ['hiring_manager'], { displayName: 'Mia Manager' });
    hm2 = await createStaff(t, ['hiring_manager'], { displayName: 'Ben Manager' });
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, recruiter);
    asHm1 = await signIn(t, hm1);
    asHm2 = await signIn(t, hm2);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function create(
    changes: Record<string, unknown> = {},
    as: SignedIn = asRecruiter,
  ): Promise<RequisitionBody> {
    const res = await as.post('/api/requisitions').send(validBody(changes));
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    return res.body as RequisitionBody;
  }

  async function move(id: string, to: string, extra: Record<string, unknown> = {}) {
    const from = (
      (await asAdmin.get(`/api/requisitions/${id}`).expect(200)).body as RequisitionBody
    ).status;
    const res = await asAdmin
      .post(`/api/requisitions/${id}/transitions`)
      .send({ from, to, reason: 'setting up', ...extra });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 200 });
  }

  async function auditRows(action: string, subjectId: string): Promise<AuditRow[]> {
    const { rows } = await db.query<AuditRow>(
      `SELECT actor_type, actor_id::text, action, subject_type, subject_id, details
         FROM audit_events WHERE action = $1 AND subject_id = $2 ORDER BY id`,
      [action, subjectId],
    );
    return rows;
  }

  async function countWithTitle(title: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM requisitions WHERE title = $1',
      [title],
    );
    return rows[0]!.n;
  }

  async function listIds(as: SignedIn, query: Record<string, string>): Promise<string[]> {
    const res = await as
      .get('/api/requisitions')
      .query({ limit: '200', ...query })
      .expect(200);
    const page = res.body as Page;
    expect(page.nextCursor).toBeNull();
    return page.items.map((r) => r.id);
  }

  describe('POST /api/requisitions', () => {
    it("creates a draft (201) with the role family's skills at minimum level 3 when none are given", async () => {
      const res = await asRecruiter
        .post('/api/requisitions')
        .send(validBody({ hiringTeam: [hm1.id] }))
        .expect(201);
      const created = res.body as RequisitionBody;
      expect(Object.keys(created).sort()).toEqual(REQUISITION_KEYS);
      expect(created).toMatchObject({
        title: 'Senior ML Engineer, Ranking',
        roleFamilyId: 'ml-engineer',
        level: 'senior',
        region: { country: 'DE', city: 'Berlin' },
        remotePolicy: 'hybrid',
        headcount: 2,
        budget: {
          min: { amount: 8000000, currency: 'EUR' },
          max: { amount: 11000000, currency: 'EUR' },
          payBasis: 'base',
        },
        description: 'Ranking and recommendations team',
        status: 'draft',
        closeReason: null,
        hiringTeam: [{ userId: hm1.id, displayName: 'Mia Manager' }],
        createdBy: recruiter.id,
      });
      expect(created.skills).toEqual(ML_ENGINEER_DEFAULTS);
      expect(created.id).toMatch(UUID);
      expect(created.createdAt).toMatch(ISO_UTC);
      expect(created.updatedAt).toMatch(ISO_UTC);

      const fetched = await asRecruiter.get(`/api/requisitions/${created.id}`).expect(200);
      expect(fetched.body).toEqual(created);

      const history = await asRecruiter.get(`/api/requisitions/${created.id}/history`).expect(200);
      expect(history.body).toMatchObject({
        items: [{ from: null, to: 'draft', actorId: recruiter.id, approverId: null }],
        nextCursor: null,
      });
    });

    it('uses the skills given instead of the defaults, heaviest first', async () => {
      const created = await create({
        skills: [
          { skillId: 'python', weight: 40, minLevel: 2 },
          { skillId: 'llm-nlp', weight: 60, minLevel: 5 },
        ],
      });
      expect(created.skills).toEqual([
        { skillId: 'llm-nlp', weight: 60, minLevel: 5 },
        { skillId: 'python', weight: 40, minLevel: 2 },
      ]);
      const { rows } = await db.query(
        'SELECT skill_id, weight, min_level FROM requisition_skills WHERE requisition_id = $1 ORDER BY skill_id',
        [created.id],
      );
      expect(rows).toEqual([
        { skill_id: 'llm-nlp', weight: 60, min_level: 5 },
        { skill_id: 'python', weight: 40, min_level: 2 },
      ]);
    });

    it('takes the defaults of another family (mlops-engineer) and a region without a city', async () => {
      const created = await create({
        roleFamilyId: 'mlops-engineer',
        region: { country: 'US' },
        remotePolicy: 'remote',
        budget: {
          min: { amount: 15000000, currency: 'USD' },
          max: { amount: 15000000, currency: 'USD' },
          payBasis: 'total',
        },
      });
      expect(created.skills[0]).toEqual({ skillId: 'mlops-deployment', weight: 30, minLevel: 3 });
      expect(created.skills.map((s) => s.skillId)).toEqual([
        'mlops-deployment',
        'containers-orchestration',
        'cloud-ai-platforms',
        'python',
        'data-engineering',
      ]);
      expect(created.region).toEqual({ country: 'US', city: null });
      expect(created.budget).toEqual({
        min: { amount: 15000000, currency: 'USD' },
        max: { amount: 15000000, currency: 'USD' },
        payBasis: 'total',
      });
      expect(created.hiringTeam).toEqual([]);
      expect(created.description).toBe('Ranking and recommendations team');
    });

    it('refuses the same team member listed twice in different letter case (400, not 500)', async () => {
      const res = await asRecruiter
        .post('/api/requisitions')
        .send(validBody({ hiringTeam: [hm1.id, hm1.id.toUpperCase()] }))
        .expect(400);
      expect((res.body as { code: string }).code).toBe('VALIDATION_FAILED');
    });

    it('shows the hiring team as userId and displayName, ordered by name', async () => {
      const created = await create({ hiringTeam: [hm1.id, hm2.id] });
      expect(created.hiringTeam).toEqual([
        { userId: hm2.id, displayName: 'Ben Manager' },
        { userId: hm1.id, displayName: 'Mia Manager' },
      ]);
    });

    it('writes an audit row requisition.created naming the requisition, with no free text', async () => {
      const title = tag('Secret title ');
      const description = tag('Confidential description ');
      const created = await create({ title, description });
      const rows = await auditRows('requisition.created', created.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_type: 'user',
        actor_id: recruiter.id,
        subject_type: 'requisition',
        subject_id: created.id,
      });
      expect(rows[0]!.details).toEqual({
        roleFamilyId: 'ml-engineer',
        level: 'senior',
        country: 'DE',
      });
      const text = JSON.stringify(rows[0]);
      expect(text).not.toContain(title);
      expect(text).not.toContain(description);
      expect(text).not.toContain('Berlin');
    });

    const refusals: [string, string, () => Record<string, unknown>, string | null][] = [
      [
        'an unknown role family',
        'UNKNOWN_ROLE_FAMILY',
        () => ({ roleFamilyId: 'underwater-basket-weaver' }),
        null,
      ],
      [
        'an unknown skill',
        'UNKNOWN_SKILL',
        () => ({ skills: [{ skillId: 'quantum-knitting', weight: 50, minLevel: 3 }] }),
        null,
      ],
      [
        'the same skill twice',
        'VALIDATION_FAILED',
        () => ({
          skills: [
            { skillId: 'python', weight: 50, minLevel: 3 },
            { skillId: 'python', weight: 50, minLevel: 4 },
          ],
        }),
        null,
      ],
      [
        "country 'XX'",
        'VALIDATION_FAILED',
        () => ({ region: { country: 'XX', city: 'Nowhere' } }),
        'region.country',
      ],
      [
        "lower-case country 'de'",
        'VALIDATION_FAILED',
        () => ({ region: { country: 'de' } }),
        'region.country',
      ],
      [
        "country 'EU'",
        'VALIDATION_FAILED',
        () => ({ region: { country: 'EU' } }),
        'region.country',
      ],
      [
        'a three-letter country',
        'VALIDATION_FAILED',
        () => ({ region: { country: 'DEU' } }),
        'region.country',
      ],
      [
        'budget currencies that differ',
        'BUDGET_INVALID',
        () => ({
          budget: {
            min: { amount: 100, currency: 'EUR' },
            max: { amount: 200, currency: 'USD' },
            payBasis: 'base',
          },
        }),
        null,
      ],
      [
        'a budget minimum above its maximum',
        'BUDGET_INVALID',
        () => ({
          budget: {
            min: { amount: 300, currency: 'EUR' },
            max: { amount: 200, currency: 'EUR' },
            payBasis: 'base',
          },
        }),
        null,
      ],
      [
        'an amount as a float',
        'VALIDATION_FAILED',
        () => ({
          budget: {
            min: { amount: 100.5, currency: 'EUR' },
            max: { amount: 200, currency: 'EUR' },
            payBasis: 'base',
          },
        }),
        'budget.min.amount',
      ],
      [
        'an amount as a string',
        'VALIDATION_FAILED',
        () => ({
          budget: {
            min: { amount: 100, currency: 'EUR' },
            max: { amount: '200', currency: 'EUR' },
            payBasis: 'base',
          },
        }),
        'budget.max.amount',
      ],
      [
        'a negative amount',
        'VALIDATION_FAILED',
        () => ({
          budget: {
            min: { amount: -1, currency: 'EUR' },
            max: { amount: 200, currency: 'EUR' },
            payBasis: 'base',
          },
        }),
        'budget.min.amount',
      ],
      [
        'an unknown currency',
        'VALIDATION_FAILED',
        () => ({
          budget: {
            min: { amount: 1, currency: 'XYZ' },
            max: { amount: 2, currency: 'XYZ' },
            payBasis: 'base',
          },
        }),
        null,
      ],
      [
        'an unknown pay basis',
        'VALIDATION_FAILED',
        () => ({
          budget: {
            min: { amount: 1, currency: 'EUR' },
            max: { amount: 2, currency: 'EUR' },
            payBasis: 'hourly',
          },
        }),
        'budget.payBasis',
      ],
      ['headcount 0', 'VALIDATION_FAILED', () => ({ headcount: 0 }), 'headcount'],
      ['headcount 1.5', 'VALIDATION_FAILED', () => ({ headcount: 1.5 }), 'headcount'],
      ["level 'intern'", 'VALIDATION_FAILED', () => ({ level: 'intern' }), 'level'],
      [
        "remote policy 'sometimes'",
        'VALIDATION_FAILED',
        () => ({ remotePolicy: 'sometimes' }),
        null,
      ],
      ['an empty title', 'VALIDATION_FAILED', () => ({ title: '   ' }), 'title'],
      [
        'a team member who is a recruiter, not a hiring manager',
        'NOT_A_HIRING_MANAGER',
        () => ({ hiringTeam: [hm1.id, otherRecruiter.id] }),
        null,
      ],
      [
        'a team member who does not exist',
        'NOT_A_HIRING_MANAGER',
        () => ({ hiringTeam: [randomUUID()] }),
        null,
      ],
      [
        'a team member id that is not a uuid',
        'VALIDATION_FAILED',
        () => ({ hiringTeam: ['hm1'] }),
        null,
      ],
      ['an unknown field', 'VALIDATION_FAILED', () => ({ salary: 100 }), 'salary'],
      [
        'a skill minimum level of 6',
        'VALIDATION_FAILED',
        () => ({
          skills: [{ skillId: 'python', weight: 10, minLevel: 6 }],
        }),
        'skills.0.minLevel',
      ],
    ];

    it.each(refusals)('refuses %s with 400 %s', async (_label, code, changes, field) => {
      const title = tag('Refused ');
      const res = await asRecruiter
        .post('/api/requisitions')
        .send(validBody({ title, ...changes() }))
        .expect(400);
      expect(errorOf(res).code).toBe(code);
      if (field) expect(errorOf(res).details?.map((d) => d.field)).toEqual([field]);
      expect(await countWithTitle(title)).toBe(0);
    });

    it('names the offending ids in UNKNOWN_SKILL, UNKNOWN_ROLE_FAMILY and NOT_A_HIRING_MANAGER', async () => {
      const skill = await asRecruiter
        .post('/api/requisitions')
        .send(validBody({ skills: [{ skillId: 'quantum-knitting', weight: 5, minLevel: 1 }] }))
        .expect(400);
      expect(errorOf(skill).message).toContain('quantum-knitting');
      const family = await asRecruiter
        .post('/api/requisitions')
        .send(validBody({ roleFamilyId: 'no-such-family' }))
        .expect(400);
      expect(errorOf(family).message).toContain('no-such-family');
      const team = await asRecruiter
        .post('/api/requisitions')
        .send(validBody({ hiringTeam: [hm1.id, otherRecruiter.id] }))
        .expect(400);
      expect(errorOf(team).message).toContain(otherRecruiter.id);
      expect(errorOf(team).message).not.toContain(hm1.id);
    });

    it('refuses a hiring manager who has been deactivated', async () => {
      const gone = await createStaff(t, ['hiring_manager']);
      await asAdmin.post(`/api/users/${gone.id}/deactivate`).expect(200);
      const title = tag('Deactivated ');
      const res = await asRecruiter
        .post('/api/requisitions')
        .send(validBody({ title, hiringTeam: [gone.id] }))
        .expect(400);
      expect(errorOf(res).code).toBe('NOT_A_HIRING_MANAGER');
      expect(await countWithTitle(title)).toBe(0);
    });

    it('lets admins create, but not hiring managers (403) or anonymous callers (401)', async () => {
      const byAdmin = await create({}, asAdmin);
      expect(byAdmin.createdBy).toBe(admin.id);
      const title = tag('Forbidden ');
      const res = await asHm1.post('/api/requisitions').send(validBody({ title })).expect(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
      await t.http.post('/api/requisitions').send(validBody({ title })).expect(401);
      expect(await countWithTitle(title)).toBe(0);
    });
  });

  describe('PATCH /api/requisitions/:id', () => {
    it('changes fields and replaces the skills and the team, with an audit row requisition.updated', async () => {
      const created = await create({ hiringTeam: [hm1.id] });
      const newTitle = tag('Staff ML Engineer ');
      const res = await asRecruiter
        .patch(`/api/requisitions/${created.id}`)
        .send({
          title: `  ${newTitle}  `,
          level: 'staff',
          region: { country: 'FR' },
          headcount: 3,
          budget: {
            min: { amount: 9000000, currency: 'EUR' },
            max: { amount: 13000000, currency: 'EUR' },
            payBasis: 'total',
          },
          skills: [{ skillId: 'statistics-math', weight: 100, minLevel: 4 }],
          hiringTeam: [hm2.id],
        })
        .expect(200);
      const changed = res.body as RequisitionBody;
      expect(changed).toEqual({
        ...created,
        title: newTitle,
        level: 'staff',
        region: { country: 'FR', city: null },
        headcount: 3,
        budget: {
          min: { amount: 9000000, currency: 'EUR' },
          max: { amount: 13000000, currency: 'EUR' },
          payBasis: 'total',
        },
        skills: [{ skillId: 'statistics-math', weight: 100, minLevel: 4 }],
        hiringTeam: [{ userId: hm2.id, displayName: 'Ben Manager' }],
        updatedAt: changed.updatedAt,
      });
      expect(changed.updatedAt).toMatch(ISO_UTC);
      expect((await asRecruiter.get(`/api/requisitions/${created.id}`).expect(200)).body).toEqual(
        changed,
      );
      const { rows: skills } = await db.query(
        'SELECT skill_id FROM requisition_skills WHERE requisition_id = $1',
        [created.id],
      );
      expect(skills).toEqual([{ skill_id: 'statistics-math' }]);

      // The team was replaced: the old member lost sight of it, the new one gained it.
      await asHm1.get(`/api/requisitions/${created.id}`).expect(404);
      await asHm2.get(`/api/requisitions/${created.id}`).expect(200);

      const rows = await auditRows('requisition.updated', created.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_type: 'user',
        actor_id: recruiter.id,
        subject_type: 'requisition',
        subject_id: created.id,
      });
      expect((rows[0]!.details.fields as string[]).sort()).toEqual(
        ['budget', 'headcount', 'hiringTeam', 'level', 'region', 'skills', 'title'].sort(),
      );
      expect(JSON.stringify(rows[0])).not.toContain(newTitle);
    });

    it('changes one field and leaves the rest alone', async () => {
      const created = await create({ hiringTeam: [hm1.id] });
      const res = await asRecruiter
        .patch(`/api/requisitions/${created.id}`)
        .send({ description: 'Only this changed' })
        .expect(200);
      expect(res.body).toEqual({
        ...created,
        description: 'Only this changed',
        updatedAt: (res.body as RequisitionBody).updatedAt,
      });
      const rows = await auditRows('requisition.updated', created.id);
      expect(rows.map((r) => r.details)).toEqual([{ fields: ['description'] }]);
      expect(JSON.stringify(rows)).not.toContain('Only this changed');
    });

    it('empties the team with hiringTeam: []', async () => {
      const created = await create({ hiringTeam: [hm1.id, hm2.id] });
      const res = await asRecruiter
        .patch(`/api/requisitions/${created.id}`)
        .send({ hiringTeam: [] })
        .expect(200);
      expect((res.body as RequisitionBody).hiringTeam).toEqual([]);
    });

    it.each<[string, string, () => Record<string, unknown>]>([
      ['an empty body', 'VALIDATION_FAILED', () => ({})],
      ['a null title', 'VALIDATION_FAILED', () => ({ title: null })],
      ['a blank title', 'VALIDATION_FAILED', () => ({ title: '  ' })],
      ['a null region', 'VALIDATION_FAILED', () => ({ region: null })],
      ['null skills', 'VALIDATION_FAILED', () => ({ skills: null })],
      ['a null team', 'VALIDATION_FAILED', () => ({ hiringTeam: null })],
      ['a null headcount', 'VALIDATION_FAILED', () => ({ headcount: null })],
      ['headcount 0', 'VALIDATION_FAILED', () => ({ headcount: 0 })],
      ["level 'intern'", 'VALIDATION_FAILED', () => ({ level: 'intern' })],
      ["country 'EU'", 'VALIDATION_FAILED', () => ({ region: { country: 'EU' } })],
      ['a roleFamilyId change', 'VALIDATION_FAILED', () => ({ roleFamilyId: 'data-scientist' })],
      ['a status change', 'VALIDATION_FAILED', () => ({ status: 'open' })],
      [
        'an unknown skill',
        'UNKNOWN_SKILL',
        () => ({ skills: [{ skillId: 'nope', weight: 1, minLevel: 1 }] }),
      ],
      [
        'a budget minimum above its maximum',
        'BUDGET_INVALID',
        () => ({
          budget: {
            min: { amount: 5, currency: 'EUR' },
            max: { amount: 4, currency: 'EUR' },
            payBasis: 'base',
          },
        }),
      ],
      [
        'budget currencies that differ',
        'BUDGET_INVALID',
        () => ({
          budget: {
            min: { amount: 4, currency: 'EUR' },
            max: { amount: 5, currency: 'CHF' },
            payBasis: 'base',
          },
        }),
      ],
      [
        'a recruiter on the team',
        'NOT_A_HIRING_MANAGER',
        () => ({ hiringTeam: [otherRecruiter.id] }),
      ],
    ])('refuses %s with 400 %s and changes nothing', async (_label, code, body) => {
      const created = await create({ hiringTeam: [hm1.id] });
      const res = await asRecruiter
        .patch(`/api/requisitions/${created.id}`)
        .send(body())
        .expect(400);
      expect(errorOf(res).code).toBe(code);
      expect((await asRecruiter.get(`/api/requisitions/${created.id}`).expect(200)).body).toEqual(
        created,
      );
      expect(await auditRows('requisition.updated', created.id)).toHaveLength(0);
    });

    it('refuses to edit a closed requisition (409 REQUISITION_NOT_EDITABLE), but edits open and on-hold ones', async () => {
      const closed = await create();
      await move(closed.id, 'closed', { closeReason: 'cancelled' });
      const res = await asRecruiter
        .patch(`/api/requisitions/${closed.id}`)
        .send({ title: 'Too late' })
        .expect(409);
      expect(errorOf(res).code).toBe('REQUISITION_NOT_EDITABLE');
      const after = (await asRecruiter.get(`/api/requisitions/${closed.id}`).expect(200))
        .body as RequisitionBody;
      expect(after.title).toBe(closed.title);
      expect(after.status).toBe('closed');

      const held = await create();
      await move(held.id, 'open');
      await asRecruiter.patch(`/api/requisitions/${held.id}`).send({ headcount: 5 }).expect(200);
      await move(held.id, 'on_hold');
      const edited = await asAdmin
        .patch(`/api/requisitions/${held.id}`)
        .send({ headcount: 6 })
        .expect(200);
      expect(edited.body).toMatchObject({ status: 'on_hold', headcount: 6 });
    });

    it('answers 404 REQUISITION_NOT_FOUND for an unknown id and 400 INVALID_ID for a malformed one', async () => {
      const missing = await asRecruiter
        .patch(`/api/requisitions/${randomUUID()}`)
        .send({ title: 'Ghost' })
        .expect(404);
      expect(errorOf(missing).code).toBe('REQUISITION_NOT_FOUND');
      const malformed = await asRecruiter
        .patch('/api/requisitions/not-a-uuid')
        .send({ title: 'Ghost' })
        .expect(400);
      expect(errorOf(malformed).code).toBe('INVALID_ID');
    });
  });

  describe('who sees what', () => {
    let mine: RequisitionBody;
    let theirs: RequisitionBody;

    beforeAll(async () => {
      mine = await create({ title: tag('Visible to Mia '), hiringTeam: [hm1.id] });
      theirs = await create({ title: tag('Visible to Ben '), hiringTeam: [hm2.id] });
    });

    it('a hiring manager reads requisitions whose team they are on', async () => {
      const res = await asHm1.get(`/api/requisitions/${mine.id}`).expect(200);
      expect(res.body).toEqual(mine);
      const history = await asHm1.get(`/api/requisitions/${mine.id}/history`).expect(200);
      expect((history.body as { items: unknown[] }).items).toHaveLength(1);
    });

    it('answers 404 REQUISITION_NOT_FOUND for a requisition of another team, as for one that does not exist', async () => {
      for (const path of [
        `/api/requisitions/${theirs.id}`,
        `/api/requisitions/${theirs.id}/history`,
      ]) {
        const res = await asHm1.get(path).expect(404);
        expect(errorOf(res).code).toBe('REQUISITION_NOT_FOUND');
        const unknown = await asHm1.get(path.replace(theirs.id, randomUUID())).expect(404);
        expect(unknown.body).toMatchObject({
          code: 'REQUISITION_NOT_FOUND',
          message: errorOf(res).message,
        });
      }
    });

    it('refuses hiring managers changes and transitions with 403 FORBIDDEN, on any requisition', async () => {
      for (const id of [theirs.id, mine.id]) {
        const patch = await asHm1
          .patch(`/api/requisitions/${id}`)
          .send({ title: 'Hijacked' })
          .expect(403);
        expect(errorOf(patch).code).toBe('FORBIDDEN');
        const moveRes = await asHm1
          .post(`/api/requisitions/${id}/transitions`)
          .send({ from: 'draft', to: 'open' })
          .expect(403);
        expect(errorOf(moveRes).code).toBe('FORBIDDEN');
      }
      const { rows } = await db.query<{ id: string; title: string; status: string }>(
        'SELECT id::text, title, status FROM requisitions WHERE id = ANY($1::uuid[])',
        [[mine.id, theirs.id]],
      );
      expect(Object.fromEntries(rows.map((row) => [row.id, [row.title, row.status]]))).toEqual({
        [mine.id]: [mine.title, 'draft'],
        [theirs.id]: [theirs.title, 'draft'],
      });
    });

    it('lists for a hiring manager exactly the requisitions of their teams', async () => {
      const ids = await listIds(asHm1, {});
      const { rows } = await db.query<{ id: string }>(
        `SELECT r.id FROM requisitions r
          WHERE EXISTS (SELECT 1 FROM requisition_team rt WHERE rt.requisition_id = r.id AND rt.user_id = $1)
          ORDER BY r.created_at DESC, r.id DESC`,
        [hm1.id],
      );
      expect(ids).toEqual(rows.map((r) => r.id));
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
      // Asking for another manager's requisitions does not widen the scope.
      const filtered = await listIds(asHm1, { hiringManagerId: hm2.id });
      expect(filtered).not.toContain(theirs.id);
    });

    it('recruiters and admins see every requisition', async () => {
      const { rows } = await db.query<{ id: string }>(
        'SELECT id FROM requisitions ORDER BY created_at DESC, id DESC',
      );
      for (const as of [asRecruiter, asAdmin, await signIn(t, otherRecruiter)]) {
        const ids = await listIds(as, {});
        expect(ids).toEqual(rows.map((r) => r.id));
        await as.get(`/api/requisitions/${theirs.id}`).expect(200);
        await as.get(`/api/requisitions/${mine.id}/history`).expect(200);
      }
    });

    it('GET /:id answers 404 for an unknown id, 400 INVALID_ID for a malformed one, 401 anonymously', async () => {
      const missing = await asAdmin.get(`/api/requisitions/${randomUUID()}`).expect(404);
      expect(errorOf(missing).code).toBe('REQUISITION_NOT_FOUND');
      const malformed = await asAdmin.get('/api/requisitions/12345').expect(400);
      expect(errorOf(malformed).code).toBe('INVALID_ID');
      await t.http.get(`/api/requisitions/${mine.id}`).expect(401);
      await t.http.get('/api/requisitions').expect(401);
    });
  });

  describe('GET /api/requisitions (filters, sorting, pages)', () => {
    const prefix = tag('Listing');
    let r: RequisitionBody[];

    beforeAll(async () => {
      const specs: [string, string, string, string[], string?][] = [
        ['Alpha', 'ml-engineer', 'DE', [hm1.id]],
        ['Beta', 'data-scientist', 'FR', [hm2.id], 'open'],
        ['Gamma', 'ml-engineer', 'FR', [hm1.id, hm2.id], 'open'],
        ['Delta', 'mlops-engineer', 'DE', [], 'closed'],
        ['Alpha', 'ai-engineer', 'US', []],
        ['Epsilon', 'ml-engineer', 'US', [hm2.id], 'on_hold'],
      ];
      r = [];
      for (const [word, roleFamilyId, country, hiringTeam, status] of specs) {
        const created = await create({
          title: `${prefix} ${word}`,
          roleFamilyId,
          region: { country },
          hiringTeam,
          description: `Described as ${word}`,
        });
        if (status === 'open' || status === 'on_hold') await move(created.id, 'open');
        if (status === 'on_hold') await move(created.id, 'on_hold');
        if (status === 'closed') await move(created.id, 'closed', { closeReason: 'cancelled' });
        r.push(created);
      }
    });

    const ids = (...indexes: number[]) => indexes.map((i) => r[i]!.id);

    it('defaults to newest first, with every item as GET /:id shows it', async () => {
      const res = await asRecruiter
        .get('/api/requisitions')
        .query({ q: prefix, limit: '200' })
        .expect(200);
      const page = res.body as Page;
      expect(page.items.map((i) => i.id)).toEqual(ids(5, 4, 3, 2, 1, 0));
      for (const item of page.items) {
        const one = await asRecruiter.get(`/api/requisitions/${item.id}`).expect(200);
        expect(item).toEqual(one.body);
      }
      // Each item carries its own skills, not its neighbours'.
      expect(page.items.find((i) => i.id === r[3]!.id)?.skills[0]).toEqual({
        skillId: 'mlops-deployment',
        weight: 30,
        minLevel: 3,
      });
      expect(page.items.find((i) => i.id === r[0]!.id)?.skills).toEqual(ML_ENGINEER_DEFAULTS);
    });

    it.each<[string, Record<string, string>, () => string[]]>([
      ['status=open', { status: 'open' }, () => ids(2, 1)],
      ['status=draft', { status: 'draft' }, () => ids(4, 0)],
      ['status=on_hold', { status: 'on_hold' }, () => ids(5)],
      ['status=closed', { status: 'closed' }, () => ids(3)],
      ['status=pending_approval', { status: 'pending_approval' }, () => []],
      ['roleFamilyId=ml-engineer', { roleFamilyId: 'ml-engineer' }, () => ids(5, 2, 0)],
      ['roleFamilyId=data-engineer', { roleFamilyId: 'data-engineer' }, () => []],
      ['country=FR', { country: 'FR' }, () => ids(2, 1)],
      ['country=US', { country: 'US' }, () => ids(5, 4)],
      ['hiringManagerId=hm1', { hiringManagerId: 'HM1' }, () => ids(2, 0)],
      ['hiringManagerId=hm2', { hiringManagerId: 'HM2' }, () => ids(5, 2, 1)],
      [
        'status=open and country=FR and roleFamilyId=ml-engineer',
        { status: 'open', country: 'FR', roleFamilyId: 'ml-engineer' },
        () => ids(2),
      ],
    ])('filters by %s', async (_label, query, expected) => {
      const resolved = Object.fromEntries(
        Object.entries(query).map(([k, v]) => [k, v === 'HM1' ? hm1.id : v === 'HM2' ? hm2.id : v]),
      );
      expect(await listIds(asRecruiter, { q: prefix, ...resolved })).toEqual(expected());
    });

    it('filters by title text, case-insensitively', async () => {
      expect(await listIds(asRecruiter, { q: `${prefix} alpha`.toUpperCase() })).toEqual(ids(4, 0));
      expect(await listIds(asRecruiter, { q: `${prefix} gAMMA`.toLowerCase() })).toEqual(ids(2));
      expect(await listIds(asRecruiter, { q: prefix.toUpperCase() })).toEqual(
        ids(5, 4, 3, 2, 1, 0),
      );
      expect(await listIds(asRecruiter, { q: `${prefix} Zeta` })).toEqual([]);
      // '%' and '_' are literal characters, not wildcards.
      expect(await listIds(asRecruiter, { q: `${prefix}%Alpha` })).toEqual([]);
      expect(await listIds(asRecruiter, { q: `${prefix}_Alpha` })).toEqual([]);
    });

    it('a hiring manager filtering the list still sees only their teams', async () => {
      expect(await listIds(asHm1, { q: prefix })).toEqual(ids(2, 0));
      expect(await listIds(asHm2, { q: prefix, status: 'open' })).toEqual(ids(2, 1));
    });

    it.each<[string, RequisitionSortFn]>([
      ['createdAt', (a, b) => byCreated(a, b)],
      ['-createdAt', (a, b) => byCreated(b, a)],
      ['title', (a, b) => byTitle(a, b)],
      ['-title', (a, b) => byTitle(b, a)],
    ])('sorts by %s, ties broken by id', async (sort, compare) => {
      const expected = [...r].sort(compare).map((x) => x.id);
      expect(await listIds(asRecruiter, { q: prefix, sort })).toEqual(expected);
    });

    it('title ties are broken by id in the direction of the sort', async () => {
      const alphas = ids(0, 4).sort();
      const asc = await listIds(asRecruiter, { q: `${prefix} Alpha`, sort: 'title' });
      expect(asc).toEqual(alphas);
      const desc = await listIds(asRecruiter, { q: `${prefix} Alpha`, sort: '-title' });
      expect(desc).toEqual([...alphas].reverse());
    });

    it.each(SORTS)(
      'walks every page with limit=2 sorted by %s, without gaps or repeats, across equal sort keys',
      async (sort) => {
        // Three of the six share one creation time, so createdAt pages must split a tie.
        await db.query(
          `UPDATE requisitions SET created_at = '2030-01-01T00:00:00.000Z' WHERE id = ANY($1::uuid[])`,
          [ids(1, 2, 3)],
        );
        const { rows } = await db.query<{ id: string }>(
          `SELECT id FROM requisitions WHERE title LIKE $1 ORDER BY ${
            sort.endsWith('title') ? 'title' : 'created_at'
          } ${sort.startsWith('-') ? 'DESC' : 'ASC'}, id ${sort.startsWith('-') ? 'DESC' : 'ASC'}`,
          [`${prefix} %`],
        );
        const expected = rows.map((row) => row.id);
        expect(expected).toHaveLength(6);
        const seen = await walk({ q: prefix, sort });
        expect(seen.ids).toEqual(expected);
        expect(seen.pageSizes).toEqual([2, 2, 2]);

        // And over the whole table, whatever else other tests created.
        const { rows: all } = await db.query<{ id: string }>(
          `SELECT id FROM requisitions ORDER BY ${
            sort.endsWith('title') ? 'title' : 'created_at'
          } ${sort.startsWith('-') ? 'DESC' : 'ASC'}, id ${sort.startsWith('-') ? 'DESC' : 'ASC'}`,
        );
        const whole = await walk({ sort });
        expect(whole.ids).toEqual(all.map((row) => row.id));
        expect(new Set(whole.ids).size).toBe(whole.ids.length);
      },
    );

    it('walks a hiring manager’s pages with limit=1', async () => {
      const seen = await walk({ q: prefix }, asHm2, 1);
      expect(seen.ids).toEqual(await listIds(asHm2, { q: prefix }));
      expect(seen.ids).toHaveLength(3);
    });

    async function walk(
      query: Record<string, string>,
      as: SignedIn = asRecruiter,
      limit = 2,
    ): Promise<{ ids: string[]; pageSizes: number[] }> {
      const seen: string[] = [];
      const pageSizes: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await as
          .get('/api/requisitions')
          .query({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) })
          .expect(200);
        const page = res.body as Page;
        pageSizes.push(page.items.length);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        if (pageSizes.length > 500) throw new Error('the cursor never ends');
      } while (cursor !== null);
      return { ids: seen, pageSizes };
    }

    const forge = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

    it.each<[string, string, string]>([
      ['not base64 JSON', 'bm90LWpzb24', '-createdAt'],
      ['a bare string', forge('2020-01-01T00:00:00.000Z'), '-createdAt'],
      ['a date that is no date', forge(['not-a-date', randomUUID()]), '-createdAt'],
      ['a zoneless date', forge(['2020-01-01T00:00:00', randomUUID()]), 'createdAt'],
      ['an id that is no uuid', forge(['2020-01-01T00:00:00.000Z', 'nope']), '-createdAt'],
      ['a title cursor with no uuid', forge(['Alpha', 'nope']), 'title'],
      ['numbers', forge([1, 2]), 'title'],
      ['three parts', forge(['Alpha', randomUUID(), 'x']), '-title'],
    ])('refuses a forged cursor (%s) with 400 INVALID_CURSOR', async (_label, cursor, sort) => {
      const res = await asRecruiter.get('/api/requisitions').query({ cursor, sort }).expect(400);
      expect(errorOf(res).code).toBe('INVALID_CURSOR');
    });

    it('refuses a cursor with characters outside base64url (400 VALIDATION_FAILED on cursor)', async () => {
      const res = await asRecruiter
        .get('/api/requisitions')
        .query({ cursor: 'abc$def' })
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(errorOf(res).details?.map((d) => d.field)).toEqual(['cursor']);
    });

    it('refuses a title cursor reused on a createdAt sort (400 INVALID_CURSOR)', async () => {
      const first = await asRecruiter
        .get('/api/requisitions')
        .query({ q: prefix, sort: 'title', limit: '2' })
        .expect(200);
      const cursor = (first.body as Page).nextCursor;
      expect(cursor).not.toBeNull();
      const res = await asRecruiter
        .get('/api/requisitions')
        .query({ q: prefix, sort: 'createdAt', cursor: cursor! })
        .expect(400);
      expect(errorOf(res).code).toBe('INVALID_CURSOR');
    });

    it.each<[string, Record<string, string>]>([
      ['an unknown status', { status: 'archived' }],
      ['a lower-case country', { country: 'fr' }],
      ['an unknown sort', { sort: 'headcount' }],
      ['a hiringManagerId that is no uuid', { hiringManagerId: 'mia' }],
      ['limit 0', { limit: '0' }],
      ['limit 201', { limit: '201' }],
      ['an unknown parameter', { colour: 'blue' }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, query) => {
      const res = await asRecruiter.get('/api/requisitions').query(query).expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    });
  });
});

type RequisitionSortFn = (a: RequisitionBody, b: RequisitionBody) => number;

function byId(a: RequisitionBody, b: RequisitionBody): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byCreated(a: RequisitionBody, b: RequisitionBody): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : byId(a, b);
}

/** Titles in these tests share one prefix and capitalised ASCII words, so any collation agrees. */
function byTitle(a: RequisitionBody, b: RequisitionBody): number {
  return a.title < b.title ? -1 : a.title > b.title ? 1 : byId(a, b);
}
