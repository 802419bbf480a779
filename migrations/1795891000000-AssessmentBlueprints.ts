import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A requisition's assessment blueprint, once someone saves one (until then the requisition's
 * required skills give the default): the skills measured, the item cap per skill, the total time
 * limit and the number of checklist terms shown.
 */
export class AssessmentBlueprints1795891000000 implements MigrationInterface {
  name = 'AssessmentBlueprints1795891000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessment_blueprints (
        requisition_id uuid PRIMARY KEY REFERENCES requisitions (id) ON DELETE CASCADE,
        skills text[] NOT NULL CHECK (cardinality(skills) BETWEEN 1 AND 20),
        item_cap integer NOT NULL CHECK (item_cap BETWEEN 4 AND 30),
        time_limit_minutes integer NOT NULL CHECK (time_limit_minutes BETWEEN 5 AND 240),
        checklist_size integer NOT NULL CHECK (checklist_size BETWEEN 10 AND 60),
        updated_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE TRIGGER assessment_blueprints_touch_updated_at BEFORE UPDATE ON assessment_blueprints FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE assessment_blueprints');
  }
}
