import { createStaff, signIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';
import { sql } from './harness/sql';

/** Demo mode: a few finished attempts made through the real candidate path. */
describe('demo attempts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SIFT_DEMO: 'true', SIFT_ATTEMPT_SWEEP_SECONDS: '0' } });
  });
  afterAll(() => t.close());

  it('finishes three attempts with results, each application moved to assessed, and says how long they took', async () => {
    const rows = await sql<{
      phase: string;
      assessed: boolean;
      skills: number;
      answered: number;
      consent_status: string;
      rapid: number;
    }>(
      t,
      `SELECT a.phase, c.consent_status,
              EXISTS (SELECT 1 FROM application_stage_history h WHERE h.application_id = ap.id
                        AND h.to_stage = 'assessed' AND h.reason = 'assessment finished') AS assessed,
              (SELECT count(*)::int FROM attempt_skill_results s WHERE s.attempt_id = a.id) AS skills,
              (SELECT count(*)::int FROM attempt_responses r WHERE r.attempt_id = a.id AND r.answered_at IS NOT NULL) AS answered,
              (res.integrity ->> 'rapidGuesses')::int AS rapid
         FROM attempts a
         JOIN applications ap ON ap.id = a.application_id
         JOIN candidates c ON c.id = ap.candidate_id
         JOIN attempt_results res ON res.attempt_id = a.id`,
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({
        phase: 'finished',
        assessed: true,
        consent_status: 'given',
        rapid: 0,
      });
      expect(row.skills).toBeGreaterThan(0);
      expect(row.answered).toBeGreaterThanOrEqual(row.skills);
    }
    const ready = t.logs.find((line) => line.msg === 'demo attempts ready');
    expect(ready).toMatchObject({ attempts: 3 });
  });

  it('shows the results to the demo hiring team through the staff API', async () => {
    const admin = await createStaff(t, ['admin']);
    const asAdmin = await signIn(t, admin);
    const [attempt] = await sql<{ application_id: string }>(
      t,
      'SELECT application_id FROM attempts ORDER BY created_at LIMIT 1',
    );
    const res = await asAdmin
      .get(`/api/applications/${attempt!.application_id}/assessment`)
      .expect(200);
    expect(res.body.attempt.phase).toBe('finished');
    expect(res.body.skills.length).toBeGreaterThan(0);
    expect(res.body.fitScore.score).toEqual(expect.any(Number));
  });
});
