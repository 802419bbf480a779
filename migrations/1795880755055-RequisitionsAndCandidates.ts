import { MigrationInterface, QueryRunner } from 'typeorm';

const SKILLS: [string, string, string][] = [
  ['python', 'Python', 'Python for data and ML work; C++/Java where performance demands'],
  ['ml-fundamentals', 'ML fundamentals', 'ML algorithms, evaluation metrics, scikit-learn'],
  ['deep-learning-frameworks', 'Deep learning frameworks', 'PyTorch, TensorFlow, model training'],
  ['llm-nlp', 'LLMs and NLP', 'Large language models, NLP, retrieval-augmented generation'],
  [
    'prompt-engineering',
    'Prompt engineering',
    'Prompt design, evaluation and guarding of LLM output',
  ],
  [
    'mlops-deployment',
    'MLOps and deployment',
    'Serving, CI/CD, versioning, monitoring, quantisation',
  ],
  ['containers-orchestration', 'Containers and orchestration', 'Docker, Kubernetes'],
  [
    'cloud-ai-platforms',
    'Cloud AI platforms',
    'AWS, Azure, GCP; GPUs/TPUs for training and inference',
  ],
  ['statistics-math', 'Statistics and maths', 'Linear algebra, calculus, probability, statistics'],
  ['data-engineering', 'Data engineering', 'Pipelines and stores: Spark, Kafka, SQL/NoSQL, ETL'],
  ['ai-ethics-security', 'AI ethics and security', 'Fairness, privacy, model and prompt security'],
];

const ROLE_FAMILIES: [string, string, Record<string, number>][] = [
  [
    'ai-engineer',
    'AI Engineer',
    {
      python: 20,
      'ml-fundamentals': 15,
      'llm-nlp': 15,
      'prompt-engineering': 10,
      'mlops-deployment': 10,
      'cloud-ai-platforms': 10,
      'deep-learning-frameworks': 10,
      'ai-ethics-security': 5,
      'statistics-math': 5,
    },
  ],
  [
    'ml-engineer',
    'Machine Learning Engineer',
    {
      python: 20,
      'ml-fundamentals': 20,
      'deep-learning-frameworks': 15,
      'mlops-deployment': 15,
      'statistics-math': 10,
      'data-engineering': 10,
      'cloud-ai-platforms': 10,
    },
  ],
  [
    'data-scientist',
    'Data Scientist',
    {
      'statistics-math': 25,
      'ml-fundamentals': 20,
      python: 20,
      'data-engineering': 10,
      'deep-learning-frameworks': 10,
      'llm-nlp': 5,
      'ai-ethics-security': 10,
    },
  ],
  [
    'data-engineer',
    'Data Engineer',
    {
      'data-engineering': 35,
      python: 20,
      'cloud-ai-platforms': 15,
      'containers-orchestration': 15,
      'mlops-deployment': 10,
      'statistics-math': 5,
    },
  ],
  [
    'ai-consultant',
    'AI Consultant',
    {
      'ml-fundamentals': 20,
      'llm-nlp': 15,
      'prompt-engineering': 15,
      'ai-ethics-security': 20,
      'cloud-ai-platforms': 15,
      'statistics-math': 15,
    },
  ],
  [
    'genai-engineer',
    'Generative AI Engineer',
    {
      'llm-nlp': 25,
      'prompt-engineering': 20,
      python: 15,
      'deep-learning-frameworks': 10,
      'mlops-deployment': 10,
      'cloud-ai-platforms': 10,
      'ai-ethics-security': 10,
    },
  ],
  [
    'computer-vision-engineer',
    'Computer Vision Engineer',
    {
      'deep-learning-frameworks': 25,
      'ml-fundamentals': 20,
      python: 20,
      'statistics-math': 15,
      'mlops-deployment': 10,
      'cloud-ai-platforms': 10,
    },
  ],
  [
    'mlops-engineer',
    'MLOps Engineer',
    {
      'mlops-deployment': 30,
      'containers-orchestration': 25,
      'cloud-ai-platforms': 20,
      python: 15,
      'data-engineering': 10,
    },
  ],
];

/**
 * The skill taxonomy and role families (seeded from the skills employers ask for in 2025), the
 * requisitions recruiters open, the candidates they take in, and applications joining the two.
 * Status and stage changes keep their full history.
 */
