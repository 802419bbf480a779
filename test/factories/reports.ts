import { randomUUID } from 'node:crypto';
import { checklistIndices } from '../../src/assessment/engine/checklist';
import { threshold } from '../../src/assessment/engine/levels';
import { Verdict } from '../../src/assessment/engine/verdict';
import { settingsFor } from '../../src/attempts/attempt-rules';
import { TestApp } from '../harness/app';
import { sql } from '../harness/sql';
import { insertInvitation } from './attempts';

/** Phi(z), near enough for test data (the logistic approximation, within 0.01). */
const normalCdf = (z: number) => 1 / (1 + Math.exp(-1.702 * z));

export interface SkillOutcome {
  skill: string;
  /** Shown in the report; defaults to the skill id. */
  name?: string;
  claimed: number;
  theta: number;
  se: number;
  verdict: Verdict;
  itemsUsed?: number;
  pBelowClaimed?: number | null;
  pAboveNext?: number | null;
}

export interface AssessmentSeed {
  applicationId: string;
  requisitionId: string;
  createdBy: string;
  skills: SkillOutcome[];
  /** The plan's required skills; defaults to the measured skills at weight 10, minimum 3. */
  required?: { skill: string; weight: number; minimumLevel: number }[];
  /** Overrides the score computed from the skills (to craft ties). */
  fitScore?: number | null;
  checklist?: { realTerms: number; hits: number; foils: number; falseAlarms: number };
  /** Checklist term ids of foils claimed (their terms show in the report). */
  foilsClaimed?: string[];
  integrityFlags?: string[];
  finishedAt?: string;
}

/**
 * A finished assessment written straight into the database, as the finaliser leaves one: the
 * attempt (with its invitation), the per-skill results and the stored fit score, checklist indices
 * and integrity summary. The numbers are the caller's; the shapes are the finaliser's.
 */
