import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { AttemptRow, readAttempt } from './attempt-records';
import { currentSkillIndex, effectiveMinutes, Phase, phaseProblem } from './attempt-rules';
import { AttemptViewDto, ProgressDto } from './dto/attempt.dto';
import { Notice } from './notices';

export async function progressOf(
  manager: EntityManager,
  attempt: AttemptRow,
): Promise<ProgressDto> {
  const [counts] = await manager.query<{ answered: number; decided: number }[]>(
    `SELECT (SELECT count(*) FROM attempt_responses WHERE attempt_id = $1 AND answered_at IS NOT NULL)::int AS answered,
            (SELECT count(*) FROM attempt_skill_results WHERE attempt_id = $1)::int AS decided`,
    [attempt.id],
  );
  const skillCount = attempt.plan.skills.length;
  return {
    answered: counts?.answered ?? 0,
    skillIndex: currentSkillIndex(counts?.decided ?? 0, skillCount, attempt.phase === 'finished'),
    skillCount,
    maxItems: attempt.plan.itemCap * skillCount,
  };
}

/** The candidate's view of their attempt: where they are, the notice, the clock. */
export async function attemptView(
  manager: EntityManager,
  attempt: AttemptRow,
  notice: Notice,
): Promise<AttemptViewDto> {
  if (attempt.phase === 'voided') {
    throw new AppError('ATTEMPT_CLOSED', 'This assessment was withdrawn by the recruiter');
  }
  return {
    phase: attempt.phase,
    notice: { version: notice.version, text: notice.text },
    skills: attempt.plan.skills.map((s) => ({ id: s.id, name: s.name })),
    timeLimitMinutes: effectiveMinutes(attempt.plan.timeLimitMinutes, attempt.timeMultiplier),
    deadline: attempt.deadlineAt?.toISOString() ?? null,
    serverNow: attempt.serverNow.toISOString(),
    progress: await progressOf(manager, attempt),
    finishedAt: attempt.finishedAt?.toISOString() ?? null,
  };
}

/** The attempt locked for a change that only `phase` may make (409 ATTEMPT_WRONG_PHASE otherwise). */
export async function lockInPhase(
  manager: EntityManager,
  attemptId: string,
  phase: Phase,
): Promise<AttemptRow> {
  const attempt = await readAttempt(manager, attemptId, true);
  assertPhase(attempt, phase);
  return attempt;
}

export function assertPhase(attempt: AttemptRow, phase: Phase): void {
  const problem = phaseProblem(attempt.phase, phase);
  if (problem) {
    throw new AppError('ATTEMPT_WRONG_PHASE', `Cannot do that now: ${problem}`, {
      phase: attempt.phase,
    });
  }
}
