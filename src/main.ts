import 'reflect-metadata';
import { ConfigError, loadConfig, SiftConfig } from './config/config';
import { JsonLogger } from './common/logging/json-logger';
import { runMigrations } from './database/migrate';
import { checkServerVersion } from './database/server-version';
import { OpenDatabase, openDatabase } from './database/open-database';
import { createApp } from './http/create-app';
import { demoCredentialsPath } from './users/staff-bootstrap.service';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

const SHUTDOWN_GRACE_MS = 15000;

async function main(): Promise<void> {
  let config: SiftConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = new JsonLogger(config.logLevel);
  const started = Date.now();
  let database: OpenDatabase | undefined;
  let app: NestFastifyApplication | undefined;

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.event('info', 'shutting down', { signal });
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app?.close();
      await database?.close();
    } finally {
      process.exit(0);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void shutdown(signal));
  }

  try {
    database = await openDatabase(config, (level, message) =>
      logger.event(level, message, { context: 'Database' }),
    );
    await checkServerVersion(database.url);
    if (config.migrationsRun) {
      const { applied } = await runMigrations(database.url);
      logger.event('info', 'migrations up to date', { applied });
    }
    app = await createApp({ config, databaseUrl: database.url, logger });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    logger.event('error', 'start-up failed', {
      error: error instanceof Error ? error.message : String(error),
    });
    process.stderr.write(
      `Sift could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await app?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    process.exit(1);
  }

  const mode = config.demo ? 'demo mode' : 'production mode';
  const db = database.embedded
    ? `embedded PostgreSQL in ${config.dataDir}`
    : 'PostgreSQL at DATABASE_URL';
  logger.event('info', 'listening', {
    url: config.publicUrl,
    demo: config.demo,
    startMs: Date.now() - started,
  });
  const credentials = config.demo
    ? `Demo staff sign-in details: ${demoCredentialsPath(config)} (readable only by you)\n`
    : '';
  process.stdout.write(
    `\nSift is running at ${config.publicUrl} (${mode}, ${db})\nAPI docs: ${config.publicUrl}/api/docs\n${credentials}\n`,
  );
}

void main();
