import { Client } from 'pg';

export const MIN_SERVER_VERSION = 150000;
export const MAX_SERVER_MAJOR = 18;

/** Explains why a server version (server_version_num) is unsupported, or returns undefined. */
export function unsupportedServerReason(versionNum: number): string | undefined {
  const major = Math.floor(versionNum / 10000);
  if (versionNum < MIN_SERVER_VERSION) {
    return `PostgreSQL ${major} is too old: Sift needs PostgreSQL 15 to ${MAX_SERVER_MAJOR}`;
  }
  if (major > MAX_SERVER_MAJOR) {
    return `PostgreSQL ${major} is newer than Sift is tested with (15 to ${MAX_SERVER_MAJOR})`;
  }
  return undefined;
}

/** Fails start-up with a clear message instead of odd SQL errors later on an unsupported server. */
export async function checkServerVersion(url: string): Promise<number> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(
      "SELECT current_setting('server_version_num') AS v",
    );
    const versionNum = Number(rows[0]?.v);
    const reason = unsupportedServerReason(versionNum);
    if (reason) throw new Error(reason);
    return versionNum;
  } finally {
    await client.end();
  }
}