export async function insertAssessment(t: TestApp, seed: AssessmentSeed): Promise<string> {
  const invitation = await insertInvitation(t, {
    applicationId: seed.applicationId,
    createdBy: seed.createdBy,
  });
  const required =
    seed.required ?? seed.skills.map((s) => ({ skill: s.skill, weight: 10, minimumLevel: 3 }));
  const plan = {
    version: 1,
    requisitionId: seed.requisitionId,
    skills: seed.skills.map((s) => ({ id: s.skill, name: s.name ?? s.skill })),
    required,
    itemCap: 12,
    timeLimitMinutes: 60,
    checklistSize: 20,
  };
  const finishedAt = seed.finishedAt ?? new Date().toISOString();
  const attemptId = randomUUID();
  await sql(
    t,
    `INSERT INTO attempts (id, invitation_id, application_id, phase, plan, time_multiplier, notice_version,
                           consented_at, deadline_at, created_at, finished_at, finish_reason)
     VALUES ($1, $2, $3, 'finished', $4, 1, 'test-notice', $5::timestamptz - interval '30 minutes',
             $5::timestamptz + interval '30 minutes', $5::timestamptz - interval '31 minutes', $5, 'finished')`,
    [attemptId, invitation.id, seed.applicationId, JSON.stringify(plan), finishedAt],
  );
  const settings = JSON.stringify(settingsFor(12));
  for (const s of seed.skills) {
    await sql(
      t,
      `INSERT INTO attempt_skill_results (attempt_id, skill_id, claimed, theta, se, items_used, verdict,
                                          p_below_claimed, p_above_next, stop_reason, settings, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'decided', $10, $11)`,
      [
        attemptId,
        s.skill,
        s.claimed,
        s.theta,
        s.se,
        s.itemsUsed ?? 8,
        s.verdict,
        s.pBelowClaimed ?? null,
        s.pAboveNext ?? null,
        settings,
        finishedAt,
      ],
    );
  }
  const fitSkills = required.map((r) => {
    const measured = seed.skills.find((s) => s.skill === r.skill);
    const t0 = threshold(r.minimumLevel);
    const probability = !measured
      ? 0
      : t0 === undefined
        ? 1
        : 1 - normalCdf((t0 - measured.theta) / measured.se);
    return { skill: r.skill, weight: r.weight, probability, assessed: measured !== undefined };
  });
  const totalWeight = fitSkills.reduce((sum, s) => sum + s.weight, 0);
  const computed =
    totalWeight === 0
      ? null
      : (100 * fitSkills.reduce((sum, s) => sum + s.weight * s.probability, 0)) / totalWeight;
  const score = seed.fitScore === undefined ? computed : seed.fitScore;
  const fit = {
    score: score ?? undefined,
    incomplete: fitSkills.some((s) => !s.assessed),
    skills: fitSkills,
  };
  const counts = seed.checklist ?? { realTerms: 16, hits: 10, foils: 4, falseAlarms: 0 };
  const answers = [
    ...Array.from({ length: counts.realTerms }, (_, i) => ({
      isFoil: false,
      rating: i < counts.hits ? 3 : 0,
    })),
    ...Array.from({ length: counts.foils }, (_, i) => ({
      isFoil: true,
      rating: i < counts.falseAlarms ? 3 : 0,
    })),
  ];
  const flagged = seed.integrityFlags ?? [];
  const integrity = {
    answered: seed.skills.reduce((sum, s) => sum + (s.itemsUsed ?? 8), 0),
    rapidGuesses: flagged.includes('rapid_guessing') ? 5 : 0,
    effort: {
      rte: flagged.includes('rapid_guessing') ? 0.8 : 1,
      flagged: flagged.includes('rapid_guessing'),
    },
    personFit: seed.skills.map((s) => ({
      skill: s.skill,
      lz: flagged.includes(`person_fit:${s.skill}`) ? -2.1 : 0.3,
      flagged: flagged.includes(`person_fit:${s.skill}`),
    })),
    focusLost: flagged.includes('focus_lost') ? 2 : 0,
    pastes: flagged.includes('paste') ? 1 : 0,
    foilsClaimed: counts.falseAlarms,
    flagged,
  };
  await sql(
    t,
    `INSERT INTO attempt_results (attempt_id, fit_score, fit, checklist, integrity, computed_at,
                                  overstated_count, integrity_flag_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      attemptId,
      score,
      JSON.stringify(fit),
      JSON.stringify({ ...checklistIndices(answers), foilsClaimed: seed.foilsClaimed ?? [] }),
      JSON.stringify(integrity),
      finishedAt,
      seed.skills.filter((s) => s.verdict === 'overstated').length,
      flagged.length,
    ],
  );
  return attemptId;
}

/**
 * `count` candidates with one application each on the requisition, in two statements (any number
 * costs the same), applied a minute apart from `appliedFrom`. Returns the application ids in
 * application order.
 */
export async function insertApplications(
  t: TestApp,
  requisitionId: string,
  count: number,
  options: { stage?: string; appliedFrom?: string; namePrefix?: string } = {},
): Promise<string[]> {
  const prefix = options.namePrefix ?? `Bulk ${randomUUID().slice(0, 8)}`;
  const rows = await sql<{ id: string }>(
    t,
    `WITH people AS (
       INSERT INTO candidates (full_name, email)
       SELECT $2 || ' ' || lpad(n::text, 5, '0'), lower(replace($2, ' ', '-')) || '-' || n || '@example.com'
         FROM generate_series(1, $3) AS n
       RETURNING id, full_name)
     INSERT INTO applications (candidate_id, requisition_id, stage, created_at)
     SELECT id, $1, $4, $5::timestamptz + (substring(full_name from '\\d+$')::int * interval '1 minute')
       FROM people
     RETURNING id, created_at`,
    [
      requisitionId,
      prefix,
      count,
      options.stage ?? 'assessed',
      options.appliedFrom ?? '2026-01-01T00:00:00Z',
    ],
  );
  return rows
    .map((r) => r as unknown as { id: string; created_at: Date })
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
    .map((r) => r.id);
}
