/**
 * The baseline for the HTTP benchmark: bare Fastify and node-postgres doing the same database
 * round trip as GET /api/health, with none of Sift's layers (Nest, TypeORM, validation, helmet,
 * request-id and logging hooks). The ratio between the two is what those layers cost.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const [url, port] = [process.argv[2]!, Number(process.argv[3])];
const pool = new Pool({ connectionString: url, max: 10 });
pool.on('error', () => undefined);
const app = Fastify();
app.get('/api/health', async () => {
  const { rows } = await pool.query<{ now: Date }>('SELECT now() AS now');
  return { status: 'ok', database: 'up', time: rows[0]!.now.toISOString() };
});
app.listen({ port, host: '127.0.0.1' }).then(
  () => process.stdout.write('ready\n'),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