export class RequisitionsAndCandidates1795880755055 implements MigrationInterface {
  name = 'RequisitionsAndCandidates1795880755055';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE skills (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(id) <= 60),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE role_families (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(id) <= 60),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE role_family_skills (
        role_family_id text NOT NULL REFERENCES role_families (id),
        skill_id text NOT NULL REFERENCES skills (id),
        weight integer NOT NULL CHECK (weight BETWEEN 1 AND 100),
        PRIMARY KEY (role_family_id, skill_id)
      )`);
    for (const table of ['skills', 'role_families']) {
      await q.query(
        `CREATE TRIGGER ${table}_touch_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()`,
      );
    }
    for (const [id, name, description] of SKILLS) {
      await q.query('INSERT INTO skills (id, name, description) VALUES ($1, $2, $3)', [
        id,
        name,
        description,
      ]);
    }
    for (const [id, name, weights] of ROLE_FAMILIES) {
      await q.query('INSERT INTO role_families (id, name) VALUES ($1, $2)', [id, name]);
      for (const [skill, weight] of Object.entries(weights)) {
        await q.query('INSERT INTO role_family_skills VALUES ($1, $2, $3)', [id, skill, weight]);
      }
    }

    await q.query(`
      CREATE TABLE requisitions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        role_family_id text NOT NULL REFERENCES role_families (id),
        level text NOT NULL CHECK (level IN ('junior', 'mid', 'senior', 'staff', 'principal')),
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        city text CHECK (length(city) BETWEEN 1 AND 100),
        remote_policy text NOT NULL CHECK (remote_policy IN ('onsite', 'hybrid', 'remote')),
        headcount integer NOT NULL CHECK (headcount BETWEEN 1 AND 1000),
        budget_currency char(3) NOT NULL CHECK (budget_currency ~ '^[A-Z]{3}$'),
        budget_min bigint NOT NULL CHECK (budget_min >= 0),
        budget_max bigint NOT NULL CHECK (budget_max >= budget_min),
        budget_pay_basis text NOT NULL CHECK (budget_pay_basis IN ('base', 'total')),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'pending_approval', 'open', 'on_hold', 'closed')),
        close_reason text CHECK (close_reason IN ('filled', 'cancelled')),
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'closed') = (close_reason IS NOT NULL))
      )`);
    await q.query('CREATE INDEX requisitions_list ON requisitions (created_at, id)');
    await q.query('CREATE INDEX requisitions_status ON requisitions (status, created_at, id)');
    await q.query(
      'CREATE TRIGGER requisitions_touch_updated_at BEFORE UPDATE ON requisitions FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()',
    );
    await q.query(`
      CREATE TABLE requisition_skills (
        requisition_id uuid NOT NULL REFERENCES requisitions (id) ON DELETE CASCADE,
        skill_id text NOT NULL REFERENCES skills (id),
        weight integer NOT NULL CHECK (weight BETWEEN 1 AND 100),
        min_level smallint NOT NULL CHECK (min_level BETWEEN 0 AND 5),
        PRIMARY KEY (requisition_id, skill_id)
      )`);
    await q.query(`
      CREATE TABLE requisition_team (
        requisition_id uuid NOT NULL REFERENCES requisitions (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (requisition_id, user_id)
      )`);
    await q.query(
      'CREATE INDEX requisition_team_user ON requisition_team (user_id, requisition_id)',
    );
    await q.query(`
      CREATE TABLE requisition_status_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        requisition_id uuid NOT NULL REFERENCES requisitions (id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        close_reason text,
        reason text CHECK (length(reason) <= 1000),
        actor_id uuid NOT NULL REFERENCES users (id),
        approver_id uuid REFERENCES users (id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX requisition_status_history_req ON requisition_status_history (requisition_id, id)',
    );

    await q.query(`
      CREATE TABLE candidates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text CHECK (length(full_name) BETWEEN 1 AND 200),
        email text CHECK (length(email) BETWEEN 3 AND 254),
        email_normalized text GENERATED ALWAYS AS (lower(btrim(email))) STORED,
        phone text CHECK (length(phone) <= 40),
        location text CHECK (length(location) <= 200),
        source text CHECK (length(source) <= 100),
        links jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(links) = 'array'),
        resume_text text CHECK (length(resume_text) <= 100000),
        consent_status text NOT NULL DEFAULT 'pending' CHECK (consent_status IN ('pending', 'given', 'withdrawn')),
        consent_version text,
        consent_at timestamptz,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        anonymised_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((anonymised_at IS NULL) = (email IS NOT NULL AND full_name IS NOT NULL))
      )`);
    await q.query('CREATE UNIQUE INDEX candidates_email_key ON candidates (email_normalized)');
    await q.query('CREATE INDEX candidates_list ON candidates (created_at, id)');
    await q.query(
      'CREATE INDEX candidates_activity ON candidates (last_activity_at) WHERE anonymised_at IS NULL',
    );
    await q.query(
      'CREATE TRIGGER candidates_touch_updated_at BEFORE UPDATE ON candidates FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()',
    );
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        candidate_id uuid NOT NULL REFERENCES candidates (id),
        requisition_id uuid NOT NULL REFERENCES requisitions (id),
        stage text NOT NULL DEFAULT 'applied'
          CHECK (stage IN ('applied', 'screening', 'assessed', 'shortlisted', 'offer', 'hired', 'rejected')),
        rejection_reason text CHECK (length(rejection_reason) <= 1000),
        expected_salary_amount bigint CHECK (expected_salary_amount >= 0),
        expected_salary_currency char(3) CHECK (expected_salary_currency ~ '^[A-Z]{3}$'),
        expected_salary_pay_basis text CHECK (expected_salary_pay_basis IN ('base', 'total')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (candidate_id, requisition_id),
        CHECK ((stage = 'rejected') = (rejection_reason IS NOT NULL)),
        CHECK ((expected_salary_amount IS NULL) = (expected_salary_currency IS NULL)),
        CHECK ((expected_salary_amount IS NULL) = (expected_salary_pay_basis IS NULL))
      )`);
    await q.query(
      'CREATE INDEX applications_requisition ON applications (requisition_id, created_at, id)',
    );
    await q.query(
      'CREATE TRIGGER applications_touch_updated_at BEFORE UPDATE ON applications FOR EACH ROW EXECUTE FUNCTION sift_touch_updated_at()',
    );
    await q.query(`
      CREATE TABLE application_stage_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
        from_stage text,
        to_stage text NOT NULL,
        reason text CHECK (length(reason) <= 1000),
        actor_id uuid REFERENCES users (id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX application_stage_history_app ON application_stage_history (application_id, id)',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'application_stage_history',
      'applications',
      'candidates',
      'requisition_status_history',
      'requisition_team',
      'requisition_skills',
      'requisitions',
      'role_family_skills',
      'role_families',
      'skills',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
