import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { PoolClient } from 'pg';
import { acceptedLine, StagingWriter } from '../src/intake/intake-store';
import { CandidateRow } from '../src/intake/intake-row';
import { uuidv7 } from '../src/common/uuidv7';
import { startTestApp, TestApp } from './harness/app';

/**
 * Staging COPY: a file that arrives quickly is one COPY (one transaction, so one xmin on all its
 * rows); once a COPY has been open for the writer's limit it is ended and a new one begun.
 */
describe('intake: COPY into staging', () => {
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    t = await startTestApp();
    client = new Client({ connectionString: t.database!.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  const row = (i: number): CandidateRow => ({
    fullName: `Person ${i}\twith a tab`,
    email: `copy${i}@staging.example.com`,
    phone: null,
    location: 'Lisbon',
    source: null,
    links: [],
    resumeText: 'line one\nline two \\ backslash',
    expectedSalary: null,
  });

  async function stage(rows: number, maxOpenMs: number) {
    const jobId = randomUUID();
    const writer = new StagingWriter(client as unknown as PoolClient, maxOpenMs);
    const first = { candidateId: uuidv7(), applicationId: uuidv7() };
    for (let i = 0; i < rows; i++) {
      const ids = i === 0 ? first : { candidateId: uuidv7(), applicationId: uuidv7() };
      const wait = writer.write(acceptedLine(jobId, i + 2, row(i), ids));
      if (wait) await wait;
    }
    await writer.end();
    const { rows: found } = await client.query<{ n: number; copies: number; name: string }>(
      `SELECT count(*)::int AS n, count(DISTINCT xmin::text)::int AS copies,
              min(full_name) FILTER (WHERE line = 2) AS name
       FROM intake_staging WHERE job_id = $1`,
      [jobId],
    );
    const { rows: text } = await client.query<{
      resume_text: string;
      candidate_id: string;
      application_id: string;
    }>(
      'SELECT resume_text, candidate_id, application_id FROM intake_staging WHERE job_id = $1 AND line = 2',
      [jobId],
    );
    await client.query('DELETE FROM intake_staging WHERE job_id = $1', [jobId]);
    const staged = text[0]!;
    return {
      ...found[0]!,
      resume: staged.resume_text,
      idsKept:
        staged.candidate_id === first.candidateId && staged.application_id === first.applicationId,
    };
  }

  it('stages a quickly arriving file in one COPY, values intact', async () => {
    const result = await stage(3000, 60_000);
    expect(result).toMatchObject({ n: 3000, copies: 1, name: 'Person 0\twith a tab' });
    expect(result.resume).toBe('line one\nline two \\ backslash');
    expect(result.idsKept).toBe(true);
  });

  it('ends a COPY that has been open for the limit and carries on in a new one', async () => {
    const result = await stage(3000, 0);
    expect(result.n).toBe(3000);
    expect(result.copies).toBeGreaterThan(1);
  });

  it('ending without a row written is a no-op', async () => {
    const writer = new StagingWriter(client as unknown as PoolClient, 0);
    await expect(writer.end()).resolves.toBeUndefined();
  });
});
