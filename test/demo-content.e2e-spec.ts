import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SiftConfig } from '../src/config/config';
import { SIFT_CONFIG } from '../src/core/tokens';
import { DEMO_REQUISITIONS, demoCandidates } from '../src/demo/demo-content';
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
