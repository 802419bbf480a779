import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake gives each accepted row the ids its candidate and its application will have, while it
 * stages the row, instead of leaving them to the tables' defaults at merge time. The ids are the
 * same kind (UUID version 7, from a CSPRNG), made by Sift (src/common/uuidv7.ts): on the
 * embedded server every gen_random_uuid()/uuidv7() costs about 2 microseconds, two per row in a
 * merge that keeps both cores busy, while Node makes one in 0.2 microseconds (the 200,000 of a
 * 100,000-row file add about 40 ms to staging). The millisecond in such an id is when Sift received the row, seconds
 * (after a resumed import, longer) before the row's created_at. A staged id that turns out not
 * to be needed (the person is already on file) is dropped with the staging row.
 */
export class StagedIds1795899000000 implements MigrationInterface {
  name = 'StagedIds1795899000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE intake_staging ADD COLUMN candidate_id uuid, ADD COLUMN application_id uuid',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE intake_staging DROP COLUMN candidate_id, DROP COLUMN application_id',
    );
  }
}
