/**
 * Helpers for benchmarks that run Sift as its own process: a free port, and a bench server script
 * (a createApp with extra routes, see serveSift) started under ts-node and awaited until it prints
 * "ready". New benchmarks use these; older ones still carry their own copies.
 */
import 'reflect-metadata';
import { ModuleMetadata } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { JsonLogger } from '../src/common/logging/json-logger';
import { loadConfig } from '../src/config/config';
import { createApp } from '../src/http/create-app';
import { EmbeddedPostgres } from '../src/database/embedded/embedded-postgres';
import { runMigrations } from '../src/database/migrate';

export const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;
export const median = (values: number[]) => quantile(values, 0.5);
export const fmt = (n: number, digits = 0) => n.toFixed(digits);

export interface BenchDatabase {
  url: string;
  /** A folder of the run's own (mode 0711, so the postgres account can reach the cluster). */
  scratch: string;
  db: Client;
}

/**
 * A fresh embedded PostgreSQL, migrated, with a client on it, for the length of `work`; the
 * server and its folder are removed afterwards whatever happens.
 */
export async function withBenchDatabase(
  prefix: string,
  work: (bench: BenchDatabase) => Promise<void>,
): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(scratch, 0o711);
  const pg = new EmbeddedPostgres({ dataDir: join(scratch, 'pg') });
  await pg.start();
  const db = new Client({ connectionString: pg.url() });
  try {
    await runMigrations(pg.url());
    await db.connect();
    await work({ url: pg.url(), scratch, db });
  } finally {
    await db.end().catch(() => undefined);
    await pg.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface BenchServer {
  child: ChildProcess;
  port: number;
}

/** Runs `script <args...> <port>`-style servers: the port is passed as the second argument. */
export async function startBenchServer(
  script: string,
  databaseUrl: string,
  dataDir: string,
  env: Record<string, string>,
): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', script, databaseUrl, String(port), dataDir],
    { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout.on('data', (data: Buffer) => {
      if (data.toString().includes('ready')) resolve();
    });
  });
  return { child, port };
}

export async function stopBenchServer(server: BenchServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/**
 * The body of a bench server script: Sift from createApp with `imports` added, on the database,
 * port and data directory its command line names, quiet, with the admin from the environment.
 */
export async function serveSift(imports: ModuleMetadata['imports']): Promise<void> {
  const [databaseUrl, port] = [process.argv[2]!, Number(process.argv[3])];
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    SIFT_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SIFT_LOG_LEVEL: 'warn',
    SIFT_DATA_DIR: process.argv[4] ?? '/tmp',
    SIFT_OUTBOX_INTERVAL_MS: '0',
    SIFT_ATTEMPT_SWEEP_SECONDS: '0',
    SIFT_ADMIN_EMAIL: process.env.SIFT_ADMIN_EMAIL ?? '',
    SIFT_ADMIN_PASSWORD: process.env.SIFT_ADMIN_PASSWORD ?? '',
  });
  const app = await createApp({
    config,
    databaseUrl,
    logger: new JsonLogger(config.logLevel, () => undefined),
    imports,
  });
  await app.listen({ port, host: '127.0.0.1' });
  process.stdout.write('ready\n');
}
