/**
 * `npm run bench:reports`: the candidate report and the shortlist, measured in one run on one
 * embedded PostgreSQL against the same stack (reports-server.ts). Quote ratios; absolute numbers
 * drift with the machine.
 *
 *   report rendering: GET /reports/applications/:id (HTML: seven reads, the view, the charts, the
 *                     template) under autocannon, cycling over assessed applications, against
 *                     GET /bench/applications/:id (one SELECT by id through the same guard and pool).
 *   shortlist:        GET /api/requisitions/:id/shortlist on a requisition of BENCH_APPLICATIONS
 *                     applications (default 10,000), one request at a time; p50 and p95 latency
 *                     (target p50 <= 100 ms), and the HTML page once per round for comparison.
 *
 * Seeding is SQL in bulk: candidates, applications, finished attempts with per-skill results for
 * 80% of them, offers with stored benchmarks for 5%, decisions for 10%.
 */
import autocannon from 'autocannon';
import { join } from 'node:path';
import type { Client } from 'pg';
import { settingsFor } from '../src/attempts/attempt-rules';
import {
  BenchServer,
  fmt,
  median,
  quantile,
  startBenchServer,
  stopBenchServer,
  withBenchDatabase,
} from './bench-process';

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SHORTLIST_RUNS = Number(process.env.BENCH_SHORTLIST_RUNS ?? 20);
const ADMIN = { email: 'bench.admin@example.com', password: 'bench-password-123' };
const SKILLS = ['python', 'ml-fundamentals', 'llm-nlp', 'mlops-deployment'];

/** The requisition, its applications and their results, in a handful of statements. */
async function seed(
  db: Client,
  admin: string,
): Promise<{ requisition: string; assessed: string[] }> {
  const { rows: reqs } = await db.query<{ id: string }>(
    `INSERT INTO requisitions (title, role_family_id, level, country, remote_policy, headcount, budget_currency,
                               budget_min, budget_max, budget_pay_basis, status, created_by)
     VALUES ('Bench reports', 'ai-engineer', 'mid', 'US', 'hybrid', 1, 'USD', 10000000, 14000000, 'base', 'open', $1)
     RETURNING id`,
    [admin],
  );
  const requisition = reqs[0]!.id;
  await db.query(
    `INSERT INTO requisition_skills (requisition_id, skill_id, weight, min_level)
     SELECT $1, s, 25, 3 FROM unnest($2::text[]) AS s`,
    [requisition, SKILLS],
  );
  await db.query('INSERT INTO requisition_team (requisition_id, user_id) VALUES ($1, $2)', [
    requisition,
    admin,
  ]);
  await db.query(
    `WITH people AS (
       INSERT INTO candidates (full_name, email, location)
       SELECT 'Bench Person ' || n, 'bench' || n || '@example.com', 'Austin, US' FROM generate_series(1, $2::int) n
       RETURNING id, email)
     INSERT INTO applications (candidate_id, requisition_id, stage, created_at)
     SELECT id, $1, 'assessed', now() - interval '30 days' + (row_number() OVER (ORDER BY email)) * interval '1 second'
       FROM people`,
    [requisition, APPLICATIONS],
  );
  const plan = {
    version: 1,
    requisitionId: requisition,
    skills: SKILLS.map((id) => ({ id, name: id })),
    required: SKILLS.map((skill) => ({ skill, weight: 25, minimumLevel: 3 })),
    itemCap: 12,
    timeLimitMinutes: 60,
    checklistSize: 20,
  };
  // 80% assessed: invitation, finished attempt, results.
  await db.query(
    `WITH chosen AS (
       SELECT id, row_number() OVER (ORDER BY id) AS n FROM applications WHERE requisition_id = $1
     ), inv AS (
       INSERT INTO invitations (application_id, token_hash, expires_at, delivery, created_by, created_at)
       SELECT id, sha256(convert_to(gen_random_uuid()::text, 'UTF8')), now() + interval '7 days', 'copy', $2,
              now() - interval '10 days'
         FROM chosen WHERE n % 5 <> 0
       RETURNING id, application_id)
     INSERT INTO attempts (invitation_id, application_id, phase, plan, time_multiplier, notice_version,
                           consented_at, deadline_at, created_at, finished_at, finish_reason)
     SELECT id, application_id, 'finished', $3, 1, 'bench', now() - interval '9 days', now() - interval '8 days',
            now() - interval '9 days', now() - interval '9 days' + (random() * interval '1 hour'), 'finished'
       FROM inv`,
    [requisition, admin, JSON.stringify(plan)],
  );
  await db.query(
    `INSERT INTO attempt_skill_results (attempt_id, skill_id, claimed, theta, se, items_used, verdict,
                                        p_below_claimed, p_above_next, stop_reason, settings)
     SELECT t.id, s, 1 + floor(random() * 5)::int, round((random() * 4 - 2)::numeric, 2), 0.4, 8,
            (ARRAY['overstated', 'consistent', 'consistent', 'understated', 'insufficient_evidence'])[1 + floor(random() * 5)::int],
            random(), random(), 'decided', $2
       FROM attempts t JOIN applications a ON a.id = t.application_id, unnest($3::text[]) AS s
      WHERE a.requisition_id = $1`,
    [requisition, JSON.stringify(settingsFor(12)), SKILLS],
  );
  await db.query(
    `INSERT INTO attempt_results (attempt_id, fit_score, fit, checklist, integrity, overstated_count,
                                  integrity_flag_count)
     SELECT t.id, f.score,
            jsonb_build_object('score', f.score, 'incomplete', false, 'skills',
              (SELECT jsonb_agg(jsonb_build_object('skill', s, 'weight', 25, 'probability', random(), 'assessed', true))
                 FROM unnest($2::text[]) AS s)),
            jsonb_build_object('realTerms', 16, 'foils', 4, 'hits', 10, 'falseAlarms', 1, 'hitRate', 0.625,
              'falseAlarmRate', 0.25, 'dPrime', 0.99, 'criterion', 0.18, 'accuracy', 0.375, 'bias', 0.4375,
              'foilsClaimed', '[]'::jsonb),
            jsonb_build_object('answered', 32, 'rapidGuesses', 0, 'effort', jsonb_build_object('rte', 1, 'flagged', false),
              'personFit', '[]'::jsonb, 'focusLost', 0, 'pastes', 0, 'foilsClaimed', 1,
              'flagged', CASE WHEN f.flagged THEN '["focus_lost"]'::jsonb ELSE '[]'::jsonb END),
            (SELECT count(*) FROM attempt_skill_results s WHERE s.attempt_id = t.id AND s.verdict = 'overstated'),
            CASE WHEN f.flagged THEN 1 ELSE 0 END
       FROM attempts t JOIN applications a ON a.id = t.application_id,
            LATERAL (SELECT round((random() * 100)::numeric, 1)::float8 AS score,
                            random() < 0.1 AS flagged) f
      WHERE a.requisition_id = $1`,
    [requisition, SKILLS],
  );
  return { requisition, assessed: await assessedIds(db, requisition) };
}

