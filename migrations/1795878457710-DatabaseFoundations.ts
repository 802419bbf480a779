import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trigger functions later tables attach to: updated_at set by the database clock (never the
 * app's), and append-only tables (the audit trail) that refuse UPDATE and DELETE in the database
 * itself rather than only in application code.
 */
export class DatabaseFoundations1795878457710 implements MigrationInterface {
  name = 'DatabaseFoundations1795878457710';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION sift_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.updated_at := now();
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION sift_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'object_not_in_prerequisite_state';
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION sift_forbid_change()');
    await queryRunner.query('DROP FUNCTION sift_touch_updated_at()');
  }
}
