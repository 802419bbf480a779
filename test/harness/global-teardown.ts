import { rmSync } from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.SIFT_TEST_ADMIN_URL;
  const template = process.env.SIFT_TEST_TEMPLATE;
  if (adminUrl && template) {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  const server = globalThis.__SIFT_TEST_SERVER__;
  if (server?.embedded) await server.embedded.stop();
  if (server?.dir) rmSync(server.dir, { recursive: true, force: true });
}
