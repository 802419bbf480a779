import { Client } from 'pg';
import { RetentionService } from '../src/candidates/retention.service';
import { createApplication, createCandidate } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff, signIn, StaffAccount } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

interface RunEvent {
  actor_type: string;
  actor_id: string | null;
  subject_id: string | null;
  details: { retentionDays: number; anonymised: number };
}

describe('retention (SIFT_RETENTION_DAYS)', () => {
  let a: TestApp;
  let db: Client;
  let recruiter: StaffAccount;
  let requisition: string;

  beforeAll(async () => {
    a = await startTestApp();
    db = new Client({ connectionString: a.database!.url });
    await db.connect();
    const admin = await createStaff(a, ['admin']);
    recruiter = await createStaff(a, ['recruiter']);
    requisition = await insertRequisition(a, { createdBy: admin.id });
  });
  afterAll(async () => {
    await db.end();
    await a.close();
  });

  /** Candidates whose last activity was `daysAgo` days ago, each with a rejected application. */
  async function people(count: number, daysAgo: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { id } = await createCandidate(a, { phone: '+1 555 0100', resumeText: 'Old CV' });
      await createApplication(a, {
        candidateId: id,
        requisitionId: requisition,
        actorId: recruiter.id,
        stages: ['rejected'],
      });
      ids.push(id);
    }
    await db.query(
      `UPDATE candidates SET last_activity_at = now() - make_interval(days => $2) WHERE id = ANY($1::uuid[])`,
      [ids, daysAgo],
    );
    return ids;
  }

  async function anonymised(ids: string[]): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM candidates
        WHERE id = ANY($1::uuid[]) AND anonymised_at IS NOT NULL AND full_name IS NULL
          AND email IS NULL AND phone IS NULL AND resume_text IS NULL`,
      [ids],
    );
    return rows.map((row) => row.id).sort();
  }

  async function runEvents(): Promise<RunEvent[]> {
    const { rows } = await db.query<RunEvent>(
      `SELECT actor_type, actor_id, subject_id, details FROM audit_events
        WHERE action = 'retention.run' ORDER BY id`,
    );
    return rows;
  }

  async function clearStale(): Promise<void> {
    // Earlier tests' leftovers would be counted by a later run: make everyone recent.
    await db.query('UPDATE candidates SET last_activity_at = now() WHERE anonymised_at IS NULL');
  }

  it('anonymises only candidates idle for longer than the setting, keeping their applications', async () => {
    await clearStale();
    const stale = await people(3, 45);
    const borderline = await people(1, 29);
    const fresh = await people(2, 0);
    const before = (await runEvents()).length;

    const run = await a.app.get(RetentionService).runOnce({ retentionDays: 30 });

    expect(run).toEqual({ retentionDays: 30, anonymised: 3 });
    expect(await anonymised(stale)).toEqual([...stale].sort());
    expect(await anonymised([...borderline, ...fresh])).toEqual([]);
    const { rows: apps } = await db.query<{ stage: string; rejection_reason: string }>(
      'SELECT stage, rejection_reason FROM applications WHERE candidate_id = ANY($1::uuid[])',
      [stale],
    );
    expect(apps).toEqual(Array(3).fill({ stage: 'rejected', rejection_reason: '' }));
    const { rows: reasons } = await db.query(
      `SELECT h.reason FROM application_stage_history h JOIN applications ap ON ap.id = h.application_id
        WHERE ap.candidate_id = ANY($1::uuid[]) AND h.reason IS NOT NULL`,
      [stale],
    );
    expect(reasons).toEqual([]);
    const events = (await runEvents()).slice(before);
    expect(events).toEqual([
      {
        actor_type: 'system',
        actor_id: null,
        subject_id: null,
        details: { retentionDays: 30, anonymised: 3 },
      },
    ]);
  });

  it('counts activity: a candidate touched by a change is no longer stale', async () => {
    await clearStale();
    const [touched, untouched] = await people(2, 60);
    const asRecruiter = await signIn(a, recruiter);
    await asRecruiter.patch(`/api/candidates/${touched}`).send({ location: 'Lisbon' }).expect(200);
    const run = await a.app.get(RetentionService).runOnce({ retentionDays: 30 });
    expect(run.anonymised).toBe(1);
    expect(await anonymised([touched!, untouched!])).toEqual([untouched]);
  });

  it('works through a backlog in batches', async () => {
    await clearStale();
    const stale = await people(7, 400);
    const run = await a.app.get(RetentionService).runOnce({ retentionDays: 365, batchSize: 2 });
    expect(run.anonymised).toBe(7);
    expect(await anonymised(stale)).toEqual([...stale].sort());
  });

  it('does nothing when retention is off (the default)', async () => {
    await clearStale();
    const stale = await people(1, 4000);
    const before = (await runEvents()).length;
    expect(await a.app.get(RetentionService).runOnce()).toEqual({
      retentionDays: null,
      anonymised: 0,
    });
    expect(await anonymised(stale)).toEqual([]);
    expect(await runEvents()).toHaveLength(before);
  });

  it('two app instances running it at once anonymise each stale candidate exactly once', async () => {
    await clearStale();
    const b = await startTestApp({ databaseUrl: a.database!.url });
    try {
      const stale = await people(6, 90);
      const fresh = await people(2, 1);
      const before = (await runEvents()).length;
      const runs = await Promise.all(
        // One row a batch, so unguarded runs would interleave and share the work.
        [a, b, a, b].map((app) =>
          app.app.get(RetentionService).runOnce({ retentionDays: 30, batchSize: 1 }),
        ),
      );
      // The advisory lock queues the runs: one does the work, the others find nothing left.
      expect(runs.map((run) => run.anonymised).sort()).toEqual([0, 0, 0, 6]);
      expect(await anonymised(stale)).toEqual([...stale].sort());
      expect(await anonymised(fresh)).toEqual([]);
      const events = (await runEvents()).slice(before);
      expect(events.map((e) => e.details.anonymised).sort()).toEqual([0, 0, 0, 6]);
    } finally {
      await b.close();
    }
  });

  it('runs at start-up on every instance (safely together) and stops with the app', async () => {
    await clearStale();
    const stale = await people(4, 40);
    const before = (await runEvents()).length;
    const env = { SIFT_RETENTION_DAYS: '30' };
    const instances = await Promise.all([
      startTestApp({ databaseUrl: a.database!.url, env }),
      startTestApp({ databaseUrl: a.database!.url, env }),
    ]);
    try {
      const finished = () =>
        instances.flatMap((i) => i.logs).filter((l) => l.msg === 'retention run finished');
      const deadline = Date.now() + 20_000;
      while (finished().length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const events = (await runEvents()).slice(before);
      expect(events.map((e) => e.details).sort((x, y) => x.anonymised - y.anonymised)).toEqual([
        { retentionDays: 30, anonymised: 0 },
        { retentionDays: 30, anonymised: 4 },
      ]);
      expect(await anonymised(stale)).toEqual([...stale].sort());
      const logged = finished();
      expect(logged).toHaveLength(2);
      expect(JSON.stringify(logged)).not.toMatch(/@example\.com|Old CV/);
    } finally {
      await Promise.all(instances.map((i) => i.close()));
    }
  });
});
