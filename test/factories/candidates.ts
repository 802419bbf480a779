import { randomBytes } from 'node:crypto';
import { Caller } from '../../src/auth/caller';
import { Role } from '../../src/auth/roles';
import { ApplicationsService } from '../../src/candidates/applications.service';
import { CandidatesService, NewCandidate } from '../../src/candidates/candidates.service';
import { Stage } from '../../src/candidates/stages';
import { TestApp } from '../harness/app';

/** A distinctive token, so a test can search the whole database for exactly its own values. */
export const tag = (label: string): string => `${label}${randomBytes(5).toString('hex')}`;

/** A caller for service-level factories: the staff member the change is attributed to. */
export function callerFor(userId: string, roles: Role[] = ['recruiter']): Caller {
  return { userId, roles, via: 'session', requestId: 'test-factory', clientAddress: null };
}

export interface CandidateSeed {
  id: string;
  fullName: string;
  email: string;
}

/** A candidate taken in through the real service (dedupe, audit event). */
export async function createCandidate(
  t: TestApp,
  overrides: Partial<NewCandidate> = {},
): Promise<CandidateSeed> {
  const fullName = overrides.fullName ?? `Cand ${tag('')}`;
  const email = overrides.email ?? `${tag('cand')}@example.com`;
  const { candidate } = await t.app
    .get(CandidatesService)
    .create('system', { ...overrides, fullName, email });
  return { id: candidate.id, fullName, email };
}

/** An application through the real service, moved along `stages` in order (each a legal move). */
export async function createApplication(
  t: TestApp,
  seed: { candidateId: string; requisitionId: string; actorId: string; stages?: Stage[] },
): Promise<string> {
  const service = t.app.get(ApplicationsService);
  const caller = callerFor(seed.actorId);
  const { application } = await service.create(caller, {
    candidateId: seed.candidateId,
    requisitionId: seed.requisitionId,
  });
  for (const to of seed.stages ?? []) {
    await service.moveStage(caller, application.id, {
      to,
      reason: to === 'rejected' ? 'Not a fit for this role' : undefined,
    });
  }
  return application.id;
}
