import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SiftConfig } from '../src/config/config';
import { SIFT_CONFIG } from '../src/core/tokens';
import { DEMO_REQUISITIONS, demoCandidates } from '../src/demo/demo-content';
import { DEMO_INVITATIONS } from '../src/demo/demo-invitations';
import { DEMO_OFFERS } from '../src/demo/demo-offers';
import { signIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

async function count(url: string, table: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

function demoPassword(t: TestApp, email: string): string {
  const file = join(t.app.get<SiftConfig>(SIFT_CONFIG).dataDir, 'demo-credentials.txt');
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.includes(email));
  return line!.trim().split(/\s+/).pop()!;
}

describe('demo content', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SIFT_DEMO: 'true' } });
  });
  afterAll(() => t.close());

  it('seeds requisitions across regions, candidates and applications in every stage', async () => {
    const url = t.database!.url;
    expect(await count(url, 'requisitions')).toBe(DEMO_REQUISITIONS.length);
    expect(await count(url, 'candidates')).toBe(demoCandidates().length);
    const applications = demoCandidates().flatMap((c) => c.applications).length;
    expect(await count(url, 'applications')).toBe(applications);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const stages = await client.query<{ stage: string }>(
        'SELECT DISTINCT stage FROM applications ORDER BY stage',
      );
      expect(stages.rows.map((r) => r.stage)).toEqual([
        'applied',
        'assessed',
        'offer',
        'rejected',
        'screening',
        'shortlisted',
      ]);
      const countries = await client.query<{ country: string }>(
        'SELECT DISTINCT country FROM requisitions ORDER BY 1',
      );
      expect(countries.rows.map((r) => r.country)).toEqual(['CN', 'DE', 'GB', 'IN', 'US']);
    } finally {
      await client.end();
    }
  });

  it('invites some demo applications at screening (copy links), one after a superseded link', async () => {
    const email = 'riley.recruiter@demo.sift.test';
    const riley = await signIn(t, { email, password: demoPassword(t, email) });
    const res = await riley.get('/api/invitations').expect(200);
    const items = res.body.items as { status: string; delivery: string; applicationId: string }[];
    expect(items.filter((i) => i.status === 'pending')).toHaveLength(DEMO_INVITATIONS);
    expect(items.filter((i) => i.status === 'revoked')).toHaveLength(1);
    expect(new Set(items.map((i) => i.delivery))).toEqual(new Set(['copy']));
    // The demo's finished attempts (src/demo/demo-attempts.ts) have invitations of their own.
    const open = items.filter((i) => i.status === 'pending' || i.status === 'revoked');
    for (const { applicationId } of open) {
      const application = await riley.get(`/api/applications/${applicationId}`).expect(200);
      expect(application.body.stage).toBe('screening');
    }
  });

  it('a demo hiring manager sees only the requisitions of their team', async () => {
    const email = 'morgan.manager@demo.sift.test';
    const morgan = await signIn(t, { email, password: demoPassword(t, email) });
    const res = await morgan.get('/api/requisitions').expect(200);
    const titles = (res.body.items as { title: string }[]).map((r) => r.title).sort();
    expect(titles).toEqual(
      DEMO_REQUISITIONS.filter((r) => r.team.includes(email))
        .map((r) => r.title)
        .sort(),
    );
  });

  it('seeds benchmarked offers: one awaiting an admin, one sent, one remote', async () => {
    const client = new Client({ connectionString: t.database!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ status: string; blocking: boolean; remote: boolean }>(
        `SELECT o.status, b.blocking, b.result->'remoteWhatIf' <> 'null'::jsonb AS remote
           FROM offers o JOIN offer_benchmarks b ON b.id = o.current_benchmark_id ORDER BY o.status`,
      );
      expect(rows).toEqual(
        DEMO_OFFERS.map((o) => ({
          status: o.status,
          blocking: o.status === 'pending_approval',
          remote: o.status === 'draft',
        })).sort((a, b) => a.status.localeCompare(b.status)),
      );
    } finally {
      await client.end();
    }
  });

  it('seeds decisions on the assessed demo applications, shown in their reports', async () => {
    const decided = await count(t.database!.url, 'decisions');
    const finished = await count(t.database!.url, "attempts WHERE phase = 'finished'");
    expect(decided).toBe(finished);
    expect(decided).toBeGreaterThan(0);
    const client = new Client({ connectionString: t.database!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ application_id: string; email: string }>(
        `SELECT d.application_id, u.email FROM decisions d JOIN users u ON u.id = d.decided_by`,
      );
      for (const { application_id: id, email } of rows) {
        const lead = await signIn(t, { email, password: demoPassword(t, email) });
        const report = await lead.get(`/api/reports/applications/${id}`).expect(200);
        expect(report.body.decisions).toHaveLength(1);
        expect(report.body.assessment.skills.length).toBeGreaterThan(0);
        await lead.get(`/reports/applications/${id}`).expect(200);
      }
    } finally {
      await client.end();
    }
  });

  it('is seeded once: a restart on the same database adds nothing', async () => {
    const again = await startTestApp({
      databaseUrl: t.database!.url,
      env: { SIFT_DEMO: 'true', SIFT_DATA_DIR: t.app.get<SiftConfig>(SIFT_CONFIG).dataDir },
    });
    try {
      expect(await count(t.database!.url, 'requisitions')).toBe(DEMO_REQUISITIONS.length);
      expect(await count(t.database!.url, 'candidates')).toBe(demoCandidates().length);
    } finally {
      await again.close();
    }
  });
});
