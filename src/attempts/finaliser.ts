import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { nextStep, posteriorOf, skillResult } from '../assessment/engine/cat';
import { checklistIndices, CLAIMED_FROM_RATING } from '../assessment/engine/checklist';
import { fitScore, MeasuredSkill } from '../assessment/engine/fit';
import { AuditService } from '../audit/audit.service';
import { RequestOrigin } from '../auth/caller';
import { applyStageMove } from '../candidates/applications.service';
import { lockCandidateOf } from '../candidates/candidate-records';
import { checkStageMove, Stage } from '../candidates/stages';
import { cryptoRandom } from './attempt-plan';
import {
  AttemptRow,
  checklistOf,
  insertSkillResult,
  poolOf,
  ratingsOf,
  responsesOf,
  skillResultsOf,
  StoredResponse,
} from './attempt-records';
import {
  asLevel,
  checklistRating,
  integritySummary,
  settingsFor,
  skillStateOf,
  TimedResponse,
} from './attempt-rules';

export type FinishReason = 'finished' | 'deadline';

/** Stages an application leaves for 'assessed' when its assessment ends. */
const BEFORE_ASSESSED: readonly Stage[] = ['applied', 'screening'];

/**
 * Ends an attempt and computes its results, in the caller's transaction under its lock on the
 * attempt row (so it runs once however many requests and sweepers race to it).
 */
@Injectable()
export class Finaliser {
  constructor(private readonly audit: AuditService) {}

  /** Does nothing to an attempt already finished. */
  async finalise(
    manager: EntityManager,
    attempt: AttemptRow,
    reason: FinishReason,
    actor: RequestOrigin | 'system',
  ): Promise<void> {
    if (attempt.phase === 'finished' || attempt.phase === 'voided') return;
    const settings = settingsFor(attempt.plan.itemCap);
    const responses = await responsesOf(manager, attempt.id);
    const ratings = await ratingsOf(manager, attempt.id);
    const decided = new Set((await skillResultsOf(manager, attempt.id)).map((r) => r.skill));
    const measured = new Map<string, MeasuredSkill>();
    const thetaBySkill = new Map<string, number>();
    for (const { id: skill } of attempt.plan.skills) {
      const claimed = ratings.get(skill);
      // Ended before the self-rating: nothing was measured, the fit score says so.
      if (claimed === undefined) continue;
      const state = skillStateOf(skill, claimed, responses, reason === 'deadline');
      if (!decided.has(skill)) {
        // The rule may already have stopped the skill with its last answer; otherwise time or
        // the candidate ended it.
        const step = nextStep(await poolOf(manager, skill), state, settings, cryptoRandom);
        const result = skillResult(state, step.done ? step.reason : undefined, settings);
        await insertSkillResult(
          manager,
          attempt.id,
          skill,
          result,
          step.done ? step.reason : 'finished_early',
        );
      }
      const posterior = posteriorOf(state, settings);
      measured.set(skill, { posterior, itemsUsed: state.responses.length });
      thetaBySkill.set(skill, posterior.theta);
    }
    const fit = fitScore(
      attempt.plan.required.map((r) => ({ ...r, minimumLevel: asLevel(r.minimumLevel) })),
      measured,
      settings.thresholds,
    );
    const checklist = await checklistOf(manager, attempt.id);
    const indices = checklistIndices(
      checklist.map((row) => ({ isFoil: row.isFoil, rating: checklistRating(row.rating) })),
    );
    const foilsClaimed = checklist.filter(
      (row) => row.isFoil && checklistRating(row.rating) >= CLAIMED_FROM_RATING,
    );
    const events = await eventCounts(manager, attempt.id);
    const integrity = integritySummary({
      responses: await timedResponses(manager, attempt.id, responses),
      thetaBySkill,
      skills: attempt.plan.skills.map((s) => s.id),
      focusLost: events.focusLost,
      pastes: events.pastes,
      foilsClaimed: foilsClaimed.length,
      settings,
    });
    // The two counts the shortlist ranks by, stored so it need not recount them per request;
    // the overstated skills are counted from the rows written above and during the quiz.
    await manager.query(
      `INSERT INTO attempt_results (attempt_id, fit_score, fit, checklist, integrity,
                                    overstated_count, integrity_flag_count)
       VALUES ($1, $2, $3, $4, $5,
               (SELECT count(*) FROM attempt_skill_results
                 WHERE attempt_id = $1 AND verdict = 'overstated'), $6)`,
      [
        attempt.id,
        fit.score ?? null,
        JSON.stringify(fit),
        JSON.stringify({ ...indices, foilsClaimed: foilsClaimed.map((row) => row.termId) }),
        JSON.stringify(integrity),
        integrity.flagged.length,
      ],
    );
    await manager.query(
      `UPDATE attempts SET phase = 'finished', finished_at = now(), finish_reason = $2 WHERE id = $1`,
      [attempt.id, reason],
    );
    await this.markAssessed(manager, attempt.applicationId);
    await this.audit.record(manager, {
      actor,
      action: 'attempt.finished',
      subject: { type: 'attempt', id: attempt.id },
      details: {
        application_id: attempt.applicationId,
        reason,
        answered: integrity.answered,
        fit_score: fit.score ?? null,
      },
    });
  }

