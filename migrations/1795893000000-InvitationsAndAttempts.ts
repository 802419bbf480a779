import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations (a hashed one-time link per application), the outbox that delivers them, and the
 * candidate's attempt: consent, self-ratings, the familiarity checklist, one row per served quiz
 * item, client signals, and the results computed when the attempt is finalised. Responses and
 * results hold no personal data, so they survive a candidate's erasure as anonymous statistics.
 */
export class InvitationsAndAttempts1795893000000 implements MigrationInterface {
  name = 'InvitationsAndAttempts1795893000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications (id),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        expires_at timestamptz NOT NULL,
        time_multiplier numeric(3, 2) NOT NULL DEFAULT 1.00
          CHECK (time_multiplier BETWEEN 1.00 AND 3.00),
        delivery text NOT NULL CHECK (delivery IN ('email', 'copy')),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        first_redeemed_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        revoke_reason text CHECK (length(revoke_reason) BETWEEN 1 AND 1000),
        CHECK (expires_at > created_at),
        CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
      )`);
    await q.query(
      'CREATE INDEX invitations_application ON invitations (application_id, created_at, id)',
    );

    // A pending message holds the link until it is delivered; sending (or erasure) clears the body.
    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        recipient text CHECK (length(recipient) <= 320),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
        body text CHECK (length(body) <= 20000),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
        tries integer NOT NULL DEFAULT 0 CHECK (tries >= 0),
        next_try_at timestamptz NOT NULL DEFAULT now(),
        last_error text CHECK (length(last_error) <= 2000),
        sent_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'pending' OR (body IS NOT NULL AND recipient IS NOT NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(
      "CREATE INDEX outbox_messages_due ON outbox_messages (next_try_at) WHERE status = 'pending'",
    );
    await q.query('CREATE INDEX outbox_messages_invitation ON outbox_messages (invitation_id)');
    await q.query(
      'CREATE TRIGGER outbox_messages_touch_updated_at BEFORE UPDATE ON outbox_messages FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()',
    );

    await q.query(`
      CREATE TABLE attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invitation_id uuid NOT NULL UNIQUE REFERENCES invitations (id),
        application_id uuid NOT NULL REFERENCES applications (id),
        cookie_hash bytea UNIQUE CHECK (length(cookie_hash) = 32),
        phase text NOT NULL DEFAULT 'consent'
          CHECK (phase IN ('consent', 'self_rating', 'checklist', 'quiz', 'finished', 'voided')),
        plan jsonb NOT NULL CHECK (jsonb_typeof(plan) = 'object'),
        time_multiplier numeric(3, 2) NOT NULL CHECK (time_multiplier BETWEEN 1.00 AND 3.00),
        notice_version text CHECK (length(notice_version) BETWEEN 1 AND 40),
        consented_at timestamptz,
        deadline_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        finish_reason text CHECK (finish_reason IN ('finished', 'deadline', 'voided')),
        voided_by uuid REFERENCES users (id),
        void_reason text CHECK (length(void_reason) BETWEEN 1 AND 1000),
        CHECK ((consented_at IS NULL) = (notice_version IS NULL)),
        CHECK (phase = 'consent' OR consented_at IS NOT NULL OR phase = 'voided'),
        CHECK ((phase IN ('finished', 'voided')) = (finished_at IS NOT NULL)),
        CHECK ((finished_at IS NULL) = (finish_reason IS NULL)),
        CHECK ((phase = 'voided') = (finish_reason = 'voided'))
      )`);
    // One attempt in progress per application: re-inviting cannot open a second live attempt.
    await q.query(
      "CREATE UNIQUE INDEX attempts_one_live ON attempts (application_id) WHERE phase NOT IN ('finished', 'voided')",
    );
    await q.query('CREATE INDEX attempts_application ON attempts (application_id, created_at)');
    await q.query(
      "CREATE INDEX attempts_deadline ON attempts (deadline_at) WHERE phase NOT IN ('finished', 'voided')",
    );

    await q.query(`
      CREATE TABLE attempt_self_ratings (
        attempt_id uuid NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        skill_id text NOT NULL REFERENCES skills (id),
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 5),
        rated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (attempt_id, skill_id)
      )`);

    await q.query(`
      CREATE TABLE attempt_checklist (
        attempt_id uuid NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 0),
        term_id uuid NOT NULL REFERENCES checklist_terms (id),
        -- Familiarity 0-4 as DESIGN.md asks (claimed = rating >= 2), not yes/no: the API takes
        -- {position, rating} and the engine's checklistIndices reads the rating.
        rating smallint CHECK (rating BETWEEN 0 AND 4),
        answered_at timestamptz,
        PRIMARY KEY (attempt_id, position),
        UNIQUE (attempt_id, term_id),
        CHECK ((rating IS NULL) = (answered_at IS NULL))
      )`);

    // option_order[i] is the authored index of the option shown in position i.
    await q.query(`
      CREATE TABLE attempt_responses (
        attempt_id uuid NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq >= 1),
        skill_id text NOT NULL REFERENCES skills (id),
        item_id uuid NOT NULL REFERENCES items (id),
        option_order smallint[] NOT NULL CHECK (cardinality(option_order) = 4),
        served_at timestamptz NOT NULL DEFAULT now(),
        choice smallint CHECK (choice BETWEEN 0 AND 3),
        correct boolean,
        answered_at timestamptz,
        response_ms integer CHECK (response_ms >= 0),
        PRIMARY KEY (attempt_id, seq),
        UNIQUE (attempt_id, item_id),
        CHECK ((choice IS NULL) = (answered_at IS NULL)),
        CHECK ((choice IS NULL) = (correct IS NULL)),
        CHECK ((choice IS NULL) = (response_ms IS NULL))
      )`);
    await q.query(
      'CREATE UNIQUE INDEX attempt_responses_one_pending ON attempt_responses (attempt_id) WHERE answered_at IS NULL',
    );

    await q.query(`
      CREATE TABLE attempt_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        attempt_id uuid NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('focus_lost', 'focus_returned', 'paste', 'copy')),
        seq integer CHECK (seq >= 1),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX attempt_events_attempt ON attempt_events (attempt_id, id)');

    await q.query(`
      CREATE TABLE attempt_skill_results (
        attempt_id uuid NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        skill_id text NOT NULL REFERENCES skills (id),
        claimed smallint NOT NULL CHECK (claimed BETWEEN 0 AND 5),
        theta double precision NOT NULL,
        se double precision NOT NULL CHECK (se >= 0),
        items_used integer NOT NULL CHECK (items_used >= 0),
        verdict text NOT NULL
          CHECK (verdict IN ('overstated', 'understated', 'consistent', 'insufficient_evidence')),
        p_below_claimed double precision CHECK (p_below_claimed BETWEEN 0 AND 1),
        p_above_next double precision CHECK (p_above_next BETWEEN 0 AND 1),
        stop_reason text,
        settings jsonb NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (attempt_id, skill_id)
      )`);

    await q.query(`
      CREATE TABLE attempt_results (
        attempt_id uuid PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
        fit_score double precision CHECK (fit_score BETWEEN 0 AND 100),
        fit jsonb NOT NULL,
        checklist jsonb NOT NULL,
        integrity jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'attempt_results',
      'attempt_skill_results',
      'attempt_events',
      'attempt_responses',
      'attempt_checklist',
      'attempt_self_ratings',
      'attempts',
      'outbox_messages',
      'invitations',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
