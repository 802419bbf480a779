import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk CSV intake: one job per uploaded file, an UNLOGGED staging table the file is streamed
 * into (keyed by job, emptied batch by batch as rows are merged into candidates and
 * applications), and the report of rejected and duplicate rows (line, field, reason: never the
 * rejected values themselves).
 */
export class IntakeJobs1795881181711 implements MigrationInterface {
  name = 'IntakeJobs1795881181711';

  public async up(q: QueryRunner): Promise<void> {
    const counter = (name: string) => `${name} integer NOT NULL DEFAULT 0 CHECK (${name} >= 0)`;
    await q.query(`
      CREATE TABLE intake_jobs (
        id uuid PRIMARY KEY,
        requisition_id uuid NOT NULL REFERENCES requisitions (id),
        created_by uuid NOT NULL REFERENCES users (id),
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        file_bytes bigint NOT NULL DEFAULT 0 CHECK (file_bytes >= 0),
        file_sha256 text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        same_file_as uuid REFERENCES intake_jobs (id),
        ${counter('rows_total')},
        ${counter('rows_done')},
        ${counter('rows_accepted')},
        ${counter('rows_created')},
        ${counter('rows_attached')},
        ${counter('rows_duplicate')},
        ${counter('rows_rejected')},
        error text CHECK (length(error) <= 1000),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz,
        staged_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status IN ('completed', 'failed')) = (finished_at IS NOT NULL)),
        CHECK ((status = 'failed') = (error IS NOT NULL)),
        CHECK (staged_at IS NULL OR file_sha256 IS NOT NULL)
      )`);
    await q.query(
      'CREATE INDEX intake_jobs_requisition ON intake_jobs (requisition_id, created_at, id)',
    );
    await q.query(
      `CREATE INDEX intake_jobs_same_file ON intake_jobs (requisition_id, file_sha256) WHERE status = 'completed'`,
    );
    await q.query(
      `CREATE INDEX intake_jobs_unfinished ON intake_jobs (created_at) WHERE status IN ('queued', 'running')`,
    );
    await q.query(
      'CREATE TRIGGER intake_jobs_touch_updated_at BEFORE UPDATE ON intake_jobs FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()',
    );

    // UNLOGGED: staging is a buffer, not a record. After a PostgreSQL crash it comes back empty,
    // and unfinished jobs are then failed (the upload is repeated; merging is idempotent).
    await q.query(`
      CREATE UNLOGGED TABLE intake_staging (
        job_id uuid NOT NULL,
        line integer NOT NULL,
        status text NOT NULL CHECK (status IN ('accepted', 'rejected')),
        full_name text,
        email text,
        email_normalized text GENERATED ALWAYS AS (lower(btrim(email))) STORED,
        phone text,
        location text,
        source text,
        links jsonb,
        resume_text text,
        expected_salary_amount bigint,
        expected_salary_currency text,
        expected_salary_pay_basis text,
        problems jsonb,
        PRIMARY KEY (job_id, line)
      )`);

    await q.query(`
      CREATE TABLE intake_rejections (
        job_id uuid NOT NULL REFERENCES intake_jobs (id),
        line integer NOT NULL CHECK (line >= 1),
        field text NOT NULL CHECK (length(field) BETWEEN 1 AND 100),
        outcome text NOT NULL CHECK (outcome IN ('rejected', 'duplicate')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 300),
        PRIMARY KEY (job_id, line, field)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['intake_rejections', 'intake_staging', 'intake_jobs']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
