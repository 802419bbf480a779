import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createApplication, createCandidate, tag } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface CandidateBody {
  id: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  location: string | null;
  source: string | null;
  links: string[];
  resumeText?: string | null;
  consent: { status: string; version: string | null; at: string | null };
  lastActivityAt: string;
  anonymisedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface IntakeBody {
  candidate: CandidateBody;
  created: boolean;
}

interface Page {
  items: CandidateBody[];
  nextCursor: string | null;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; messages: string[] }[];
}

const SUMMARY_KEYS = [
  'anonymisedAt',
  'consent',
  'createdAt',
  'email',
  'fullName',
  'id',
  'lastActivityAt',
  'links',
  'location',
  'phone',
  'source',
  'updatedAt',
];
const DETAIL_KEYS = [...SUMMARY_KEYS, 'resumeText'].sort();
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const errorOf = (res: request.Response) => res.body as ErrorBody;
const fieldsOf = (res: request.Response) => (errorOf(res).details ?? []).map((d) => d.field);

describe('/api/candidates', () => {
  let t: TestApp;
  let db: Client;
  let admin: StaffAccount;
  let recruiter: StaffAccount;
  let manager: StaffAccount;
  let otherManager: StaffAccount;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;
  let asAdmin: SignedIn;
  let reqA: string;
  let reqB: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database!.url });
    await db.connect();
    admin = await createStaff(t, ['admin']);
    recruiter = await createStaff(t, ['recruiter']);
    manager = await createStaff(t, ['hiring_manager']);
    otherManager = await createStaff(t, ['hiring_manager']);
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, recruiter);
    asManager = await signIn(t, manager);
    reqA = await insertRequisition(t, { createdBy: admin.id, team: [manager.id] });
    reqB = await insertRequisition(t, { createdBy: admin.id, team: [otherManager.id] });
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const newCandidate = (overrides: Record<string, unknown> = {}) => ({
    fullName: 'Grace Hopper',
    email: `${tag('grace')}@example.com`,
    ...overrides,
  });

  async function auditFor(subjectId: string) {
    const { rows } = await db.query<{
      action: string;
      actor_id: string | null;
      details: Record<string, unknown>;
    }>('SELECT action, actor_id, details FROM audit_events WHERE subject_id = $1 ORDER BY id', [
      subjectId,
    ]);
    return rows;
  }

  async function lastActivity(id: string): Promise<Date> {
    const { rows } = await db.query<{ last_activity_at: Date }>(
      'SELECT last_activity_at FROM candidates WHERE id = $1',
      [id],
    );
    return rows[0]!.last_activity_at;
  }

  /** Moves the candidate's activity into the past, so a later touch is visible. */
  async function age(id: string): Promise<void> {
    await db.query(
      `UPDATE candidates SET last_activity_at = now() - interval '10 days' WHERE id = $1`,
      [id],
    );
  }

  describe('POST /api/candidates', () => {
    it('takes in a person: 201, created true, every field, consent pending, no internals', async () => {
      const email = `${tag('ada')}@Example.com`;
      const res = await asRecruiter
        .post('/api/candidates')
        .send({
          fullName: '  Ada Lovelace ',
          email: `  ${email} `,
          phone: '+44 20 7946 0000',
          location: 'London, UK',
          source: 'referral',
          links: ['https://github.com/ada', ' http://ada.example.com/cv '],
          resumeText: 'Analytical engines.\nNotes on Bernoulli numbers.',
        })
        .expect(201);
      const { candidate, created } = res.body as IntakeBody;
      expect(created).toBe(true);
      expect(Object.keys(res.body as object).sort()).toEqual(['candidate', 'created']);
      expect(Object.keys(candidate).sort()).toEqual(DETAIL_KEYS);
      expect(candidate).toMatchObject({
        fullName: 'Ada Lovelace',
        email,
        phone: '+44 20 7946 0000',
        location: 'London, UK',
        source: 'referral',
        links: ['https://github.com/ada', 'http://ada.example.com/cv'],
        resumeText: 'Analytical engines.\nNotes on Bernoulli numbers.',
        consent: { status: 'pending', version: null, at: null },
        anonymisedAt: null,
      });
      for (const time of [candidate.createdAt, candidate.updatedAt, candidate.lastActivityAt])
        expect(time).toMatch(ISO_UTC);
      expect(res.text).not.toMatch(/normali[sz]ed|email_|consent_/);
    });

    it('takes in a person with only a name and an email; empty optional fields are null', async () => {
      const res = await asAdmin
        .post('/api/candidates')
        .send(newCandidate({ phone: '', location: '   ', source: '', resumeText: '' }))
        .expect(201);
      expect((res.body as IntakeBody).candidate).toMatchObject({
        phone: null,
        location: null,
        source: null,
        links: [],
        resumeText: null,
      });
    });

    it('records candidate.created with ids only, in the same transaction', async () => {
      const email = `${tag('audit')}@example.com`;
      const res = await asRecruiter
        .post('/api/candidates')
        .send(newCandidate({ email, phone: '+1 555 0100' }))
        .expect(201);
      const id = (res.body as IntakeBody).candidate.id;
      const events = await auditFor(id);
      expect(events).toEqual([
        { action: 'candidate.created', actor_id: recruiter.id, details: {} },
      ]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['no name', { fullName: undefined }, 'fullName'],
      ['a blank name', { fullName: '   ' }, 'fullName'],
      ['a name too long', { fullName: 'x'.repeat(201) }, 'fullName'],
      ['a name with a control character', { fullName: 'Ada\u0000Lovelace' }, 'fullName'],
      ['a name with a line break', { fullName: 'Ada\nLovelace' }, 'fullName'],
      ['no email', { email: undefined }, 'email'],
      ['an email without a domain', { email: 'ada@' }, 'email'],
      ['a display-name email', { email: 'Ada <ada@example.com>' }, 'email'],
      ['an email that is a number', { email: 42 }, 'email'],
      ['a phone with letters', { phone: 'call me' }, 'phone'],
      ['a location too long', { location: 'x'.repeat(201) }, 'location'],
      ['a source too long', { source: 'x'.repeat(101) }, 'source'],
      ['a javascript: link', { links: ['javascript:alert(1)'] }, 'links'],
      ['a link without a scheme', { links: ['github.com/ada'] }, 'links'],
      ['links that are not a list', { links: 'https://github.com/ada' }, 'links'],
      [
        'too many links',
        { links: Array.from({ length: 11 }, (_, i) => `https://e.com/${i}`) },
        'links',
      ],
      ['the same link twice', { links: ['https://e.com/a', 'https://e.com/a'] }, 'links'],
      ['links set to null', { links: null }, 'links'],
      ['a résumé too long', { resumeText: 'x'.repeat(100_001) }, 'resumeText'],
      ['a résumé with a NUL', { resumeText: 'a\u0000b' }, 'resumeText'],
      ['a consent status', { consentStatus: 'given' }, 'consentStatus'],
      ['a consent object', { consent: { status: 'given' } }, 'consent'],
      ['consent time', { consentAt: '2026-01-01T00:00:00Z' }, 'consentAt'],
      ['an id', { id: randomUUID() }, 'id'],
      ['an anonymisation time', { anonymisedAt: '2026-01-01T00:00:00Z' }, 'anonymisedAt'],
    ])('400 VALIDATION_FAILED for %s', async (_name, overrides, field) => {
      const res = await asRecruiter
        .post('/api/candidates')
        .send(newCandidate(overrides))
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    });

    it('never stores a refused intake', async () => {
      const email = `${tag('refused')}@example.com`;
      await asRecruiter
        .post('/api/candidates')
        .send(newCandidate({ email, consentStatus: 'given' }))
        .expect(400);
      const { rowCount } = await db.query('SELECT 1 FROM candidates WHERE email_normalized = $1', [
        email,
      ]);
      expect(rowCount).toBe(0);
    });

    it('hiring managers cannot take in candidates (403); anonymous callers get 401', async () => {
      expect(
        errorOf(await asManager.post('/api/candidates').send(newCandidate()).expect(403)).code,
      ).toBe('FORBIDDEN');
      await t.http.post('/api/candidates').send(newCandidate()).expect(401);
    });
  });

  describe('dedupe on email', () => {
    it.each([' Ada@Example.COM ', 'ADA@EXAMPLE.COM', 'ada@example.com', '\tada@Example.Com\n'])(
      'the variant %j attaches to the existing person: 200, created false, unchanged',
      async (variant) => {
        const local = tag('ada');
        const first = await asRecruiter
          .post('/api/candidates')
          .send({ fullName: 'Ada Lovelace', email: `${local}@example.com`, phone: '+44 1234 5678' })
          .expect(201);
        const original = (first.body as IntakeBody).candidate;
        await age(original.id);
        const email = variant.replace(/ada/i, (m) => (m === 'ada' ? local : local.toUpperCase()));
        const again = await asRecruiter
          .post('/api/candidates')
          .send({ fullName: 'A. Lovelace', email, phone: '+1 555 0100', source: 'job board' })
          .expect(200);
        const body = again.body as IntakeBody;
        expect(body.created).toBe(false);
        expect(body.candidate).toMatchObject({
          id: original.id,
          fullName: 'Ada Lovelace',
          email: `${local}@example.com`,
          phone: '+44 1234 5678',
          source: null,
        });
        expect((await lastActivity(original.id)).getTime()).toBeGreaterThan(Date.now() - 60_000);
        const { rows } = await db.query<{ n: string }>(
          'SELECT count(*) AS n FROM candidates WHERE email_normalized = $1',
          [`${local}@example.com`.toLowerCase()],
        );
        expect(rows[0]!.n).toBe('1');
        expect((await auditFor(original.id)).map((e) => e.action)).toEqual([
          'candidate.created',
          'candidate.intake_matched',
        ]);
      },
    );

    it('concurrent intakes of one email (in different spellings) make exactly one person', async () => {
      const local = tag('race');
      const variants = [
        `${local}@example.com`,
        ` ${local.toUpperCase()}@EXAMPLE.COM`,
        `${local}@Example.com `,
        `${local}@example.COM`,
        `  ${local}@example.com`,
        `${local.toUpperCase()}@example.com`,
      ];
      const results = await Promise.all(
        variants.map((email) =>
          asRecruiter.post('/api/candidates').send({ fullName: 'Racer', email }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 201]);
      const ids = new Set(results.map((r) => (r.body as IntakeBody).candidate.id));
      expect(ids.size).toBe(1);
    });
  });

  describe('GET /api/candidates/:id', () => {
    it('returns the person with the résumé', async () => {
      const seed = await createCandidate(t, { resumeText: 'Compilers.' });
      const res = await asRecruiter.get(`/api/candidates/${seed.id}`).expect(200);
      expect(Object.keys(res.body as object).sort()).toEqual(DETAIL_KEYS);
      expect(res.body).toMatchObject({ id: seed.id, email: seed.email, resumeText: 'Compilers.' });
    });

    it('404 CANDIDATE_NOT_FOUND for an unknown id, 400 INVALID_ID for a malformed one', async () => {
      const missing = await asRecruiter.get(`/api/candidates/${randomUUID()}`).expect(404);
      expect(errorOf(missing).code).toBe('CANDIDATE_NOT_FOUND');
      const malformed = await asRecruiter.get('/api/candidates/not-a-uuid').expect(400);
      expect(errorOf(malformed).code).toBe('INVALID_ID');
    });
  });

  describe('PATCH /api/candidates/:id', () => {
    it('changes the given fields, clears with null, touches activity and audits field names only', async () => {
      const seed = await createCandidate(t, { phone: '+1 555 0100', location: 'Paris' });
      await age(seed.id);
      const res = await asRecruiter
        .patch(`/api/candidates/${seed.id}`)
        .send({ fullName: 'Grace B. Hopper', phone: null, links: ['https://e.com/g'] })
        .expect(200);
      expect(res.body).toMatchObject({
        id: seed.id,
        fullName: 'Grace B. Hopper',
        email: seed.email,
        phone: null,
        location: 'Paris',
        links: ['https://e.com/g'],
      });
      expect((await lastActivity(seed.id)).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const events = await auditFor(seed.id);
      expect(events.at(-1)).toEqual({
        action: 'candidate.updated',
        actor_id: recruiter.id,
        details: { fields: ['fullName', 'phone', 'links'] },
      });
      expect(JSON.stringify(events)).not.toContain('Hopper');
    });

    it('changes the email; another person’s email in any spelling is 409 CANDIDATE_EMAIL_TAKEN', async () => {
      const a = await createCandidate(t);
      const b = await createCandidate(t);
      const moved = `${tag('new')}@example.com`;
      await asRecruiter.patch(`/api/candidates/${a.id}`).send({ email: moved }).expect(200);
      const clash = await asRecruiter
        .patch(`/api/candidates/${a.id}`)
        .send({ email: ` ${b.email.toUpperCase()} ` })
        .expect(409);
      expect(errorOf(clash).code).toBe('CANDIDATE_EMAIL_TAKEN');
      expect((await asRecruiter.get(`/api/candidates/${a.id}`).expect(200)).body).toMatchObject({
        email: moved,
      });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['nothing to change', {}, '(body)'],
      ['a null name', { fullName: null }, 'fullName'],
      ['a null email', { email: null }, 'email'],
      ['a bad email', { email: 'nope' }, 'email'],
      ['null links', { links: null }, 'links'],
      ['a consent status', { consentStatus: 'given' }, 'consentStatus'],
      ['a consent version', { consentVersion: 'v1' }, 'consentVersion'],
    ])('400 VALIDATION_FAILED for %s', async (_name, body, field) => {
      const seed = await createCandidate(t);
      const res = await asRecruiter.patch(`/api/candidates/${seed.id}`).send(body).expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    });

    it('404 for an unknown candidate; hiring managers cannot edit (403)', async () => {
      const seed = await createCandidate(t);
      await createApplication(t, {
        candidateId: seed.id,
        requisitionId: reqA,
        actorId: recruiter.id,
      });
      await asRecruiter
        .patch(`/api/candidates/${randomUUID()}`)
        .send({ fullName: 'X' })
        .expect(404);
      const res = await asManager
        .patch(`/api/candidates/${seed.id}`)
        .send({ fullName: 'X' })
        .expect(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
    });
  });

  describe('GET /api/candidates (search)', () => {
    let marker: string;
    let people: { id: string; fullName: string; email: string }[];

    beforeAll(async () => {
      marker = tag('Zyx');
      people = [];
      for (const [i, name] of [
        'Alan Turing',
        'Alonzo Church',
        'Kurt Goedel',
        'Emmy Noether',
      ].entries()) {
        people.push(
          await createCandidate(t, {
            fullName: `${name} ${marker}`,
            email: `${marker.toLowerCase()}.${i}@example.com`,
          }),
        );
      }
      const [turing, church, goedel] = people as [
        (typeof people)[0],
        (typeof people)[0],
        (typeof people)[0],
      ];
      await createApplication(t, {
        candidateId: turing.id,
        requisitionId: reqA,
        actorId: recruiter.id,
        stages: ['screening'],
      });
      await createApplication(t, {
        candidateId: church.id,
        requisitionId: reqA,
        actorId: recruiter.id,
      });
      await createApplication(t, {
        candidateId: church.id,
        requisitionId: reqB,
        actorId: recruiter.id,
        stages: ['screening'],
      });
      await createApplication(t, {
        candidateId: goedel.id,
        requisitionId: reqB,
        actorId: recruiter.id,
      });
    });

    async function search(as: SignedIn, query: Record<string, string>): Promise<string[]> {
      const res = await as
        .get('/api/candidates')
        .query({ limit: '200', ...query })
        .expect(200);
      const page = res.body as Page;
      expect(page.nextCursor).toBeNull();
      return page.items.map((c) => c.fullName ?? '');
    }

    const names = (...first: string[]) => first.map((n) => expect.stringContaining(n) as string);

    it('finds by text in the name or email, case-insensitively, oldest first', async () => {
      expect(await search(asRecruiter, { q: marker.toUpperCase() })).toEqual(
        names('Alan', 'Alonzo', 'Kurt', 'Emmy'),
      );
      expect(await search(asRecruiter, { q: `alonzo church ${marker}` })).toEqual(names('Alonzo'));
      expect(await search(asRecruiter, { q: `${marker.toLowerCase()}.3@` })).toEqual(names('Emmy'));
      // LIKE wildcards in the text are literal.
      expect(await search(asRecruiter, { q: `${marker}%` })).toEqual([]);
      expect(await search(asRecruiter, { q: `_${marker.slice(1)}` })).toEqual([]);
    });

    it('finds by exact email in any case or spacing', async () => {
      expect(
        await search(asRecruiter, { email: `  ${marker.toUpperCase()}.2@EXAMPLE.com ` }),
      ).toEqual(names('Kurt'));
      expect(await search(asRecruiter, { email: `${marker}.2@example` })).toEqual([]);
    });

    it('filters by requisition, by stage, and by both (the same application)', async () => {
      expect(await search(asRecruiter, { q: marker, requisitionId: reqA })).toEqual(
        names('Alan', 'Alonzo'),
      );
      expect(await search(asRecruiter, { q: marker, stage: 'screening' })).toEqual(
        names('Alan', 'Alonzo'),
      );
      expect(
        await search(asRecruiter, { q: marker, requisitionId: reqA, stage: 'screening' }),
      ).toEqual(names('Alan'));
      expect(
        await search(asRecruiter, { q: marker, requisitionId: reqB, stage: 'applied' }),
      ).toEqual(names('Kurt'));
      expect(await search(asRecruiter, { q: marker, stage: 'hired' })).toEqual([]);
    });

    it('pages with a stable cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await asRecruiter
          .get('/api/candidates')
          .query({ q: marker, limit: '3', ...(cursor ? { cursor } : {}) })
          .expect(200);
        const page = res.body as Page;
        seen.push(...page.items.map((c) => c.id));
        expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(SUMMARY_KEYS);
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(2);
      expect(seen).toEqual(people.map((p) => p.id));
    });

    it.each<[string, Record<string, string>, string]>([
      ['a forged cursor', { cursor: 'bm90LWEtY3Vyc29y' }, 'INVALID_CURSOR'],
      ['an unknown stage', { stage: 'interview' }, 'VALIDATION_FAILED'],
      ['a malformed requisition id', { requisitionId: 'abc' }, 'VALIDATION_FAILED'],
      ['a limit of 0', { limit: '0' }, 'VALIDATION_FAILED'],
      ['an unknown filter', { name: 'x' }, 'VALIDATION_FAILED'],
    ])('400 for %s', async (_name, query, code) => {
      const res = await asRecruiter.get('/api/candidates').query(query).expect(400);
      expect(errorOf(res).code).toBe(code);
    });

    describe('hiring managers', () => {
      it('see only people with an application on a requisition of their team', async () => {
        expect(await search(asManager, { q: marker })).toEqual(names('Alan', 'Alonzo'));
        const asOther = await signIn(t, otherManager);
        expect(await search(asOther, { q: marker })).toEqual(names('Alonzo', 'Kurt'));
      });

      it('cannot learn about applications outside their team through the filters', async () => {
        // Church applied to both; through reqB (not this manager's) the filter finds nobody.
        expect(await search(asManager, { q: marker, requisitionId: reqB })).toEqual([]);
        expect(
          await search(asManager, { q: marker, requisitionId: reqB, stage: 'screening' }),
        ).toEqual([]);
        // Screening at reqA (Turing) is visible, Church's screening at reqB is not.
        expect(await search(asManager, { q: marker, stage: 'screening' })).toEqual(names('Alan'));
      });

      it('get 404 (never 403) for a person they cannot see, 200 for one they can', async () => {
        const [turing, , goedel, noether] = people;
        await asManager.get(`/api/candidates/${turing!.id}`).expect(200);
        for (const hidden of [goedel!, noether!]) {
          const res = await asManager.get(`/api/candidates/${hidden.id}`).expect(404);
          expect(errorOf(res).code).toBe('CANDIDATE_NOT_FOUND');
        }
      });

      it('a manager with no team sees nobody', async () => {
        const lonely = await createStaff(t, ['hiring_manager']);
        const asLonely = await signIn(t, lonely);
        expect(await search(asLonely, { q: marker })).toEqual([]);
        await asLonely.get(`/api/candidates/${people[0]!.id}`).expect(404);
      });

      it('recruiters and admins see everyone', async () => {
        expect(await search(asAdmin, { q: marker })).toHaveLength(4);
        expect(await search(asRecruiter, { q: marker })).toHaveLength(4);
      });
    });
  });
});
