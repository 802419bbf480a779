/**
 * `npm run bench`: Sift's start-up and request throughput, each against a baseline measured in the
 * same run on the same machine. Absolute numbers drift with the machine; quote the ratios.
 *
 *   start-up: seconds from spawning `node dist/src/main.js` to the first 200 from /api/health, on a
 *             fresh data directory (initdb included) and on a restart; baseline: the bare Fastify
 *             server of baseline-server.ts reaching its first 200 against the same database.
 *   requests: GET /api/health (one database round trip) under autocannon, Sift vs the baseline.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../src/database/embedded/embedded-postgres';

const ROOT = join(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function untilHealthy(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Started {
  child: ChildProcess;
  port: number;
  seconds: number;
}

async function startSift(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const begin = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    env: { PATH: process.env.PATH, PORT: String(port), SIFT_LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  await untilHealthy(port, child);
  return { child, port, seconds: Number(process.hrtime.bigint() - begin) / 1e9 };
}

async function startBaseline(url: string): Promise<Started> {
  const port = await freePort();
  const begin = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'baseline-server.ts'),
      url,
      String(port),
    ],
    { stdio: 'ignore', cwd: ROOT },
  );
  await untilHealthy(port, child);
  return { child, port, seconds: Number(process.hrtime.bigint() - begin) / 1e9 };
}

async function load(port: number): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/health`,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'sift-bench-'));
  chmodSync(scratch, 0o711);
  const shared = new EmbeddedPostgres({ dataDir: join(scratch, 'shared') });
  await shared.start();
  try {
    const first: number[] = [];
    const restart: number[] = [];
    const baselineStart: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dataDir = join(scratch, `startup-${round}`);
      const a = await startSift({ SIFT_DATA_DIR: dataDir });
      first.push(a.seconds);
      await stop(a.child);
      const b = await startSift({ SIFT_DATA_DIR: dataDir });
      restart.push(b.seconds);
      await stop(b.child);
      const c = await startBaseline(shared.url());
      baselineStart.push(c.seconds);
      await stop(c.child);
    }

    const sift = await startSift({ DATABASE_URL: shared.url(), SIFT_MIGRATIONS_RUN: 'true' });
    const baseline = await startBaseline(shared.url());
    const siftRuns: { rps: number; p99: number }[] = [];
    const baseRuns: { rps: number; p99: number }[] = [];
    try {
      await load(sift.port); // warm-up, both
      await load(baseline.port);
      for (let round = 0; round < ROUNDS; round++) {
        baseRuns.push(await load(baseline.port));
        siftRuns.push(await load(sift.port));
      }
    } finally {
      await stop(sift.child);
      await stop(baseline.child);
    }

    const base = median(baselineStart);
    const siftRps = median(siftRuns.map((r) => r.rps));
    const baseRps = median(baseRuns.map((r) => r.rps));
    console.log(`rounds: ${ROUNDS}; load: ${CONNECTIONS} connections x ${SECONDS} s; medians\n`);
    console.log('| measure | Sift | baseline | ratio Sift/baseline |');
    console.log('|---|---|---|---|');
    console.log(
      `| start-up to first 200, fresh data dir (s) | ${fmt(median(first))} | ${fmt(base)} | ${fmt(median(first) / base)} |`,
    );
    console.log(
      `| start-up to first 200, restart (s) | ${fmt(median(restart))} | ${fmt(base)} | ${fmt(median(restart) / base)} |`,
    );
    console.log(
      `| GET /api/health throughput (req/s) | ${fmt(siftRps, 0)} | ${fmt(baseRps, 0)} | ${fmt(siftRps / baseRps)} |`,
    );
    console.log(
      `| GET /api/health p99 latency (ms) | ${median(siftRuns.map((r) => r.p99))} | ${median(baseRuns.map((r) => r.p99))} | ${fmt(median(siftRuns.map((r) => r.p99)) / median(baseRuns.map((r) => r.p99)))} |`,
    );
  } finally {
    await shared.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
