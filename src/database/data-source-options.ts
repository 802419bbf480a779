import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

export interface DatabaseLogger {
  warn(message: string): void;
}

/**
 * One definition of how Sift talks to PostgreSQL, shared by the app, the migration CLI and tests.
 * Globs pick up .ts under ts-jest and .js in dist/, so the same migrations run everywhere.
 */
export function dataSourceOptions(url: string, logger?: DatabaseLogger): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: 'sift',
    poolSize: 10,
    extra: {
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
      // Times are judged by the database clock, and every session reads them in UTC. JIT compiling
      // costs tens of ms per query, more than Sift's queries (the 10,000-row shortlist included) take.
      options: '-c TimeZone=UTC -c jit=off',
    },
    // Without a handler a dropped idle connection (database restart) would crash the process;
    // the pool discards the broken client and opens new ones once the server is back.
    poolErrorHandler: (error: Error) => logger?.warn(`database connection lost: ${error.message}`),
  };
}