async function assessedIds(db: Client, requisition: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT a.id FROM applications a JOIN attempts t ON t.application_id = a.id
      WHERE a.requisition_id = $1 ORDER BY a.id`,
    [requisition],
  );
  return rows.map((r) => r.id);
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('sift_session='));
  if (res.status !== 200 || !cookie) throw new Error(`login answered ${res.status}`);
  return cookie;
}

/** Offers and decisions through the API, so their rows are the real ones. */
async function addOffersAndDecisions(base: string, cookie: string, ids: string[]): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const offers = ids.filter((_, i) => i % 20 === 0);
  const decisions = ids.filter((_, i) => i % 10 === 1);
  for (let i = 0; i < offers.length; i += CONNECTIONS) {
    await Promise.all(
      offers.slice(i, i + CONNECTIONS).map(async (applicationId, j) => {
        const offer = await post('/api/offers', {
          applicationId,
          base: { amount: 10_000_000 + ((i + j) % 40) * 100_000, currency: 'USD' },
        });
        await post(`/api/offers/${offer.id}/benchmark`, {});
      }),
    );
  }
  for (let i = 0; i < decisions.length; i += CONNECTIONS) {
    await Promise.all(
      decisions.slice(i, i + CONNECTIONS).map((applicationId, j) =>
        post('/api/decisions', {
          applicationId,
          outcome: (i + j) % 2 ? 'hold' : 'advance',
          reason: 'bench',
        }),
      ),
    );
  }
}

async function load(
  base: string,
  cookie: string,
  paths: string[],
): Promise<{ rps: number; p50: number; p99: number }> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: paths[next++ % paths.length]!,
          headers: { ...request.headers, cookie },
        }),
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0)
    throw new Error(`${paths[0]}: ${failed} of ${result.requests.total} requests failed`);
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

async function timed(base: string, cookie: string, path: string): Promise<number> {
  const begin = process.hrtime.bigint();
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return Number(process.hrtime.bigint() - begin) / 1e6;
}

async function main(): Promise<void> {
  await withBenchDatabase('sift-bench-reports-', async ({ url, scratch, db }) => {
    let server: BenchServer | undefined;
    try {
      server = await startBenchServer(
        join(__dirname, 'reports-server.ts'),
        url,
        join(scratch, 'sift'),
        {
          SIFT_ADMIN_EMAIL: ADMIN.email,
          SIFT_ADMIN_PASSWORD: ADMIN.password,
        },
      );
      const base = `http://127.0.0.1:${server.port}`;
      const { rows: admins } = await db.query<{ id: string }>(
        'SELECT id FROM users WHERE email = $1',
        [ADMIN.email],
      );
      const seeding = Date.now();
      const { requisition, assessed } = await seed(db, admins[0]!.id);
      const cookie = await signIn(base);
      await addOffersAndDecisions(base, cookie, assessed);
      await db.query('ANALYZE');
      console.error(
        `seeded ${APPLICATIONS} applications (${assessed.length} assessed) in ${Date.now() - seeding} ms`,
      );

      const reports = assessed.slice(0, 2000).map((id) => `/reports/applications/${id}`);
      const selects = assessed.slice(0, 2000).map((id) => `/bench/applications/${id}`);
      await load(base, cookie, reports.slice(0, 200)); // warm-up: JIT, plans, pool
      await load(base, cookie, selects.slice(0, 200));
      const report: { rps: number; p50: number; p99: number }[] = [];
      const select: { rps: number; p50: number; p99: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        select.push(await load(base, cookie, selects));
        report.push(await load(base, cookie, reports));
        console.error(
          `round ${round + 1}: report ${fmt(report.at(-1)!.rps)} /s, select ${fmt(select.at(-1)!.rps)} /s`,
        );
      }

      const shortlistPath = `/api/requisitions/${requisition}/shortlist`;
      for (let i = 0; i < 3; i++) await timed(base, cookie, shortlistPath); // warm-up
      const json: number[] = [];
      const filtered: number[] = [];
      const page: number[] = [];
      for (let i = 0; i < SHORTLIST_RUNS; i++) {
        json.push(await timed(base, cookie, shortlistPath));
        filtered.push(
          await timed(base, cookie, `${shortlistPath}?flag=overstated&sort=name&limit=200`),
        );
        page.push(await timed(base, cookie, `/reports/requisitions/${requisition}/shortlist`));
      }

      const r = median(report.map((x) => x.rps));
      const s = median(select.map((x) => x.rps));
      console.log(
        `applications: ${APPLICATIONS} (${assessed.length} assessed); load: ${CONNECTIONS} connections x ${SECONDS} s, ${ROUNDS} rounds, medians\n`,
      );
      console.log('| endpoint | req/s | p50 (ms) | p99 (ms) |');
      console.log('|---|---|---|---|');
      console.log(
        `| GET /reports/applications/:id (HTML report) | ${fmt(r)} | ${fmt(median(report.map((x) => x.p50)), 1)} | ${fmt(median(report.map((x) => x.p99)), 1)} |`,
      );
      console.log(
        `| GET /bench/applications/:id (bare SELECT by id) | ${fmt(s)} | ${fmt(median(select.map((x) => x.p50)), 1)} | ${fmt(median(select.map((x) => x.p99)), 1)} |`,
      );
      console.log(`\nreport / bare select throughput: ${fmt(r / s, 2)}\n`);
      console.log(
        `shortlist of ${APPLICATIONS} applications, ${SHORTLIST_RUNS} sequential requests each:\n`,
      );
      console.log('| request | p50 (ms) | p95 (ms) |');
      console.log('|---|---|---|');
      console.log(
        `| GET ${'/api/requisitions/:id/shortlist'} (first 50) | ${fmt(median(json), 1)} | ${fmt(quantile(json, 0.95), 1)} |`,
      );
      console.log(
        `| same, flag=overstated, sort=name, limit=200 | ${fmt(median(filtered), 1)} | ${fmt(quantile(filtered, 0.95), 1)} |`,
      );
      console.log(
        `| GET /reports/requisitions/:id/shortlist (HTML) | ${fmt(median(page), 1)} | ${fmt(quantile(page, 0.95), 1)} |`,
      );
      console.log(`\nshortlist p50 target <= 100 ms: ${median(json) <= 100 ? 'met' : 'NOT met'}`);
    } finally {
      await stopBenchServer(server);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
