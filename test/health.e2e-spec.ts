import { join } from 'node:path';
import { EmbeddedPostgres } from '../src/database/embedded/embedded-postgres';
import { startTestApp, TestApp } from './harness/app';
import { removeDataDir, traversableDir } from './harness/dirs';

describe('GET /api/health', () => {
  it('answers 200 with the database clock when the database is up', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http.get('/api/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
      expect(Math.abs(Date.parse(res.body.time as string) - Date.now())).toBeLessThan(60_000);
    } finally {
      await t.close();
    }
  });

  describe('while its database server is stopped and started again', () => {
    // This test stops a server, so it runs its own rather than the shared one.
    const dataDir = join(traversableDir('sift-health'), 'data');
    const server = new EmbeddedPostgres({ dataDir });
    let t: TestApp;

    beforeAll(async () => {
      await server.start();
      t = await startTestApp({ databaseUrl: server.url() });
    });
    afterAll(async () => {
      await t?.close();
      await server.stop();
      removeDataDir(dataDir);
    });

    it('turns 503 while the server is down and 200 when it is back, without restarting the app', async () => {
      await t.http.get('/api/health').expect(200);

      await server.pause();
      const down = await t.http.get('/api/health').expect(503);
      expect(down.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(JSON.stringify(down.body)).not.toContain(server.url());
      // Idle pooled connections broke when the server stopped; the handler logged it instead of crashing.
      expect(t.logs.some((line) => String(line.msg).includes('database connection lost'))).toBe(
        true,
      );

      await server.resume();
      const up = await t.http.get('/api/health').expect(200);
      expect(up.body).toMatchObject({ status: 'ok', database: 'up' });
    });
  });
});
