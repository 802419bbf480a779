/**
 * The application pipeline, as pure rules: applied -> screening -> assessed -> shortlisted -> offer
 * -> hired, or rejected from any stage that is not final. Moves go forward only (skipping stages is
 * fine), hired only from offer, and hired and rejected are final. No Nest or TypeORM here.
 */
export const STAGES = [
  'applied',
  'screening',
  'assessed',
  'shortlisted',
  'offer',
  'hired',
  'rejected',
] as const;
export type Stage = (typeof STAGES)[number];

export const FINAL_STAGES: readonly Stage[] = ['hired', 'rejected'];

/** The forward order; rejected stands outside it. */
const PIPELINE: readonly Stage[] = [
  'applied',
  'screening',
  'assessed',
  'shortlisted',
  'offer',
  'hired',
];

export interface StageMove {
  from: Stage;
  to: Stage;
  /** Why; required when rejecting. */
  reason?: string | null;
}

export type StageVerdict = { allowed: true } | { allowed: false; reason: string };

const allow: StageVerdict = { allowed: true };
const deny = (reason: string): StageVerdict => ({ allowed: false, reason });

export function isFinalStage(stage: Stage): boolean {
  return FINAL_STAGES.includes(stage);
}

/** The stage after `stage` in the forward order; undefined for final stages (nothing follows). */
export function nextStage(stage: Stage): Stage | undefined {
  if (isFinalStage(stage)) return undefined;
  return PIPELINE[PIPELINE.indexOf(stage) + 1];
}

export function checkStageMove(move: StageMove): StageVerdict {
  const { from, to } = move;
  if (isFinalStage(from)) return deny(`the application is ${from}, which is final`);
  if (from === to) return deny(`the application is already at ${from}`);
  if (to === 'rejected') {
    return move.reason?.trim() ? allow : deny('rejecting an application needs a reason');
  }
  if (to === 'hired' && from !== 'offer') {
    return deny(`only an application at offer can be hired, not one at ${from}`);
  }
  if (PIPELINE.indexOf(to) < PIPELINE.indexOf(from)) {
    return deny(`stages only move forward: ${from} cannot go back to ${to}`);
  }
  return allow;
}
