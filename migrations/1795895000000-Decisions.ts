import { MigrationInterface, QueryRunner } from 'typeorm';

const STAGES = "('applied', 'screening', 'assessed', 'shortlisted', 'offer', 'hired', 'rejected')";

/**
 * Hiring decisions on applications: advance, hold or reject, each with its reason and the stages
 * before and after. Append-only, with one exception: erasing a candidate empties the reasons of
 * the decisions on their applications (a reason is free text about a person), done here by a
 * trigger on candidates so every erasure path (on request, retention) does it in its own
 * transaction. `seq` orders an application's decisions in the order their transactions took the
 * application's lock, which created_at (the transaction's start) cannot promise.
 */
export class Decisions1795895000000 implements MigrationInterface {
  name = 'Decisions1795895000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        application_id uuid NOT NULL REFERENCES applications (id),
        decided_by uuid NOT NULL REFERENCES users (id),
        outcome text NOT NULL CHECK (outcome IN ('advance', 'hold', 'reject')),
        reason text CHECK (length(reason) BETWEEN 1 AND 2000),
        reason_erased_at timestamptz,
        from_stage text NOT NULL CHECK (from_stage IN ${STAGES}),
        to_stage text NOT NULL CHECK (to_stage IN ${STAGES}),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((reason IS NULL) = (reason_erased_at IS NOT NULL)),
        CHECK (from_stage NOT IN ('hired', 'rejected')),
        CHECK (CASE outcome
                 WHEN 'hold' THEN to_stage = from_stage
                 WHEN 'reject' THEN to_stage = 'rejected'
                 ELSE to_stage NOT IN (from_stage, 'rejected') END)
      )`);
    await q.query('CREATE INDEX decisions_application ON decisions (application_id, seq)');

    // Only the erasure of a reason passes; every other change, and every delete, is refused.
    await q.query(`
      CREATE FUNCTION sift_decisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.reason IS NULL AND NEW.reason_erased_at IS NOT NULL
           AND (NEW.id, NEW.seq, NEW.application_id, NEW.decided_by, NEW.outcome, NEW.from_stage,
                NEW.to_stage, NEW.created_at)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.seq, OLD.application_id, OLD.decided_by, OLD.outcome, OLD.from_stage,
                OLD.to_stage, OLD.created_at) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% on decisions is not allowed: decisions are append-only', TG_OP
          USING ERRCODE = 'object_not_in_prerequisite_state';
      END
      $$`);
    await q.query(
      'CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION sift_decisions_guard()',
    );
    await q.query(
      'CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions FOR EACH STATEMENT EXECUTE FUNCTION sift_forbid_change()',
    );

    await q.query(`
      CREATE FUNCTION sift_erase_decision_reasons() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE decisions d SET reason = NULL, reason_erased_at = now()
          FROM applications a
         WHERE a.id = d.application_id AND a.candidate_id = NEW.id AND d.reason IS NOT NULL;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER candidates_erase_decision_reasons AFTER UPDATE OF anonymised_at ON candidates
        FOR EACH ROW WHEN (OLD.anonymised_at IS NULL AND NEW.anonymised_at IS NOT NULL)
        EXECUTE FUNCTION sift_erase_decision_reasons()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER candidates_erase_decision_reasons ON candidates');
    await q.query('DROP FUNCTION sift_erase_decision_reasons()');
    await q.query('DROP TABLE decisions');
    await q.query('DROP FUNCTION sift_decisions_guard()');
  }
}
