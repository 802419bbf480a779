/**
 * What a hiring decision does to an application, as pure rules: advance moves it to the next
 * pipeline stage (offer -> hired), reject to rejected, hold keeps the stage and marks the
 * application held until a later decision or stage move. Hired and rejected are final. No Nest or
 * TypeORM here.
 */
import { isFinalStage, nextStage, Stage } from '../candidates/stages';

export const OUTCOMES = ['advance', 'hold', 'reject'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The longest reason a decision keeps; the stage history keeps at most STAGE_REASON_MAX of it. */
export const REASON_MAX = 2000;
export const STAGE_REASON_MAX = 1000;

export type DecisionTarget =
  { allowed: true; to: Stage; moves: boolean } | { allowed: false; reason: string };

export function decisionTarget(outcome: Outcome, from: Stage): DecisionTarget {
  if (isFinalStage(from)) {
    return { allowed: false, reason: `the application is ${from}, which is final` };
  }
  switch (outcome) {
    case 'hold':
      return { allowed: true, to: from, moves: false };
    case 'reject':
      return { allowed: true, to: 'rejected', moves: true };
    case 'advance':
      // Every stage that is not final has a next one.
      return { allowed: true, to: nextStage(from)!, moves: true };
  }
}

/**
 * The reason as the stage history and the rejection reason keep it (at most 1000 characters):
 * a longer one is cut at 999 with an ellipsis; the decision keeps the whole text.
 */
export function stageMoveReason(reason: string): string {
  const chars = Array.from(reason);
  return chars.length <= STAGE_REASON_MAX
    ? reason
    : `${chars.slice(0, STAGE_REASON_MAX - 1).join('')}…`;
}

/**
 * Held: the latest decision is a hold and the application is still at the stage it was held at.
 * Stages only move forward and final stages are final, so any later move ends the hold for good.
 */
export function isHeld(
  latest: { outcome: Outcome; toStage: Stage } | undefined,
  stage: Stage,
): boolean {
  return latest !== undefined && latest.outcome === 'hold' && latest.toStage === stage;
}