  /** The pipeline's own move (applications.service's code path), attributed to nobody. */
  private async markAssessed(manager: EntityManager, applicationId: string): Promise<void> {
    const [application] = await manager.query<{ candidate_id: string; stage: Stage }[]>(
      'SELECT candidate_id, stage FROM applications WHERE id = $1',
      [applicationId],
    );
    if (!application || !BEFORE_ASSESSED.includes(application.stage)) return;
    await lockCandidateOf(manager, application.candidate_id);
    const move = {
      from: application.stage,
      to: 'assessed' as const,
      reason: 'assessment finished',
    };
    if (!checkStageMove(move).allowed) return;
    await applyStageMove(manager, this.audit, {
      id: applicationId,
      candidateId: application.candidate_id,
      ...move,
      actor: 'system',
    });
  }
}

async function eventCounts(
  manager: EntityManager,
  attemptId: string,
): Promise<{ focusLost: number; pastes: number }> {
  const [row] = await manager.query<{ focus_lost: number; pastes: number }[]>(
    `SELECT count(*) FILTER (WHERE kind = 'focus_lost')::int AS focus_lost,
            count(*) FILTER (WHERE kind = 'paste')::int AS pastes
       FROM attempt_events WHERE attempt_id = $1`,
    [attemptId],
  );
  return { focusLost: row?.focus_lost ?? 0, pastes: row?.pastes ?? 0 };
}

/**
 * The answered responses with each item's typical time: the median response time of the item's
 * answers in other attempts given before this one (none yet: no history, the fixed threshold).
 */
async function timedResponses(
  manager: EntityManager,
  attemptId: string,
  responses: readonly StoredResponse[],
): Promise<TimedResponse[]> {
  const typical = await manager.query<{ seq: number; typical_ms: number | null }[]>(
    `SELECT r.seq,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY o.response_ms)
               FROM attempt_responses o
              WHERE o.item_id = r.item_id AND o.attempt_id <> r.attempt_id
                AND o.answered_at < r.answered_at) AS typical_ms
       FROM attempt_responses r
      WHERE r.attempt_id = $1 AND r.answered_at IS NOT NULL`,
    [attemptId],
  );
  const typicalBySeq = new Map(typical.map((row) => [row.seq, row.typical_ms ?? undefined]));
  return responses.flatMap((r) =>
    r.correct === null || r.responseMs === null
      ? []
      : [
          {
            skill: r.skill,
            item: r.item,
            correct: r.correct,
            responseMs: r.responseMs,
            typicalMs: typicalBySeq.get(r.seq),
          },
        ],
  );
}
