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
 * A new job's id is, to the planner, a value never seen in staging: with the statistics it had
 * before the file arrived, it expects a handful of rows, and the in-file dedupe (staging joined
 * with itself) was planned as a nested loop that ran for minutes on 100,000 rows. Intake
 * refreshes staging's statistics once the file is in. Autovacuum is off for staging in this
 * file's database so that nothing else refreshes them.
 */
describe('intake: the planner knows the rows of the job it merges', () => {
  let t: TestApp;
  let recruiter: StaffAccount;
  let asRecruiter: SignedIn;
  const ROWS = 2000;

  beforeAll(async () => {
    t = await startTestApp();
    recruiter = await createStaff(t, ['recruiter']);
    asRecruiter = await signIn(t, recruiter);
    await sql(t, 'ALTER TABLE intake_staging SET (autovacuum_enabled = off)');
    await sql(t, 'ANALYZE intake_staging'); // statistics of an empty staging table
  });
  afterAll(() => t.close());

  async function estimatedRows(jobId: string): Promise<number> {
    const [row] = await sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>(
      t,
      `EXPLAIN (FORMAT JSON) SELECT line FROM intake_staging WHERE job_id = '${jobId}'`,
    );
    return row!['QUERY PLAN'][0]!.Plan['Plan Rows'];
  }

  it('refreshes staging statistics after staging, and the dedupe and merge come out right', async () => {
    const req = await insertRequisition(t, { createdBy: recruiter.id });
    const rows = Array.from({ length: ROWS }, (_, i) => personRow(i, 'planner.example.com'));
    // Ten rows repeat an earlier row's email in other letter case: duplicates, the first wins.
    for (let i = 0; i < 10; i++) rows.push(personRow(i * 7, 'PLANNER.example.com'));
    const res = await uploadFile(asRecruiter, req, csvFile(HEADER, ...rows)).expect(201);
    const job = res.body as JobBody;

    expect(job.status).toBe('completed');
    expect(job.rows).toMatchObject({
      total: ROWS + 10,
      accepted: ROWS,
      created: ROWS,
      attached: ROWS,
      duplicate: 10,
      rejected: 0,
    });
    // Staging is empty again, but the statistics taken while it held the file remain: the
    // planner expects the job's rows, not the handful it guessed before.
    expect(await estimatedRows(job.id)).toBeGreaterThanOrEqual(ROWS / 2);
  });
});
