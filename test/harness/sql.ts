import { Client } from 'pg';
import type { TestApp } from './app';

/** Runs one statement on a test app's own database (or on the database a URL names). */
export async function sql<T = Record<string, unknown>>(
  target: TestApp | string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const url = typeof target === 'string' ? target : target.database!.url;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
