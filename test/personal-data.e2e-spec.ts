import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { tag } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

type Json = Record<string, unknown>;

interface ErrorBody {
  code: string;
}

const errorOf = (res: request.Response) => res.body as ErrorBody;

/** Where each column of the person's tables appears in the export (a dotted path). */
const EXPORT_PATHS: Record<string, Record<string, string>> = {
  candidates: {
    id: 'id',
    full_name: 'fullName',
    email: 'email',
    email_normalized: 'emailNormalized',
    phone: 'phone',
    location: 'location',
    source: 'source',
    links: 'links',
    resume_text: 'resumeText',
    consent_status: 'consentStatus',
    consent_version: 'consentVersion',
    consent_at: 'consentAt',
    last_activity_at: 'lastActivityAt',
    anonymised_at: 'anonymisedAt',
    created_at: 'createdAt',
    updated_at: 'updatedAt',
  },
  applications: {
    id: 'id',
    candidate_id: 'candidateId',
    requisition_id: 'requisitionId',
    stage: 'stage',
    rejection_reason: 'rejectionReason',
    expected_salary_amount: 'expectedSalary.amount',
    expected_salary_currency: 'expectedSalary.currency',
    expected_salary_pay_basis: 'expectedSalary.payBasis',
    created_at: 'createdAt',
    updated_at: 'updatedAt',
  },
  application_stage_history: {
    id: 'id',
    application_id: 'applicationId',
    from_stage: 'fromStage',
    to_stage: 'toStage',
    reason: 'reason',
    actor_id: 'actorId',
    at: 'at',
  },
};

function at(record: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Json | null | undefined)?.[key], record);
}

/** A database value as the export writes it: times as ISO strings, int8 as numbers or strings. */
function asExported(value: unknown, exported: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && typeof exported === 'number') return Number(value);
  return value;
}

