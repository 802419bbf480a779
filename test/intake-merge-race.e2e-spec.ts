import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { mergeBatch } from '../src/intake/intake-store';
import { createStaff } from './factories/staff';
import { insertRequisition } from './factories/requisitions';
import { startTestApp, TestApp } from './harness/app';
import { sql } from './harness/sql';

/**
 * A merge batch takes the fast statement when its people are new. Someone adding one of those
 * people while the batch runs must not fail the batch or duplicate the person: the batch starts
 * again from its savepoint with the general statement.
 */
describe('intake merge: a person added by someone else during the batch', () => {
  let t: TestApp;
  let job: { id: string; requisitionId: string; createdBy: string };

  beforeAll(async () => {
    t = await startTestApp();
    const recruiter = await createStaff(t, ['recruiter']);
    const requisitionId = await insertRequisition(t, { createdBy: recruiter.id });
    job = { id: randomUUID(), requisitionId, createdBy: recruiter.id };
    await sql(t, 'INSERT INTO intake_jobs (id, requisition_id, created_by) VALUES ($1, $2, $3)', [
      job.id,
      requisitionId,
      recruiter.id,
    ]);
    // Three new people and one already on file (in another case).
    await sql(t, `INSERT INTO candidates (full_name, email) VALUES ('Known', 'KNOWN@example.com')`);
    for (const [line, email] of [
      [2, 'a@example.com'],
      [3, 'race@example.com'],
      [4, 'b@example.com'],
      [5, 'known@example.com'],
    ] as const) {
      await sql(
        t,
        `INSERT INTO intake_staging (job_id, line, status, full_name, email, links)
         VALUES ($1, $2, 'accepted', $3, $4, '[]')`,
        [job.id, line, `Person ${line}`, email],
      );
    }
  });
  afterAll(() => t.close());

  it('waits for the other insert, then attaches that person instead of failing', async () => {
    const other = new Client({ connectionString: t.database!.url });
    await other.connect();
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO candidates (full_name, email) VALUES ('Raced', 'race@example.com')`,
      );
      await runner.startTransaction();
      const merging = mergeBatch(runner.manager, job, { from: 2, to: 102 });
      // The batch's insert now waits on the other transaction's uncommitted row.
      await waitFor(async () => {
        const rows = await sql<{ n: number }>(
          t,
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE wait_event_type = 'Lock' AND query LIKE '%intake_staging%'`,
        );
        return rows[0]!.n === 1;
      });
      await other.query('COMMIT');
      const counts = await merging;
      await runner.commitTransaction();

      expect(counts).toEqual({ merged: 4, created: 2, attached: 4 });
      const people = await sql<{ email: string; n: number }>(
        t,
        `SELECT email_normalized AS email, count(*)::int AS n FROM candidates GROUP BY 1 ORDER BY 1`,
      );
      expect(people).toEqual([
        { email: 'a@example.com', n: 1 },
        { email: 'b@example.com', n: 1 },
        { email: 'known@example.com', n: 1 },
        { email: 'race@example.com', n: 1 },
      ]);
      const applications = await sql<{ n: number }>(
        t,
        `SELECT count(*)::int AS n FROM applications a
         JOIN application_stage_history h ON h.application_id = a.id
         WHERE a.requisition_id = $1`,
        [job.requisitionId],
      );
      expect(applications[0]!.n).toBe(4);
      expect(await sql(t, 'SELECT 1 FROM intake_staging WHERE job_id = $1', [job.id])).toEqual([]);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      await other.end();
    }
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out waiting');
}
