import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = ['job_id', 'line', 'status', 'email_normalized'];

/**
 * Intake refreshes the planner's statistics of intake_staging once a file is in (the in-file
 * dedupe and the merge are planned from them). It needs only the columns those statements
 * filter and group on, and only coarsely: which jobs hold how many rows, how many are accepted,
 * how the lines and emails spread. A statistics target of 10 samples 3,000 rows instead of
 * 30,000; measured on 200,000 staged rows, ANALYZE of these columns took 13 ms against 120 ms
 * for the whole table at the default target.
 */
export class StagingStatistics1795898000000 implements MigrationInterface {
  name = 'StagingStatistics1795898000000';

  public async up(q: QueryRunner): Promise<void> {
    const set = COLUMNS.map((c) => `ALTER COLUMN ${c} SET STATISTICS 10`).join(', ');
    await q.query(`ALTER TABLE intake_staging ${set}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const reset = COLUMNS.map((c) => `ALTER COLUMN ${c} SET STATISTICS -1`).join(', ');
    await q.query(`ALTER TABLE intake_staging ${reset}`);
  }
}
