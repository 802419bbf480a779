/**
 * `npm run bench:intake`: bulk CSV intake against `psql \copy`, measured in the same run on the
 * same machine and the same embedded PostgreSQL. Absolute numbers drift with the machine; quote
 * the ratio.
 *
 *   Sift:     POST /api/requisitions/:id/intake of a generated 100,000-row CSV, streamed from disk,
 *             until the response (the job completed): parse, validate, COPY into staging, dedupe,
 *             merge into candidates + applications + stage history in 5,000-row transactions.
 *   baseline: `psql \copy` of the same file into a table with the candidates table's columns,
 *             defaults and indexes (CREATE TABLE ... (LIKE candidates INCLUDING ALL)), plus text
 *             columns for the CSV's other fields. No validation, no applications, no history.
 *
 * Each round uses a file of new people, so both sides insert (not update) every row. Also shown:
 * uploading the same file again (nothing to create), and the Sift process's peak memory.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded/embedded-postgres';

const ROOT = join(__dirname, '..');
const ROWS = Number(process.env.BENCH_INTAKE_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PSQL = process.env.BENCH_PSQL ?? '/usr/bin/psql';
const ADMIN = { email: 'bench.admin@example.com', password: 'bench-password-123' };
const HEADER =
  'full_name,email,phone,location,source,links,resume_text,expected_salary,expected_currency,expected_pay_basis';
const BOUNDARY = '----sift-bench-boundary';

interface Job {
  id: string;
  status: string;
  rows: Record<string, number>;
  startedAt: string;
  stagedAt: string;
  finishedAt: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A CSV of ROWS new people (their emails unique to the round), written to disk line by line. */
async function writeCsv(path: string, round: number): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${HEADER}\n`);
  for (let start = 0; start < ROWS; start += 1000) {
    let chunk = '';
    for (let i = start; i < Math.min(start + 1000, ROWS); i++) {
      chunk +=
        `"Person ${i}, Round ${round}",person${i}@r${round}.bench.example.com,+1 555 ${String(i).padStart(7, '0')},` +
        `Berlin,referral,https://example.com/p/${i};https://github.com/p${i},` +
        `"Built retrieval pipelines in Python; fine-tuned transformers.",${100000 + (i % 1000)}.50,EUR,base\n`;
    }
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return statSync(path).size;
}

async function startSift(
  databaseUrl: string,
  dataDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      SIFT_PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      SIFT_DATA_DIR: dataDir,
      SIFT_LOG_LEVEL: 'warn',
      SIFT_ADMIN_EMAIL: ADMIN.email,
      SIFT_ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: 'ignore',
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Sift exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200)
        return { child, port };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function signIn(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.includes('sift_session='));
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}

/** Streams the file from disk as a chunked multipart upload; resolves with the finished job. */
function upload(port: number, cookie: string, requisitionId: string, file: string): Promise<Job> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/requisitions/${requisitionId}/intake`,
        headers: {
          cookie,
          origin: `http://127.0.0.1:${port}`,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as Job;
          if (res.statusCode !== 201 || body.status !== 'completed') {
            reject(new Error(`upload answered ${res.statusCode}: ${JSON.stringify(body)}`));
          } else resolve(body);
        });
      },
    );
    req.on('error', reject);
    req.write(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    const source = createReadStream(file);
    source.on('error', reject);
    source.on('end', () => req.end(`\r\n--${BOUNDARY}--\r\n`));
    source.pipe(req, { end: false });
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const begin = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - begin) / 1e9, value };
}

