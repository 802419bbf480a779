import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { IntakeService } from '../src/intake/intake.service';
import { IntakeSettings } from '../src/intake/intake-settings';
import { INTAKE_LOCK_CLASS } from '../src/intake/intake-store';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { insertRequisition } from './factories/requisitions';
import {
  csvFile,
  HEADER,
  JobBody,
  personRow,
  sql,
  uploadFile,
} from './fixtures/intake/intake-helpers';
import { startTestApp, TestApp } from './harness/app';

/**
 * Failures in the middle of an import: a batch that fails, a connection killed mid-batch, and a
 * worker that dies without recording anything. Each batch is one transaction with its progress
 * counters, so what is left is whole batches only, and repeating or resuming finishes the job.
 */
describe('intake: crashes mid-import', () => {
  let t: TestApp;
  let recruiter: StaffAccount;
  let asRecruiter: SignedIn;
  const ROWS = 3500;
  const BATCH = 1000;

  beforeAll(async () => {
    t = await startTestApp();
    recruiter = await createStaff(t, ['recruiter']);
    asRecruiter = await signIn(t, recruiter);
    const settings = t.app.get(IntakeSettings);
    settings.mergeBatchRows = BATCH;
    settings.progressEveryRows = BATCH;
  });
  afterAll(() => t.close());
  afterEach(async () => {
    await sql(t, 'DROP TRIGGER IF EXISTS boom ON candidates');
    await sql(t, 'DROP TRIGGER IF EXISTS no_failure ON intake_jobs');
  });

  /** 3,500 rows of a domain of the test's own; the row on line 1502 (in the 2nd batch) is `boom`. */
  function crashFile(domain: string): Buffer {
    const rows = Array.from({ length: ROWS }, (_, i) =>
      i === 1500 ? personRow(i, domain).replace(`person${i}@`, 'boom@') : personRow(i, domain),
    );
    return csvFile(HEADER, ...rows);
  }

  async function armTrigger(action: 'raise' | 'terminate'): Promise<void> {
    const body =
      action === 'raise'
        ? `RAISE EXCEPTION 'simulated failure in batch 2'`
        : 'PERFORM pg_terminate_backend(pg_backend_pid())';
    await sql(
      t,
      `CREATE OR REPLACE FUNCTION test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.email LIKE 'boom@%' THEN ${body}; END IF;
         RETURN NEW;
       END $$`,
    );
    await sql(
      t,
      'CREATE TRIGGER boom BEFORE INSERT ON candidates FOR EACH ROW EXECUTE FUNCTION test_boom()',
    );
  }

  async function state(req: string, domain: string) {
    const [row] = await sql<{ apps: string; people: string; history: string }>(
      t,
      `SELECT (SELECT count(*) FROM applications WHERE requisition_id = $1) AS apps,
              (SELECT count(*) FROM candidates WHERE email LIKE '%@' || $2) AS people,
              (SELECT count(*) FROM application_stage_history h JOIN applications a ON a.id = h.application_id
                WHERE a.requisition_id = $1) AS history`,
      [req, domain],
    );
    return { apps: Number(row!.apps), people: Number(row!.people), history: Number(row!.history) };
  }

  async function jobsOf(req: string): Promise<JobBody[]> {
    const res = await asRecruiter.get(`/api/requisitions/${req}/intake-jobs`).expect(200);
    return (res.body as { items: JobBody[] }).items;
  }

  it.each<['raise' | 'terminate', number, number]>([
    ['raise', 500, 1],
    ['terminate', 503, 1],
    ['raise', 500, 2],
  ])(
    'a batch that fails (%s; answer %i; %i merge workers) leaves whole batches only; uploading the file again finishes the import',
    async (action, status, workers) => {
      const settings = t.app.get(IntakeSettings);
      settings.mergeWorkers = workers;
      const domain = `${action}${workers}.crash.example.com`;
      const req = await insertRequisition(t, { createdBy: recruiter.id });
      const file = crashFile(domain);
      await armTrigger(action);
      try {
        await uploadFile(asRecruiter, req, file).expect(status);
      } finally {
        settings.mergeWorkers = 2;
      }

      const [failed] = await jobsOf(req);
      expect(failed).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/upload the file again/),
        rows: { total: ROWS, accepted: ROWS },
      });
      const merged = failed!.rows.done;
      if (workers === 1) {
        // The first batch is in, all of it; nothing of the second.
        expect(merged).toBe(BATCH);
      } else {
        // Batches merged side by side: those committed before the failure stay, each whole.
        expect(merged).toBeGreaterThanOrEqual(BATCH);
        expect(merged).toBeLessThan(ROWS);
      }
      expect(failed!.rows).toMatchObject({ created: merged, attached: merged });
      // Candidates, applications, history and the job's counters agree: no half-written batch.
      expect(await state(req, domain)).toEqual({ apps: merged, people: merged, history: merged });
      expect(await sql(t, `SELECT 1 FROM candidates WHERE email = $1`, [`boom@${domain}`])).toEqual(
        [],
      );
      expect(await sql(t, 'SELECT 1 FROM intake_staging WHERE job_id = $1', [failed!.id])).toEqual(
        [],
      );
      expect(
        await sql(
          t,
          `SELECT 1 FROM audit_events WHERE action = 'intake.failed' AND subject_id = $1`,
          [failed!.id],
        ),
      ).toHaveLength(1);

      await sql(t, 'DROP TRIGGER boom ON candidates');
      const again = (await uploadFile(asRecruiter, req, file).expect(201)).body as JobBody;
      expect(again).toMatchObject({
        status: 'completed',
        sameFileAs: null, // a failed job does not count as having imported the file
        rows: {
          total: ROWS,
          done: ROWS,
          accepted: ROWS,
          created: ROWS - merged,
          attached: ROWS - merged,
        },
      });
      expect(await state(req, domain)).toEqual({ apps: ROWS, people: ROWS, history: ROWS });
    },
  );

  it('a worker that dies without a word is resumed from its last committed batch', async () => {
    const domain = 'resume.crash.example.com';
    const req = await insertRequisition(t, { createdBy: recruiter.id });
    await armTrigger('terminate');
    // The dying worker cannot even record its failure: as if the process had been killed.
    await sql(
      t,
      `CREATE OR REPLACE FUNCTION test_no_failure() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'process is gone'; END $$`,
    );
    await sql(
      t,
      `CREATE TRIGGER no_failure BEFORE UPDATE ON intake_jobs FOR EACH ROW
       WHEN (NEW.status = 'failed') EXECUTE FUNCTION test_no_failure()`,
    );
    await uploadFile(asRecruiter, req, crashFile(domain)).expect(503);
    const [orphan] = await jobsOf(req);
    expect(orphan).toMatchObject({ status: 'running' });
    expect(orphan!.stagedAt).not.toBeNull();
    const merged = orphan!.rows.done;
    expect(merged).toBeGreaterThanOrEqual(BATCH);
    const staged = await sql<{ n: string }>(
      t,
      'SELECT count(*) AS n FROM intake_staging WHERE job_id = $1',
      [orphan!.id],
    );
    expect(Number(staged[0]!.n)).toBe(ROWS - merged);
    expect(await state(req, domain)).toEqual({ apps: merged, people: merged, history: merged });

    await sql(t, 'DROP TRIGGER boom ON candidates');
    await sql(t, 'DROP TRIGGER no_failure ON intake_jobs');
    expect(await t.app.get(IntakeService).recoverInterrupted()).toBe(1);

    const done = (await asRecruiter.get(`/api/intake-jobs/${orphan!.id}`).expect(200))
      .body as JobBody;
    expect(done).toMatchObject({
      status: 'completed',
      rows: { total: ROWS, done: ROWS, created: ROWS, attached: ROWS },
    });
    expect(await state(req, domain)).toEqual({ apps: ROWS, people: ROWS, history: ROWS });
    expect(await sql(t, 'SELECT 1 FROM intake_staging WHERE job_id = $1', [orphan!.id])).toEqual(
      [],
    );
    const events = await sql<{ actor_type: string }>(
      t,
      `SELECT actor_type FROM audit_events WHERE action = 'intake.completed' AND subject_id = $1`,
      [orphan!.id],
    );
    expect(events).toEqual([{ actor_type: 'system' }]);
    // History rows still name the uploader as the actor.
    const actors = await sql<{ actor_id: string }>(
      t,
      `SELECT DISTINCT h.actor_id FROM application_stage_history h JOIN applications a ON a.id = h.application_id
       WHERE a.requisition_id = $1`,
      [req],
    );
    expect(actors).toEqual([{ actor_id: recruiter.id }]);
  });

  it('a requisition closed during the import stops it after the batch in progress', async () => {
    const settings = t.app.get(IntakeSettings);
    settings.mergeWorkers = 1;
    const domain = 'closed.crash.example.com';
    const req = await insertRequisition(t, { createdBy: recruiter.id });
    // Someone closes the requisition while batch 2 is being merged (here: from inside it).
    await sql(
      t,
      `CREATE OR REPLACE FUNCTION test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.email LIKE 'boom@%' THEN
           UPDATE requisitions SET status = 'closed', close_reason = 'cancelled' WHERE id = '${req}';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await sql(
      t,
      'CREATE TRIGGER boom BEFORE INSERT ON candidates FOR EACH ROW EXECUTE FUNCTION test_boom()',
    );
    try {
      const res = await uploadFile(asRecruiter, req, crashFile(domain)).expect(409);
      expect((res.body as { code: string }).code).toBe('REQUISITION_NOT_ACCEPTING');
    } finally {
      settings.mergeWorkers = 2;
    }
    const [stopped] = await jobsOf(req);
    expect(stopped).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/stopped taking candidates.*closed/),
      rows: { done: 2 * BATCH, attached: 2 * BATCH },
    });
    expect(await state(req, domain)).toEqual({
      apps: 2 * BATCH,
      people: 2 * BATCH,
      history: 2 * BATCH,
    });
  });

  it('a job interrupted while its file was arriving is failed; a job with a live worker is left alone', async () => {
    const req = await insertRequisition(t, { createdBy: recruiter.id });
    const [lost, busy] = [randomUUID(), randomUUID()];
    for (const id of [lost, busy]) {
      await sql(
        t,
        `INSERT INTO intake_jobs (id, requisition_id, created_by, status, started_at) VALUES ($1, $2, $3, 'running', now())`,
        [id, req, recruiter.id],
      );
    }
    const worker = new Client({ connectionString: t.database!.url });
    await worker.connect();
    try {
      await worker.query('SELECT pg_advisory_lock($1, hashtext($2))', [INTAKE_LOCK_CLASS, busy]);
      expect(await t.app.get(IntakeService).recoverInterrupted()).toBe(1);
    } finally {
      await worker.end();
    }
    const rows = await sql<{ id: string; status: string; error: string | null }>(
      t,
      'SELECT id, status, error FROM intake_jobs WHERE id = ANY($1) ORDER BY status',
      [[lost, busy]],
    );
    expect(rows).toEqual([
      {
        id: lost,
        status: 'failed',
        error: expect.stringMatching(/before the whole file had been received/),
      },
      { id: busy, status: 'running', error: null },
    ]);
  });
});
