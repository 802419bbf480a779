import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the shortlist ranks by, stored once per finished attempt instead of recomputed for every
 * application on every request: the number of skills judged overstated (from
 * attempt_skill_results) and of integrity signals raised (integrity->'flagged', which would
 * otherwise detoast the whole jsonb). The finaliser writes both with the results; existing rows
 * are backfilled here. No default: a writer that forgets them fails loudly instead of ranking
 * the attempt as spotless. Plus the index that finds an application's latest finished attempt
 * (the staff results' pick: newest finished_at, then newest created_at) in one probe.
 */
export class ShortlistSummary1795896000000 implements MigrationInterface {
  name = 'ShortlistSummary1795896000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE attempt_results
        ADD COLUMN overstated_count integer CHECK (overstated_count >= 0),
        ADD COLUMN integrity_flag_count integer CHECK (integrity_flag_count >= 0)`);
    await q.query(`
      UPDATE attempt_results r
         SET overstated_count = (SELECT count(*) FROM attempt_skill_results s
                                  WHERE s.attempt_id = r.attempt_id AND s.verdict = 'overstated'),
             integrity_flag_count = CASE jsonb_typeof(r.integrity->'flagged')
                                      WHEN 'array' THEN jsonb_array_length(r.integrity->'flagged')
                                      ELSE 0 END`);
    await q.query(`
      ALTER TABLE attempt_results
        ALTER COLUMN overstated_count SET NOT NULL,
        ALTER COLUMN integrity_flag_count SET NOT NULL`);
    await q.query(`
      CREATE INDEX attempts_latest_finished
          ON attempts (application_id, finished_at DESC, created_at DESC) INCLUDE (id)
       WHERE phase = 'finished'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX attempts_latest_finished');
    await q.query(`
      ALTER TABLE attempt_results
        DROP COLUMN overstated_count,
        DROP COLUMN integrity_flag_count`);
  }
}
