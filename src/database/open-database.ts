import { SiftConfig } from '../config/config';
import { EmbeddedPostgres } from './embedded/embedded-postgres';

export interface OpenDatabase {
  url: string;
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

export type DatabaseLog = (level: 'info' | 'warn', message: string) => void;

/** DATABASE_URL when set; otherwise an embedded PostgreSQL kept in SIFT_DATA_DIR. */
export async function openDatabase(config: SiftConfig, log: DatabaseLog): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, close: () => Promise.resolve() };
  }
  const embedded = new EmbeddedPostgres({
    dataDir: config.dataDir,
    log,
  });
  await embedded.start();
  log(
    'info',
    `embedded PostgreSQL ready on 127.0.0.1:${embedded.port} (cluster ${embedded.cluster})`,
  );
  return { url: embedded.url(), embedded, close: () => embedded.stop() };
}