/** Resident memory of a process (Linux), in MB: now (VmRSS) or its peak so far (VmHWM). */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'sift-bench-intake-'));
  chmodSync(scratch, 0o711);
  const server = new EmbeddedPostgres({ dataDir: join(scratch, 'pg') });
  await server.start();
  let sift: { child: ChildProcess; port: number } | undefined;
  const db = new Client({ connectionString: server.url() });
  try {
    sift = await startSift(server.url(), join(scratch, 'sift'));
    await db.connect();
    const cookie = await signIn(sift.port);
    const { rows: admins } = await db.query<{ id: string }>(
      'SELECT id FROM users WHERE email = $1',
      [ADMIN.email],
    );
    const requisition = async () =>
      (
        await db.query<{ id: string }>(
          `INSERT INTO requisitions (title, role_family_id, level, country, remote_policy, headcount, budget_currency,
                                     budget_min, budget_max, budget_pay_basis, status, created_by)
           VALUES ('Bench', 'ml-engineer', 'senior', 'DE', 'hybrid', 1, 'EUR', 1, 2, 'base', 'open', $1) RETURNING id`,
          [admins[0]!.id],
        )
      ).rows[0]!.id;
    await db.query(`CREATE TABLE bench_candidates (LIKE candidates INCLUDING ALL)`);
    await db.query(
      `ALTER TABLE bench_candidates ADD COLUMN links_text text, ADD COLUMN expected_salary text,
                                    ADD COLUMN expected_currency text, ADD COLUMN expected_pay_basis text`,
    );
    const psqlCopy = (file: string) =>
      promisify(execFile)(PSQL, [
        server.url(),
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy bench_candidates (full_name, email, phone, location, source, links_text, resume_text, expected_salary, expected_currency, expected_pay_basis) FROM '${file}' WITH (FORMAT csv, HEADER true)`,
      ]);

    // Warm-up: a small file through both paths (connections, plans, JIT of the parser).
    const warm = join(scratch, 'warm.csv');
    await writeCsv(warm, 999);
    await upload(sift.port, cookie, await requisition(), warm);
    await psqlCopy(warm);

    const idle = rssMb(sift.child.pid!, 'VmRSS');
    const siftRuns: number[] = [];
    const psqlRuns: number[] = [];
    const stageRuns: number[] = [];
    const mergeRuns: number[] = [];
    const againRuns: number[] = [];
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const file = join(scratch, `round-${round}.csv`);
      bytes = await writeCsv(file, round);
      const req = await requisition();
      const baseline = await timed(() => psqlCopy(file));
      psqlRuns.push(baseline.seconds);
      const run = await timed(() => upload(sift!.port, cookie, req, file));
      const job = run.value;
      if (job.rows.created !== ROWS || job.rows.attached !== ROWS) {
        throw new Error(`unexpected counts ${JSON.stringify(job.rows)}`);
      }
      siftRuns.push(run.seconds);
      stageRuns.push((Date.parse(job.stagedAt) - Date.parse(job.startedAt)) / 1000);
      mergeRuns.push((Date.parse(job.finishedAt) - Date.parse(job.stagedAt)) / 1000);
      const again = await timed(() => upload(sift!.port, cookie, req, file));
      if (again.value.rows.created !== 0) throw new Error('the same file created rows again');
      againRuns.push(again.seconds);
      console.error(
        `round ${round + 1}: Sift ${fmt(run.seconds)} s (staged ${fmt(stageRuns.at(-1)!)} s, merged ${fmt(mergeRuns.at(-1)!)} s), psql ${fmt(baseline.seconds)} s, same file again ${fmt(again.seconds)} s`,
      );
      rmSync(file);
    }
    const peak = rssMb(sift.child.pid!, 'VmHWM');

    const siftS = median(siftRuns);
    const psqlS = median(psqlRuns);
    console.log(
      `rows: ${ROWS} (${fmt(bytes / 1e6, 1)} MB); rounds: ${ROUNDS}; medians; PostgreSQL ${(await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version}\n`,
    );
    console.log('| measure | Sift | psql \\copy | ratio Sift/psql |');
    console.log('|---|---|---|---|');
    console.log(
      `| upload to completed (s) | ${fmt(siftS)} | ${fmt(psqlS)} | ${fmt(siftS / psqlS)} |`,
    );
    console.log(
      `| rows/s | ${fmt(ROWS / siftS, 0)} | ${fmt(ROWS / psqlS, 0)} | ${fmt(psqlS / siftS)} |`,
    );
    console.log(`| of which: received, checked, staged (s) | ${fmt(median(stageRuns))} | | |`);
    console.log(
      `| of which: merged in 5,000-row transactions (s) | ${fmt(median(mergeRuns))} | | |`,
    );
    console.log(`| same file again, nothing created (s) | ${fmt(median(againRuns))} | | |`);
    console.log(
      `| Sift process RSS after warm-up / peak over all rounds (MB) | ${fmt(idle, 0)} / ${fmt(peak, 0)} | | |`,
    );
  } finally {
    await db.end().catch(() => undefined);
    if (sift && sift.child.exitCode === null) {
      const exited = new Promise((resolve) => sift!.child.once('exit', resolve));
      sift.child.kill('SIGTERM');
      await exited;
    }
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
