import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The item bank: quiz items and familiarity-checklist terms, both versioned. A row is one version
 * of a stable `ref`; its content never changes once written (responses will point at the exact
 * version a candidate saw), only its status and exposure count do. At most one version of a ref
 * is active. `item_bank_loads` records which revision of the shipped content files was loaded.
 */
export class ItemBank1795890000000 implements MigrationInterface {
  name = 'ItemBank1795890000000';

  public async up(q: QueryRunner): Promise<void> {
    // Status, exposure count and the time of the status change are the only columns that move.
    await q.query(`
      CREATE FUNCTION sift_item_version_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) - 'status' - 'exposure_count' - 'status_changed_at')
           IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'exposure_count' - 'status_changed_at') THEN
          RAISE EXCEPTION '% version % of % is fixed: an edit is a new version', TG_TABLE_NAME,
            OLD.version, OLD.ref USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RETURN NEW;
      END
      $$`);
    const versioned = `
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ref text NOT NULL CHECK (ref ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(ref) <= 80),
        version integer NOT NULL CHECK (version >= 1),
        skill_id text NOT NULL REFERENCES skills (id),
        locale text NOT NULL DEFAULT 'en' CHECK (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
        author text NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
        reviewed_by text CHECK (length(reviewed_by) BETWEEN 1 AND 200),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'retired')),
        exposure_count bigint NOT NULL DEFAULT 0 CHECK (exposure_count >= 0),
        created_by uuid REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        status_changed_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (ref, version)`;

    await q.query(`
      CREATE TABLE items (${versioned},
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        stem text NOT NULL CHECK (length(stem) BETWEEN 10 AND 2000),
        code text CHECK (length(code) BETWEEN 1 AND 4000),
        options jsonb NOT NULL
          CHECK (jsonb_typeof(options) = 'array' AND jsonb_array_length(options) = 4),
        answer_key smallint NOT NULL CHECK (answer_key BETWEEN 0 AND 3),
        rationale text NOT NULL CHECK (length(rationale) BETWEEN 10 AND 1000),
        a double precision NOT NULL CHECK (a BETWEEN 0.8 AND 2.0),
        b double precision NOT NULL CHECK (b BETWEEN -2.5 AND 2.5),
        c double precision NOT NULL CHECK (c BETWEEN 0.2 AND 0.3),
        -- An item written for level L has its difficulty in L's band (docs/item-bank.md).
        CHECK (b BETWEEN (ARRAY[-2.5, -1.5, -0.5, 0.5, 1.25]::float8[])[level]
                     AND (ARRAY[-1.5, -0.5, 0.5, 1.25, 2.5]::float8[])[level]),
        -- A live item has had its independent second read.
        CHECK (status <> 'active' OR reviewed_by IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE checklist_terms (${versioned},
        term text NOT NULL CHECK (length(term) BETWEEN 1 AND 120),
        is_foil boolean NOT NULL,
        foil_check text CHECK (length(foil_check) BETWEEN 20 AND 2000),
        -- A foil says how it was checked to name nothing real; a real term carries no such note.
        CHECK (is_foil = (foil_check IS NOT NULL))
      )`);

    for (const table of ['items', 'checklist_terms']) {
      await q.query(
        `CREATE UNIQUE INDEX ${table}_one_active ON ${table} (ref) WHERE status = 'active'`,
      );
      await q.query(`CREATE INDEX ${table}_skill ON ${table} (skill_id, status, ref, version)`);
      await q.query(`
        CREATE TRIGGER ${table}_content_fixed BEFORE UPDATE ON ${table} FOR EACH ROW
        EXECUTE FUNCTION sift_item_version_fixed()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} FOR EACH ROW
        EXECUTE FUNCTION sift_forbid_change()`);
    }

    await q.query(`
      CREATE TABLE item_bank_loads (
        content_sha256 text PRIMARY KEY CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
        items_written integer NOT NULL CHECK (items_written >= 0),
        terms_written integer NOT NULL CHECK (terms_written >= 0),
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE item_bank_loads');
    await q.query('DROP TABLE checklist_terms');
    await q.query('DROP TABLE items');
    await q.query('DROP FUNCTION sift_item_version_fixed()');
  }
}
