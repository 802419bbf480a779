/**
 * `npm run bench:answer`: the quiz's answer endpoint under load against a bare
 * INSERT-in-a-transaction endpoint on the same stack (answer-server.ts), measured in the same run
 * on the same embedded PostgreSQL. Quote the ratio; absolute numbers drift with the machine.
 *
 *   answer:   POST /api/attempts/current/answer, each request a different candidate (its own
 *             attempt cookie) answering the item it was served: the attempt guard's lookup, the
 *             attempt lock, the order and deadline checks, scoring, the update, the commit.
 *   baseline: POST /bench/insert with the same body shape and validation, one INSERT, one commit.
 *
 * Candidates are invited and brought to a served item through the real HTTP API beforehand (not
 * timed); each round serves every candidate its next item (not timed), then times the answers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import {
  BenchServer,
  fmt,
  median,
  startBenchServer,
  stopBenchServer,
  withBenchDatabase,
} from './bench-process';

const CANDIDATES = Number(process.env.BENCH_ANSWER_CANDIDATES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ADMIN = { email: 'bench.admin@example.com', password: 'bench-password-123' };

interface Candidate {
  cookie: string;
  seq: number;
}

/** One JSON request as a candidate; returns the body, throws on anything but 2xx. */
async function call(
  base: string,
  candidate: Candidate,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      cookie: candidate.cookie,
      origin: base,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function redeem(base: string, token: string): Promise<Candidate> {
  const res = await fetch(`${base}/invite/${token}`, {
    method: 'POST',
    headers: { origin: base, accept: 'application/json' },
    redirect: 'manual',
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('sift_attempt='));
  if (res.status !== 303 || !cookie) throw new Error(`redeem answered ${res.status}`);
  return { cookie, seq: 0 };
}

/** Invitation to served first item, through the candidate API. */
async function bringToQuiz(base: string, token: string): Promise<Candidate> {
  const candidate = await redeem(base, token);
  const view = await call(base, candidate, 'GET', '/api/attempts/current');
  const notice = view.notice as { version: string };
  const skills = view.skills as { id: string }[];
  await call(base, candidate, 'POST', '/api/attempts/current/consent', {
    noticeVersion: notice.version,
    agree: true,
  });
  await call(base, candidate, 'PUT', '/api/attempts/current/self-ratings', {
    ratings: skills.map((s) => ({ skill: s.id, level: 3 })),
  });
  const { terms } = (await call(base, candidate, 'GET', '/api/attempts/current/checklist')) as {
    terms: { position: number }[];
  };
  await call(base, candidate, 'PUT', '/api/attempts/current/checklist', {
    answers: terms.map((t) => ({ position: t.position, rating: t.position % 5 })),
  });
  return candidate;
}

async function serveNext(base: string, candidates: Candidate[]): Promise<void> {
  for (let i = 0; i < candidates.length; i += CONNECTIONS) {
    await Promise.all(
      candidates.slice(i, i + CONNECTIONS).map(async (candidate) => {
        const next = await call(base, candidate, 'POST', '/api/attempts/current/next');
        if (next.status !== 'item') throw new Error('a bench candidate finished early');
        candidate.seq = next.seq as number;
      }),
    );
  }
}

/**
 * One request per candidate from CONNECTIONS keep-alive connections, each taking the next
 * candidate as soon as its previous request is answered. A closed loop of this size finishes in
 * seconds, so it is timed with the clock around it (autocannon's duration is whole seconds).
 */
async function load(
  base: string,
  candidates: Candidate[],
  path: string,
): Promise<{ rps: number; p50: number; p99: number }> {
  const { port } = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const post = (candidate: Candidate) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ seq: Math.max(1, candidate.seq), choice: candidate.seq % 4 });
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent,
          headers: {
            cookie: candidate.cookie,
            origin: base,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const begin = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < candidates.length) {
        const candidate = candidates[next++]!;
        const sent = process.hrtime.bigint();
        const status = await post(candidate);
        latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
        if (status !== 200) failures.push(`${status}`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  agent.destroy();
  if (failures.length > 0) {
    throw new Error(
      `${path}: ${failures.length} requests failed (${failures.slice(0, 5).join(', ')})`,
    );
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: candidates.length / seconds, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  await withBenchDatabase('sift-bench-answer-', async ({ url, scratch, db }) => {
    let server: BenchServer | undefined;
    try {
      await db.query(
        'CREATE TABLE bench_answers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seq integer NOT NULL, choice smallint NOT NULL, at timestamptz NOT NULL DEFAULT now())',
      );
      server = await startBenchServer(
        join(__dirname, 'answer-server.ts'),
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
      const admin = admins[0]!.id;
      const { rows: reqs } = await db.query<{ id: string }>(
        `INSERT INTO requisitions (title, role_family_id, level, country, remote_policy, headcount, budget_currency,
                                 budget_min, budget_max, budget_pay_basis, status, created_by)
       VALUES ('Bench', 'ml-engineer', 'senior', 'DE', 'hybrid', 1, 'EUR', 1, 2, 'base', 'open', $1) RETURNING id`,
        [admin],
      );
      const requisition = reqs[0]!.id;
      // Two measured skills at the default cap of 12: ROUNDS answers never run a candidate out.
      await db.query(
        `INSERT INTO requisition_skills (requisition_id, skill_id, weight, min_level)
       VALUES ($1, 'python', 60, 3), ($1, 'llm-nlp', 40, 3)`,
        [requisition],
      );
      const tokens = Array.from({ length: CANDIDATES }, () =>
        randomBytes(32).toString('base64url'),
      );
      await db.query(
        `WITH people AS (
         INSERT INTO candidates (full_name, email)
         SELECT 'Bench ' || n, 'bench' || n || '@example.com' FROM generate_series(1, $2::int) n
         RETURNING id, email
       ), apps AS (
         INSERT INTO applications (candidate_id, requisition_id)
         SELECT id, $1 FROM people ORDER BY email RETURNING id
       ), numbered AS (
         SELECT id, row_number() OVER (ORDER BY id) AS n FROM apps
       )
       INSERT INTO invitations (application_id, token_hash, expires_at, delivery, created_by)
       SELECT numbered.id, decode(($3::text[])[numbered.n], 'hex'), now() + interval '7 days', 'copy', $4
       FROM numbered`,
        [
          requisition,
          CANDIDATES,
          tokens.map((t) => createHash('sha256').update(t).digest('hex')),
          admin,
        ],
      );
      const candidates: Candidate[] = [];
      for (let i = 0; i < tokens.length; i += CONNECTIONS) {
        candidates.push(
          ...(await Promise.all(tokens.slice(i, i + CONNECTIONS).map((t) => bringToQuiz(base, t)))),
        );
      }
      console.error(`${candidates.length} candidates at their first item`);

      // Warm-up: plans, pools, JIT; the baseline's first requests too.
      await load(base, candidates.slice(0, 100), '/bench/insert');

      const answer: { rps: number; p50: number; p99: number }[] = [];
      const baseline: { rps: number; p50: number; p99: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await serveNext(base, candidates);
        baseline.push(await load(base, candidates, '/bench/insert'));
        answer.push(await load(base, candidates, '/api/attempts/current/answer'));
        console.error(
          `round ${round + 1}: answer ${fmt(answer.at(-1)!.rps)} req/s, bare insert ${fmt(baseline.at(-1)!.rps)} req/s`,
        );
      }
      const { rows: stored } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM attempt_responses WHERE answered_at IS NOT NULL',
      );
      if (stored[0]!.n !== CANDIDATES * ROUNDS) {
        throw new Error(`expected ${CANDIDATES * ROUNDS} stored answers, found ${stored[0]!.n}`);
      }
      const a = median(answer.map((r) => r.rps));
      const b = median(baseline.map((r) => r.rps));
      console.log(
        `candidates: ${CANDIDATES}; connections: ${CONNECTIONS}; rounds: ${ROUNDS}; medians; each round ${CANDIDATES} requests per endpoint\n`,
      );
      console.log('| endpoint | req/s | p50 (ms) | p99 (ms) |');
      console.log('|---|---|---|---|');
      console.log(
        `| POST /api/attempts/current/answer | ${fmt(a)} | ${fmt(median(answer.map((r) => r.p50)), 1)} | ${fmt(median(answer.map((r) => r.p99)), 1)} |`,
      );
      console.log(
        `| bare INSERT in a transaction | ${fmt(b)} | ${fmt(median(baseline.map((r) => r.p50)), 1)} | ${fmt(median(baseline.map((r) => r.p99)), 1)} |`,
      );
      const ratios = answer.map((r, i) => r.rps / baseline[i]!.rps);
      console.log(
        `\nanswer / bare insert throughput: ${fmt(a / b, 2)} (target >= 0.5); per round ${ratios.map((r) => fmt(r, 2)).join(', ')}`,
      );
    } finally {
      await stopBenchServer(server);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
