import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts, their sessions and API tokens, failed-login counters shared by every instance,
 * and the append-only audit trail. Secrets are stored only as SHA-256 digests (session and API
 * tokens are 256-bit random values) or argon2id hashes (passwords).
 */
export class StaffAccessAndAudit1795879662406 implements MigrationInterface {
  name = 'StaffAccessAndAudit1795879662406';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CHECK (
          cardinality(roles) >= 1 AND roles <@ ARRAY['admin', 'recruiter', 'hiring_manager']::text[]
        ),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        deactivated_at timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        -- Millisecond precision: list cursors carry created_at as ISO 8601, which has no more.
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (active = (deactivated_at IS NULL))
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX users_email_key ON users (lower(email))');
    await queryRunner.query('CREATE INDEX users_created_at_id ON users (created_at, id)');
    await queryRunner.query(
      'CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()',
    );

    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(
      'CREATE INDEX sessions_user_live ON sessions (user_id) WHERE revoked_at IS NULL',
    );

    await queryRunner.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        token_hash bytea NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await queryRunner.query('CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at)');

    await queryRunner.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL CHECK (failures >= 0),
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);

    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'candidate_attempt', 'system', 'anonymous')),
        actor_id uuid,
        action text NOT NULL CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
        subject_type text CHECK (subject_type ~ '^[a-z_]+$'),
        subject_id text,
        request_id text,
        client_address inet,
        details jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
        CHECK ((actor_type IN ('user', 'candidate_attempt')) = (actor_id IS NOT NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id, id)',
    );
    await queryRunner.query('CREATE INDEX audit_events_actor ON audit_events (actor_id, id)');
    await queryRunner.query('CREATE INDEX audit_events_action ON audit_events (action, id)');
    await queryRunner.query(
      'CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION sift_forbid_change()',
    );
    await queryRunner.query(
      'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION sift_forbid_change()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // DROP TABLE is neither UPDATE, DELETE nor TRUNCATE, so the append-only triggers allow it.
    await queryRunner.query('DROP TABLE audit_events');
    await queryRunner.query('DROP TABLE login_throttle');
    await queryRunner.query('DROP TABLE api_tokens');
    await queryRunner.query('DROP TABLE sessions');
    await queryRunner.query('DROP TABLE users');
  }
}