describe('personal data: export and erasure', () => {
  let t: TestApp;
  let db: Client;
  let admin: StaffAccount;
  let recruiter: StaffAccount;
  let manager: StaffAccount;
  let asAdmin: SignedIn;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;
  let reqA: string;
  let reqB: string;

  beforeAll(async () => {
    // A relay that is never reached (nothing polls): invitation emails stay queued with the link.
    t = await startTestApp({
      env: { SIFT_SMTP_URL: 'smtp://127.0.0.1:9', SIFT_OUTBOX_INTERVAL_MS: '0' },
    });
    db = new Client({ connectionString: t.database!.url });
    await db.connect();
    admin = await createStaff(t, ['admin']);
    recruiter = await createStaff(t, ['recruiter']);
    manager = await createStaff(t, ['hiring_manager']);
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, recruiter);
    asManager = await signIn(t, manager);
    reqA = await insertRequisition(t, {
      createdBy: admin.id,
      team: [manager.id],
      title: 'Staff LLM Engineer',
    });
    reqB = await insertRequisition(t, { createdBy: admin.id, title: 'MLOps Engineer' });
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  interface Person {
    id: string;
    fullName: string;
    email: string;
    phone: string;
    location: string;
    source: string;
    link: string;
    resume: string;
    applications: string[];
  }

  /**
   * A person with distinctive values everywhere, two applications (one rejected), stage reasons
   * that quote their name and email (free text staff might write), consent on file, and edits.
   */
  async function seedPerson(): Promise<Person> {
    const key = tag('');
    const person = {
      fullName: `Quenby Marchetti-${key}`,
      email: `q.marchetti.${key}@example.org`,
      phone: `+39 06 ${randomInt(10_000_000, 100_000_000)}`,
      location: `Trastevere-${key}`,
      source: `meetup-${key}`,
      link: `https://github.com/qmarchetti${key}`,
      resume: `Résumé of Quenby ${key}.\nBuilt retrieval pipelines.`,
    };
    const created = await asRecruiter
      .post('/api/candidates')
      .send({
        fullName: person.fullName,
        email: ` ${person.email.toUpperCase()} `,
        phone: person.phone,
        location: person.location,
        source: person.source,
        links: [person.link],
        resumeText: person.resume,
      })
      .expect(201);
    const id = (created.body as { candidate: { id: string } }).candidate.id;
    // The same person arrives again (dedupe) and is edited.
    await asRecruiter
      .post('/api/candidates')
      .send({ fullName: person.fullName, email: person.email })
      .expect(200);
    await asRecruiter
      .patch(`/api/candidates/${id}`)
      .send({ email: person.email, location: person.location })
      .expect(200);
    // Consent as the candidate's own step will record it (no staff API can).
    await db.query(
      `UPDATE candidates SET consent_status = 'given', consent_version = 'notice-v3', consent_at = now() WHERE id = $1`,
      [id],
    );
    const applications: string[] = [];
    for (const requisitionId of [reqA, reqB]) {
      const res = await asRecruiter
        .post('/api/applications')
        .send({
          candidateId: id,
          requisitionId,
          expectedSalary: { amount: 11_000_000, currency: 'EUR', payBasis: 'base' },
        })
        .expect(201);
      applications.push((res.body as { id: string }).id);
    }
    await asRecruiter
      .post(`/api/applications/${applications[0]}/stage`)
      .send({ to: 'screening', reason: `${person.fullName} was referred; call ${person.phone}` })
      .expect(200);
    await asRecruiter
      .post(`/api/applications/${applications[1]}/stage`)
      .send({ to: 'rejected', reason: `Wrote to ${person.email}: ${person.fullName} declined` })
      .expect(200);
    // A hiring manager's decision quoting the person, and an offer.
    await asManager
      .post('/api/decisions')
      .send({
        applicationId: applications[0],
        outcome: 'hold',
        reason: `Hold ${person.fullName} until the team has met them`,
      })
      .expect(201);
    await asRecruiter
      .post('/api/offers')
      .send({ applicationId: applications[0], base: { amount: 11_500_000, currency: 'EUR' } })
      .expect(201);
    return { id, ...person, applications };
  }

  describe('GET /api/candidates/:id/export', () => {
    it('holds every column of the candidate, their applications and their stage history', async () => {
      const person = await seedPerson();
      const res = await asRecruiter.get(`/api/candidates/${person.id}/export`).expect(200);
      const body = res.body as {
        exportedAt: string;
        candidate: Json;
        applications: (Json & { stageHistory: Json[]; requisitionTitle: string })[];
        activity: Json[];
      };
      expect(Object.keys(body).sort()).toEqual([
        'activity',
        'applications',
        'candidate',
        'exportedAt',
      ]);

      // Every column of every table keyed to the person has a place in the export: a new column
      // fails this test until the export carries it.
      const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY table_name, ordinal_position`,
        [Object.keys(EXPORT_PATHS)],
      );
      for (const table of Object.keys(EXPORT_PATHS)) {
        expect(
          columns
            .filter((c) => c.table_name === table)
            .map((c) => c.column_name)
            .sort(),
        ).toEqual(Object.keys(EXPORT_PATHS[table]!).sort());
      }
      const { rows: keyed } = await db.query<{ table_name: string }>(
        `SELECT DISTINCT tc.table_name FROM information_schema.table_constraints tc
           JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
          WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name IN ('candidates', 'applications')`,
      );
      expect(keyed.map((r) => r.table_name).sort()).toEqual([
        'application_stage_history',
        'applications',
        // In the export as applications[].attempts (src/attempts/attempt-export.ts).
        'attempts',
        // In the export as applications[].decisions (reasons emptied by erasure).
        'decisions',
        // In the export as applications[].invitations (src/invitations/invitation-records.ts).
        'invitations',
        // In the export as applications[].offers.
        'offers',
      ]);

      // ...and each value is the stored one.
      const candidateRow = (
        await db.query<Json>('SELECT * FROM candidates WHERE id = $1', [person.id])
      ).rows[0]!;
      for (const [column, path] of Object.entries(EXPORT_PATHS.candidates!)) {
        const exported = at(body.candidate, path);
        expect([column, exported]).toEqual([column, asExported(candidateRow[column], exported)]);
      }
      expect(body.candidate).toMatchObject({
        fullName: person.fullName,
        email: person.email.toLowerCase(),
        emailNormalized: person.email.toLowerCase(),
        consentStatus: 'given',
        consentVersion: 'notice-v3',
        links: [person.link],
        resumeText: person.resume,
      });

      const applicationRows = (
        await db.query<Json>(
          'SELECT * FROM applications WHERE candidate_id = $1 ORDER BY created_at, id',
          [person.id],
        )
      ).rows;
      expect(body.applications.map((a) => a.id)).toEqual(applicationRows.map((r) => r.id));
      expect(body.applications.map((a) => a.requisitionTitle)).toEqual([
        'Staff LLM Engineer',
        'MLOps Engineer',
      ]);
      for (const [i, row] of applicationRows.entries()) {
        const exportedApp = body.applications[i]!;
        for (const [column, path] of Object.entries(EXPORT_PATHS.applications!)) {
          const exported = at(exportedApp, path);
          expect([column, exported]).toEqual([column, asExported(row[column], exported)]);
        }
        const historyRows = (
          await db.query<Json>(
            'SELECT * FROM application_stage_history WHERE application_id = $1 ORDER BY id',
            [row.id],
          )
        ).rows;
        expect(exportedApp.stageHistory).toHaveLength(historyRows.length);
        for (const [j, historyRow] of historyRows.entries()) {
          for (const [column, path] of Object.entries(EXPORT_PATHS.application_stage_history!)) {
            const exported = at(exportedApp.stageHistory[j], path);
            expect([column, exported]).toEqual([column, asExported(historyRow[column], exported)]);
          }
        }
      }
      expect(body.applications[1]).toMatchObject({ stage: 'rejected' });
      expect(String(body.applications[1]!.rejectionReason)).toContain(person.fullName);

      // The audit trail about the person and their applications, without staff addresses.
      expect(body.activity.map((e) => e.action)).toEqual([
        'candidate.created',
        'candidate.intake_matched',
        'candidate.updated',
        'application.created',
        'application.created',
        'application.stage_changed',
        'application.stage_changed',
        'decision.recorded',
        'offer.created',
      ]);
      // The decision and the offer, as their own APIs show them.
      const [decision] = (body.applications[0] as unknown as { decisions: Json[] }).decisions;
      expect(decision).toMatchObject({
        outcome: 'hold',
        reason: expect.stringContaining(person.fullName),
      });
      const [offer] = (body.applications[0] as unknown as { offers: Json[] }).offers;
      expect(offer).toMatchObject({
        status: 'draft',
        base: { amount: 11_500_000, currency: 'EUR' },
      });
      expect((body.applications[1] as unknown as { offers: Json[] }).offers).toEqual([]);
      expect(Object.keys(body.activity[0]!).sort()).toEqual(
        [
          'action',
          'actorId',
          'actorType',
          'details',
          'id',
          'occurredAt',
          'subjectId',
          'subjectType',
        ].sort(),
      );

      const { rows: exportEvents } = await db.query(
        `SELECT actor_id, details FROM audit_events WHERE action = 'candidate.exported' AND subject_id = $1`,
        [person.id],
      );
      expect(exportEvents).toEqual([{ actor_id: recruiter.id, details: { applications: 2 } }]);
    });

    it('admins may export; hiring managers may not (403), even for their own candidates', async () => {
      const person = await seedPerson();
      await asAdmin.get(`/api/candidates/${person.id}/export`).expect(200);
      await asManager.get(`/api/candidates/${person.id}`).expect(200);
      expect(
        errorOf(await asManager.get(`/api/candidates/${person.id}/export`).expect(403)).code,
      ).toBe('FORBIDDEN');
    });

    it('exports a person without applications; 404 for an unknown id', async () => {
      const res = await asRecruiter
        .post('/api/candidates')
        .send({ fullName: 'Solo Person', email: `${tag('solo')}@example.com` })
        .expect(201);
      const id = (res.body as { candidate: { id: string } }).candidate.id;
      const exported = await asRecruiter.get(`/api/candidates/${id}/export`).expect(200);
      expect(exported.body).toMatchObject({ applications: [], candidate: { id } });
      expect(
        errorOf(await asRecruiter.get(`/api/candidates/${randomUUID()}/export`).expect(404)).code,
      ).toBe('CANDIDATE_NOT_FOUND');
    });
  });

  describe('POST /api/candidates/:id/erase', () => {
    /** Every text-like column of every table in the public schema (the audit trail included). */
    async function textColumns(): Promise<{ table_name: string; column_name: string }[]> {
      const { rows } = await db.query<{ table_name: string; column_name: string }>(
        `SELECT c.table_name, c.column_name
           FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')
          ORDER BY c.table_name, c.column_name`,
      );
      return rows;
    }

    async function whereFound(needles: string[]): Promise<string[]> {
      const found: string[] = [];
      for (const { table_name, column_name } of await textColumns()) {
        for (const needle of needles) {
          const { rows } = await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE $1`,
            [`%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
          );
          if (rows[0]!.n !== '0') found.push(`${table_name}.${column_name}: ${needle}`);
        }
      }
      return found;
    }

    it('leaves no personal data in any text column of any table, and keeps the applications', async () => {
      const person = await seedPerson();
      // An invitation email waiting in the outbox holds the address and the name.
      await asRecruiter
        .post('/api/invitations')
        .send({ applicationId: person.applications[0], delivery: 'email' })
        .expect(201);
      const needles = [
        person.fullName,
        person.email,
        person.phone,
        person.location,
        person.source,
        person.link,
        person.resume,
      ];
      // The search does find the person before the erasure, in the expected places.
      const before = await whereFound(needles);
      expect(before).toEqual(
        expect.arrayContaining([
          `candidates.full_name: ${person.fullName}`,
          `candidates.email: ${person.email}`,
          `candidates.email_normalized: ${person.email}`,
          `candidates.phone: ${person.phone}`,
          `candidates.links: ${person.link}`,
          `application_stage_history.reason: ${person.fullName}`,
          `applications.rejection_reason: ${person.email}`,
          `outbox_messages.recipient: ${person.email}`,
          `outbox_messages.body: ${person.fullName}`,
        ]),
      );
      expect(before.filter((hit) => hit.startsWith('audit_events'))).toEqual([]);

      const res = await asAdmin.post(`/api/candidates/${person.id}/erase`).expect(200);
      expect(res.body).toMatchObject({
        id: person.id,
        fullName: null,
        email: null,
        phone: null,
        location: null,
        source: null,
        links: [],
        resumeText: null,
        consent: { status: 'pending', version: null, at: null },
        anonymisedAt: expect.any(String),
      });

      expect(await whereFound(needles)).toEqual([]);

      // The applications stay, for anonymous statistics, with their free text gone.
      const { rows: apps } = await db.query<{
        id: string;
        stage: string;
        rejection_reason: string | null;
      }>(
        'SELECT id, stage, rejection_reason FROM applications WHERE candidate_id = $1 ORDER BY created_at, id',
        [person.id],
      );
      expect(apps).toEqual([
        { id: person.applications[0], stage: 'screening', rejection_reason: null },
        { id: person.applications[1], stage: 'rejected', rejection_reason: '' },
      ]);
      const { rows: history } = await db.query<{ to_stage: string; reason: string | null }>(
        `SELECT h.to_stage, h.reason FROM application_stage_history h
           JOIN applications a ON a.id = h.application_id WHERE a.candidate_id = $1 ORDER BY h.id`,
        [person.id],
      );
      expect(history.map((h) => h.to_stage).sort()).toEqual([
        'applied',
        'applied',
        'rejected',
        'screening',
      ]);
      expect(history.every((h) => h.reason === null)).toBe(true);
      const { rows: events } = await db.query(
        `SELECT actor_id, details FROM audit_events WHERE action = 'candidate.erased' AND subject_id = $1`,
        [person.id],
      );
      expect(events).toEqual([{ actor_id: admin.id, details: { applications: 2 } }]);
    });

    it('afterwards: detail is the anonymised view, lists leave it out, changes are 409 CANDIDATE_ERASED', async () => {
      const person = await seedPerson();
      await asAdmin.post(`/api/candidates/${person.id}/erase`).expect(200);
      const detail = await asRecruiter.get(`/api/candidates/${person.id}`).expect(200);
      expect(detail.body).toMatchObject({ id: person.id, fullName: null, email: null });
      const manager = await asManager.get(`/api/candidates/${person.id}`).expect(200);
      expect(manager.body).toMatchObject({ fullName: null });
      const list = await asRecruiter.get('/api/candidates').query({ limit: '200' }).expect(200);
      expect((list.body as { items: { id: string }[] }).items.map((c) => c.id)).not.toContain(
        person.id,
      );

      const refused = [
        await asAdmin.post(`/api/candidates/${person.id}/erase`),
        await asRecruiter.get(`/api/candidates/${person.id}/export`),
        await asRecruiter.patch(`/api/candidates/${person.id}`).send({ fullName: 'Back Again' }),
        await asRecruiter
          .post(`/api/applications/${person.applications[0]}/stage`)
          .send({ to: 'assessed' }),
        await asRecruiter
          .patch(`/api/applications/${person.applications[0]}`)
          .send({ expectedSalary: null }),
      ];
      for (const res of refused) {
        expect([res.status, errorOf(res).code]).toEqual([409, 'CANDIDATE_ERASED']);
      }
      // The applications are still there to count.
      const apps = await asRecruiter
        .get('/api/applications')
        .query({ candidateId: person.id })
        .expect(200);
      expect((apps.body as { items: unknown[] }).items).toHaveLength(2);
    });

    it('frees the email for a new person', async () => {
      const person = await seedPerson();
      await asAdmin.post(`/api/candidates/${person.id}/erase`).expect(200);
      const again = await asRecruiter
        .post('/api/candidates')
        .send({ fullName: 'Someone New', email: person.email.toLowerCase() })
        .expect(201);
      const body = again.body as { candidate: { id: string }; created: boolean };
      expect(body.created).toBe(true);
      expect(body.candidate.id).not.toBe(person.id);
      const res = await asAdmin
        .post('/api/applications')
        .send({ candidateId: person.id, requisitionId: reqA })
        .expect(409);
      expect(errorOf(res).code).toBe('CANDIDATE_ERASED');
    });

    it('only admins erase: recruiters and hiring managers get 403; unknown ids 404', async () => {
      const person = await seedPerson();
      await asRecruiter.post(`/api/candidates/${person.id}/erase`).expect(403);
      await asManager.post(`/api/candidates/${person.id}/erase`).expect(403);
      const { rows } = await db.query('SELECT anonymised_at FROM candidates WHERE id = $1', [
        person.id,
      ]);
      expect(rows).toEqual([{ anonymised_at: null }]);
      expect(
        errorOf(await asAdmin.post(`/api/candidates/${randomUUID()}/erase`).expect(404)).code,
      ).toBe('CANDIDATE_NOT_FOUND');
    });
  });
});
