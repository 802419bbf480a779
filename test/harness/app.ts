import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleMetadata } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { JsonLogger } from '../../src/common/logging/json-logger';
import { createApp } from '../../src/http/create-app';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  /** Every log line the app wrote, parsed, so tests can check what is (and is not) logged. */
  logs: Record<string, unknown>[];
  /** The origin of SIFT_PUBLIC_URL: what a browser on Sift sends as Origin. */
  origin: string;
  database?: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  imports?: ModuleMetadata['imports'];
  env?: Record<string, string>;
  /** Use this database instead of a fresh clone of the template. */
  databaseUrl?: string;
  /** Called with the Fastify instance before routes are registered. */
  beforeInit?: (app: NestFastifyApplication) => void;
}

/** The real application (same factory as main.ts) on a database of the test file's own. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database!.url;
  // A data directory of the app's own, removed on close, unless the test brings one.
  const ownDataDir = options.env?.SIFT_DATA_DIR
    ? undefined
    : mkdtempSync(join(tmpdir(), 'sift-app-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    SIFT_LOG_LEVEL: 'info',
    ...(ownDataDir ? { SIFT_DATA_DIR: ownDataDir } : {}),
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger = new JsonLogger(config.logLevel, (line) =>
    logs.push(JSON.parse(line) as Record<string, unknown>),
  );
  const app = await createApp({ config, databaseUrl, logger, imports: options.imports });
  options.beforeInit?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: request(app.getHttpServer()),
    logs,
    origin: new URL(config.publicUrl).origin,
    database,
    close: async () => {
      await app.close();
      await database?.drop();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
