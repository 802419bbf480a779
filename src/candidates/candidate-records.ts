import { EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { visibleTo } from '../auth/scope';
import { AppError } from '../common/errors/app-error';
import { CANDIDATE_SCOPE } from '../requisitions/requisition-scope';
import { Candidate } from './candidate.entity';

/**
 * Row-level helpers shared by the candidate, application and personal-data services. Lock order is
 * always the candidate row first, then its applications, so concurrent changes to one person queue
 * instead of deadlocking.
 */

/** The candidate the caller may see, locked FOR UPDATE when asked; 404 for what the scope hides. */
export async function findVisibleCandidate(
  manager: EntityManager,
  caller: Caller,
  id: string,
  lock = false,
): Promise<Candidate> {
  const qb = manager.createQueryBuilder(Candidate, 'c').where('c.id = :id', { id });
  if (lock) qb.setLock('pessimistic_write');
  const candidate = await visibleTo(qb, 'c', caller, CANDIDATE_SCOPE).getOne();
  if (!candidate) throw new AppError('CANDIDATE_NOT_FOUND', 'No such candidate');
  return candidate;
}

/** Changes to an erased person are refused: there is nobody left to change. */
export function assertNotErased(candidate: Candidate): void {
  if (candidate.anonymisedAt) {
    throw new AppError('CANDIDATE_ERASED', "This candidate's personal data has been erased");
  }
}

/** Locks the person behind an application (already found within the caller's scope). */
export async function lockCandidateOf(
  manager: EntityManager,
  candidateId: string,
): Promise<Candidate> {
  const candidate = await manager.findOne(Candidate, {
    where: { id: candidateId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!candidate) throw new AppError('CANDIDATE_NOT_FOUND', 'No such candidate');
  return candidate;
}

/** Every change involving the person counts as activity (the retention clock restarts). */
export async function touchCandidate(manager: EntityManager, candidateId: string): Promise<void> {
  await manager.query('UPDATE candidates SET last_activity_at = now() WHERE id = $1', [
    candidateId,
  ]);
}

/** `%text%` for ILIKE, with the pattern characters of the text itself escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
