import { EntityManager } from 'typeorm';
import { RequestOrigin } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { AttemptRow, readAttempt } from './attempt-records';
import { Phase } from './attempt-rules';
import { assertPhase } from './attempt-view';
import { Finaliser } from './finaliser';

export function deadlinePassed(): AppError {
  return new AppError(
    'ATTEMPT_DEADLINE_PASSED',
    'The time for this assessment is over; your answers so far have been submitted',
  );
}

/**
 * Runs a candidate's change under the attempt's row lock, once the server's deadline and the phase
 * allow it. Past the deadline the attempt is finalised and that is committed before the 409 goes
 * out: an error thrown inside the transaction would roll the finalisation back.
 */
export async function changeLiveAttempt<T>(
  db: Transactions,
  finaliser: Finaliser,
  input: { attemptId: string; phase: Phase; origin: RequestOrigin },
  work: (manager: EntityManager, attempt: AttemptRow) => Promise<T>,
): Promise<T> {
  const outcome = await db.run(async (manager) => {
    const attempt = await readAttempt(manager, input.attemptId, true);
    if (attempt.overdue && attempt.phase !== 'finished') {
      await finaliser.finalise(manager, attempt, 'deadline', input.origin);
      return { overdue: true } as const;
    }
    assertPhase(attempt, input.phase);
    return { overdue: false, value: await work(manager, attempt) } as const;
  });
  if (outcome.overdue) throw deadlinePassed();
  return outcome.value;
}
