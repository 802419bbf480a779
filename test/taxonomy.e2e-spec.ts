import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface SkillBody {
  id: string;
  name: string;
  description: string;
}

interface SkillWeight {
  skillId: string;
  weight: number;
}

interface RoleFamilyBody {
  id: string;
  name: string;
  skills: SkillWeight[];
}

interface ListBody<T> {
  items: T[];
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

const SEEDED_SKILLS = [
  'python',
  'ml-fundamentals',
  'deep-learning-frameworks',
  'llm-nlp',
  'prompt-engineering',
  'mlops-deployment',
  'containers-orchestration',
  'cloud-ai-platforms',
  'statistics-math',
  'data-engineering',
  'ai-ethics-security',
];

const SEEDED_FAMILIES = [
  'ai-engineer',
  'ml-engineer',
  'data-scientist',
  'data-engineer',
  'ai-consultant',
  'genai-engineer',
  'computer-vision-engineer',
  'mlops-engineer',
];

const slug = (label: string) => `${label}-${randomBytes(3).toString('hex')}`;
const errorOf = (res: request.Response) => res.body as ErrorBody;

describe('skill taxonomy and role families', () => {
  let t: TestApp;
  let db: Client;
  let admin: StaffAccount;
  let asAdmin: SignedIn;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database!.url });
    await db.connect();
    admin = await createStaff(t, ['admin']);
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, await createStaff(t, ['recruiter']));
    asManager = await signIn(t, await createStaff(t, ['hiring_manager']));
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  async function skills(as: SignedIn = asAdmin): Promise<SkillBody[]> {
    const res = await as.get('/api/skills').expect(200);
    const body = res.body as ListBody<SkillBody>;
    expect(body.nextCursor).toBeNull();
    return body.items;
  }

  async function families(as: SignedIn = asAdmin): Promise<RoleFamilyBody[]> {
    const res = await as.get('/api/role-families').expect(200);
    const body = res.body as ListBody<RoleFamilyBody>;
    expect(body.nextCursor).toBeNull();
    return body.items;
  }

  async function auditRows(action: string, subjectId: string): Promise<AuditRow[]> {
    const { rows } = await db.query<AuditRow>(
      `SELECT actor_type, actor_id::text, action, subject_type, subject_id, details
         FROM audit_events WHERE action = $1 AND subject_id = $2 ORDER BY id`,
      [action, subjectId],
    );
    return rows;
  }

  async function createFamily(skillWeights: SkillWeight[], name = 'Test Family') {
    const id = slug('family');
    const res = await asAdmin
      .post('/api/role-families')
      .send({ id, name, skills: skillWeights })
      .expect(201);
    return res.body as RoleFamilyBody;
  }

  describe('GET /api/skills', () => {
    it('lists the 11 seeded skills, ordered by id, to every staff role', async () => {
      for (const as of [asAdmin, asRecruiter, asManager]) {
        const items = await skills(as);
        const seeded = items.filter((s) => SEEDED_SKILLS.includes(s.id));
        expect(seeded.map((s) => s.id)).toEqual([...SEEDED_SKILLS].sort());
        expect(items.map((s) => s.id)).toEqual(items.map((s) => s.id).sort());
        expect(items.find((s) => s.id === 'llm-nlp')).toEqual({
          id: 'llm-nlp',
          name: 'LLMs and NLP',
          description: 'Large language models, NLP, retrieval-augmented generation',
        });
        expect(items.find((s) => s.id === 'containers-orchestration')).toEqual({
          id: 'containers-orchestration',
          name: 'Containers and orchestration',
          description: 'Docker, Kubernetes',
        });
      }
    });

    it('holds exactly the 11 seeded skills in a fresh database', async () => {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM skills ORDER BY id');
      const created = rows.map((r) => r.id).filter((id) => !SEEDED_SKILLS.includes(id));
      expect(rows.length - created.length).toBe(11);
    });

    it('answers 401 UNAUTHENTICATED to anonymous callers', async () => {
      for (const path of ['/api/skills', '/api/role-families']) {
        const res = await t.http.get(path).expect(401);
        expect(errorOf(res).code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('GET /api/role-families', () => {
    it('lists the 8 seeded families with their default weights, heaviest first', async () => {
      for (const as of [asAdmin, asRecruiter, asManager]) {
        const items = await families(as);
        const seeded = items.filter((f) => SEEDED_FAMILIES.includes(f.id));
        expect(seeded.map((f) => f.id)).toEqual([...SEEDED_FAMILIES].sort());
        for (const family of seeded) {
          expect(family.skills.length).toBeGreaterThanOrEqual(5);
          expect(family.skills.reduce((sum, s) => sum + s.weight, 0)).toBe(100);
          const weights = family.skills.map((s) => s.weight);
          expect(weights).toEqual([...weights].sort((a, b) => b - a));
          expect(family.skills.every((s) => SEEDED_SKILLS.includes(s.skillId))).toBe(true);
        }
        expect(items.find((f) => f.id === 'mlops-engineer')).toEqual({
          id: 'mlops-engineer',
          name: 'MLOps Engineer',
          skills: [
            { skillId: 'mlops-deployment', weight: 30 },
            { skillId: 'containers-orchestration', weight: 25 },
            { skillId: 'cloud-ai-platforms', weight: 20 },
            { skillId: 'python', weight: 15 },
            { skillId: 'data-engineering', weight: 10 },
          ],
        });
        expect(items.find((f) => f.id === 'data-engineer')?.skills[0]).toEqual({
          skillId: 'data-engineering',
          weight: 35,
        });
        // Equal weights are ordered by skill id.
        expect(
          items
            .find((f) => f.id === 'ml-engineer')
            ?.skills.slice(0, 2)
            .map((s) => s.skillId),
        ).toEqual(['ml-fundamentals', 'python']);
      }
    });
  });

  describe('POST /api/skills', () => {
    it('lets an admin add a skill (201), listed afterwards, with an audit row skill.created', async () => {
      const id = slug('vector-databases');
      const res = await asAdmin
        .post('/api/skills')
        .send({ id, name: 'Vector databases', description: 'pgvector, FAISS' })
        .expect(201);
      expect(res.body).toEqual({ id, name: 'Vector databases', description: 'pgvector, FAISS' });
      expect((await skills(asRecruiter)).find((s) => s.id === id)).toEqual(res.body);

      const rows = await auditRows('skill.created', id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_type: 'user',
        actor_id: admin.id,
        subject_type: 'skill',
        subject_id: id,
      });
    });

    it('defaults the description to an empty string', async () => {
      const id = slug('rust');
      const res = await asAdmin.post('/api/skills').send({ id, name: 'Rust' }).expect(201);
      expect(res.body).toEqual({ id, name: 'Rust', description: '' });
    });

    it('refuses an id already taken with 409 SKILL_EXISTS, leaving the skill as it was', async () => {
      const id = slug('dup');
      await asAdmin.post('/api/skills').send({ id, name: 'First' }).expect(201);
      const again = await asAdmin.post('/api/skills').send({ id, name: 'Second' }).expect(409);
      expect(errorOf(again).code).toBe('SKILL_EXISTS');
      const seeded = await asAdmin
        .post('/api/skills')
        .send({ id: 'python', name: 'Snake' })
        .expect(409);
      expect(errorOf(seeded).code).toBe('SKILL_EXISTS');

      const all = await skills();
      expect(all.find((s) => s.id === id)?.name).toBe('First');
      expect(all.find((s) => s.id === 'python')?.name).toBe('Python');
      expect(await auditRows('skill.created', id)).toHaveLength(1);
    });

    it.each([
      ['upper case', 'Vector-DB'],
      ['an underscore', 'vector_db'],
      ['a space', 'vector db'],
      ['a leading hyphen', '-vector'],
      ['a trailing hyphen', 'vector-'],
      ['a double hyphen', 'vector--db'],
      ['an empty id', ''],
      ['61 characters', 'a'.repeat(61)],
    ])('refuses an id with %s (400 VALIDATION_FAILED on id)', async (_label, id) => {
      const res = await asAdmin.post('/api/skills').send({ id, name: 'Bad' }).expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(errorOf(res).details?.map((d) => d.field)).toEqual(['id']);
      const { rows } = await db.query('SELECT 1 FROM skills WHERE id = $1', [id]);
      expect(rows).toHaveLength(0);
    });

    it('refuses a missing name and an unknown field (400)', async () => {
      for (const [body, field] of [
        [{ id: slug('noname') }, 'name'],
        [{ id: slug('extra'), name: 'X', weight: 3 }, 'weight'],
      ] as const) {
        const res = await asAdmin.post('/api/skills').send(body).expect(400);
        expect(errorOf(res).code).toBe('VALIDATION_FAILED');
        expect(errorOf(res).details?.map((d) => d.field)).toEqual([field]);
      }
    });

    it('is for admins only: recruiters and hiring managers get 403, anonymous 401', async () => {
      const id = slug('forbidden');
      for (const as of [asRecruiter, asManager]) {
        const res = await as.post('/api/skills').send({ id, name: 'Nope' }).expect(403);
        expect(errorOf(res).code).toBe('FORBIDDEN');
      }
      await t.http.post('/api/skills').send({ id, name: 'Nope' }).expect(401);
      expect((await skills()).some((s) => s.id === id)).toBe(false);
    });
  });

  describe('PATCH /api/skills/:id', () => {
    it('renames a skill, keeping its description, with an audit row skill.updated', async () => {
      const id = slug('rename');
      await asAdmin
        .post('/api/skills')
        .send({ id, name: 'Old name', description: 'kept' })
        .expect(201);
      const res = await asAdmin.patch(`/api/skills/${id}`).send({ name: 'New name' }).expect(200);
      expect(res.body).toEqual({ id, name: 'New name', description: 'kept' });
      expect((await skills()).find((s) => s.id === id)).toEqual(res.body);
      const rows = await auditRows('skill.updated', id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_id: admin.id, subject_type: 'skill' });
      // (details.fields also names the untouched description: reported, not asserted here)
      expect(rows[0]!.details.fields).toEqual(expect.arrayContaining(['name']));
    });

    it('changes only the description when only that is given', async () => {
      const id = slug('describe');
      await asAdmin.post('/api/skills').send({ id, name: 'Keep me' }).expect(201);
      const res = await asAdmin
        .patch(`/api/skills/${id}`)
        .send({ description: 'Now described' })
        .expect(200);
      expect(res.body).toEqual({ id, name: 'Keep me', description: 'Now described' });
    });

    it('answers 404 SKILL_NOT_FOUND for an unknown id', async () => {
      const res = await asAdmin
        .patch(`/api/skills/${slug('missing')}`)
        .send({ name: 'Ghost' })
        .expect(404);
      expect(errorOf(res).code).toBe('SKILL_NOT_FOUND');
    });

    it.each([
      ['an empty body', {}],
      ['a null name', { name: null }],
      ['an empty name', { name: '' }],
      ['an id change', { id: 'other-id' }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body) => {
      const res = await asAdmin.patch('/api/skills/python').send(body).expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect((await skills()).find((s) => s.id === 'python')?.name).toBe('Python');
    });

    it('is for admins only (403)', async () => {
      const res = await asRecruiter.patch('/api/skills/python').send({ name: 'Py' }).expect(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
      expect((await skills()).find((s) => s.id === 'python')?.name).toBe('Python');
    });
  });

  describe('POST /api/role-families', () => {
    it('lets an admin add a family (201) with weights listed heaviest first', async () => {
      const id = slug('ai-safety-engineer');
      const res = await asAdmin
        .post('/api/role-families')
        .send({
          id,
          name: 'AI Safety Engineer',
          skills: [
            { skillId: 'python', weight: 20 },
            { skillId: 'ai-ethics-security', weight: 50 },
            { skillId: 'llm-nlp', weight: 30 },
          ],
        })
        .expect(201);
      const expected = {
        id,
        name: 'AI Safety Engineer',
        skills: [
          { skillId: 'ai-ethics-security', weight: 50 },
          { skillId: 'llm-nlp', weight: 30 },
          { skillId: 'python', weight: 20 },
        ],
      };
      expect(res.body).toEqual(expected);
      expect((await families(asRecruiter)).find((f) => f.id === id)).toEqual(expected);
      const rows = await auditRows('role_family.created', id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_id: admin.id, subject_type: 'role_family' });
    });

    it('refuses an unknown skill with 400 UNKNOWN_SKILL naming it, creating nothing', async () => {
      const id = slug('unknown-skill');
      const res = await asAdmin
        .post('/api/role-families')
        .send({
          id,
          name: 'Broken',
          skills: [
            { skillId: 'python', weight: 50 },
            { skillId: 'quantum-knitting', weight: 50 },
          ],
        })
        .expect(400);
      expect(errorOf(res).code).toBe('UNKNOWN_SKILL');
      expect(errorOf(res).message).toContain('quantum-knitting');
      expect((await families()).some((f) => f.id === id)).toBe(false);
      const { rows } = await db.query('SELECT 1 FROM role_families WHERE id = $1', [id]);
      expect(rows).toHaveLength(0);
    });

    it('refuses the same skill twice with 400 VALIDATION_FAILED, creating nothing', async () => {
      const id = slug('twice');
      const res = await asAdmin
        .post('/api/role-families')
        .send({
          id,
          name: 'Twice',
          skills: [
            { skillId: 'python', weight: 40 },
            { skillId: 'python', weight: 60 },
          ],
        })
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(errorOf(res).details)).toContain('python');
      const { rows } = await db.query('SELECT 1 FROM role_families WHERE id = $1', [id]);
      expect(rows).toHaveLength(0);
    });

    it.each([
      ['weight 0', { skillId: 'python', weight: 0 }, 'skills.0.weight'],
      ['weight 101', { skillId: 'python', weight: 101 }, 'skills.0.weight'],
      ['a fractional weight', { skillId: 'python', weight: 12.5 }, 'skills.0.weight'],
      ['a weight as a string', { skillId: 'python', weight: '20' }, 'skills.0.weight'],
      ['a bad skill slug', { skillId: 'Python', weight: 20 }, 'skills.0.skillId'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, entry, field) => {
      const id = slug('bad-weight');
      const res = await asAdmin
        .post('/api/role-families')
        .send({ id, name: 'Bad', skills: [entry] })
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(errorOf(res).details?.map((d) => d.field)).toEqual([field]);
      const { rows } = await db.query('SELECT 1 FROM role_families WHERE id = $1', [id]);
      expect(rows).toHaveLength(0);
    });

    it('accepts the boundary weights 1 and 100', async () => {
      const family = await createFamily([
        { skillId: 'python', weight: 100 },
        { skillId: 'llm-nlp', weight: 1 },
      ]);
      expect(family.skills).toEqual([
        { skillId: 'python', weight: 100 },
        { skillId: 'llm-nlp', weight: 1 },
      ]);
    });

    it('refuses no skills, a bad id and a taken id', async () => {
      const empty = await asAdmin
        .post('/api/role-families')
        .send({ id: slug('empty'), name: 'Empty', skills: [] })
        .expect(400);
      expect(errorOf(empty).details?.map((d) => d.field)).toEqual(['skills']);
      const badId = await asAdmin
        .post('/api/role-families')
        .send({ id: 'Bad Id', name: 'Bad', skills: [{ skillId: 'python', weight: 1 }] })
        .expect(400);
      expect(errorOf(badId).details?.map((d) => d.field)).toEqual(['id']);
      const taken = await asAdmin
        .post('/api/role-families')
        .send({ id: 'ml-engineer', name: 'Again', skills: [{ skillId: 'python', weight: 1 }] })
        .expect(409);
      expect(errorOf(taken).code).toBe('ROLE_FAMILY_EXISTS');
      expect((await families()).find((f) => f.id === 'ml-engineer')?.skills).toHaveLength(7);
    });

    it('is for admins only (403)', async () => {
      const id = slug('forbidden-family');
      const res = await asRecruiter
        .post('/api/role-families')
        .send({ id, name: 'Nope', skills: [{ skillId: 'python', weight: 10 }] })
        .expect(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
      expect((await families()).some((f) => f.id === id)).toBe(false);
    });
  });

  describe('PATCH /api/role-families/:id', () => {
    it('replaces the weights (not merges), keeping the name, with an audit row role_family.updated', async () => {
      const family = await createFamily(
        [
          { skillId: 'python', weight: 60 },
          { skillId: 'llm-nlp', weight: 40 },
        ],
        'Replace Me',
      );
      const res = await asAdmin
        .patch(`/api/role-families/${family.id}`)
        .send({
          skills: [
            { skillId: 'statistics-math', weight: 70 },
            { skillId: 'python', weight: 30 },
          ],
        })
        .expect(200);
      const expected = {
        id: family.id,
        name: 'Replace Me',
        skills: [
          { skillId: 'statistics-math', weight: 70 },
          { skillId: 'python', weight: 30 },
        ],
      };
      expect(res.body).toEqual(expected);
      expect((await families()).find((f) => f.id === family.id)).toEqual(expected);
      const { rows: stored } = await db.query<{ skill_id: string; weight: number }>(
        'SELECT skill_id, weight FROM role_family_skills WHERE role_family_id = $1 ORDER BY skill_id',
        [family.id],
      );
      expect(stored).toEqual([
        { skill_id: 'python', weight: 30 },
        { skill_id: 'statistics-math', weight: 70 },
      ]);

      const rows = await auditRows('role_family.updated', family.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_type: 'user',
        actor_id: admin.id,
        action: 'role_family.updated',
        subject_type: 'role_family',
        subject_id: family.id,
      });
      expect(rows[0]!.details.skills).toEqual(['statistics-math:70', 'python:30']);
      expect(rows[0]!.details.fields).toEqual(expect.arrayContaining(['skills']));
    });

    it('renames without touching the weights', async () => {
      const family = await createFamily([{ skillId: 'python', weight: 10 }], 'Before');
      const res = await asAdmin
        .patch(`/api/role-families/${family.id}`)
        .send({ name: 'After' })
        .expect(200);
      expect(res.body).toEqual({
        id: family.id,
        name: 'After',
        skills: [{ skillId: 'python', weight: 10 }],
      });
    });

    it('refuses unknown and repeated skills and bad weights, keeping the old weights', async () => {
      const family = await createFamily([{ skillId: 'python', weight: 10 }]);
      const cases: [unknown, number, string][] = [
        [[{ skillId: 'no-such-skill', weight: 10 }], 400, 'UNKNOWN_SKILL'],
        [
          [
            { skillId: 'llm-nlp', weight: 10 },
            { skillId: 'llm-nlp', weight: 20 },
          ],
          400,
          'VALIDATION_FAILED',
        ],
        [[{ skillId: 'llm-nlp', weight: 0 }], 400, 'VALIDATION_FAILED'],
        [[{ skillId: 'llm-nlp', weight: 101 }], 400, 'VALIDATION_FAILED'],
        [[], 400, 'VALIDATION_FAILED'],
        [null, 400, 'VALIDATION_FAILED'],
      ];
      for (const [skillWeights, status, code] of cases) {
        const res = await asAdmin
          .patch(`/api/role-families/${family.id}`)
          .send({ skills: skillWeights })
          .expect(status);
        expect(errorOf(res).code).toBe(code);
      }
      const empty = await asAdmin.patch(`/api/role-families/${family.id}`).send({}).expect(400);
      expect(errorOf(empty).code).toBe('VALIDATION_FAILED');
      expect((await families()).find((f) => f.id === family.id)?.skills).toEqual([
        { skillId: 'python', weight: 10 },
      ]);
      expect(await auditRows('role_family.updated', family.id)).toHaveLength(0);
    });

    it('answers 404 ROLE_FAMILY_NOT_FOUND for an unknown family and 403 to recruiters', async () => {
      const missing = await asAdmin
        .patch(`/api/role-families/${slug('missing')}`)
        .send({ name: 'Ghost' })
        .expect(404);
      expect(errorOf(missing).code).toBe('ROLE_FAMILY_NOT_FOUND');
      const forbidden = await asRecruiter
        .patch('/api/role-families/ml-engineer')
        .send({ name: 'Hacked' })
        .expect(403);
      expect(errorOf(forbidden).code).toBe('FORBIDDEN');
      expect((await families()).find((f) => f.id === 'ml-engineer')?.name).toBe(
        'Machine Learning Engineer',
      );
    });
  });
});
