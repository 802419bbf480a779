import { Stage } from '../candidates/stages';
import { decisionTarget, isHeld, Outcome, stageMoveReason } from './decision-rules';

describe('decisionTarget', () => {
  it.each<[Outcome, Stage, Stage, boolean]>([
    ['advance', 'applied', 'screening', true],
    ['advance', 'screening', 'assessed', true],
    ['advance', 'assessed', 'shortlisted', true],
    ['advance', 'shortlisted', 'offer', true],
    ['advance', 'offer', 'hired', true],
    ['reject', 'applied', 'rejected', true],
    ['reject', 'offer', 'rejected', true],
    ['hold', 'assessed', 'assessed', false],
    ['hold', 'offer', 'offer', false],
  ])('%s from %s goes to %s', (outcome, from, to, moves) => {
    expect(decisionTarget(outcome, from)).toEqual({ allowed: true, to, moves });
  });

  it.each<[Outcome, Stage]>([
    ['advance', 'hired'],
    ['hold', 'hired'],
    ['reject', 'hired'],
    ['advance', 'rejected'],
    ['hold', 'rejected'],
    ['reject', 'rejected'],
  ])('refuses %s on a %s application', (outcome, from) => {
    expect(decisionTarget(outcome, from)).toEqual({
      allowed: false,
      reason: `the application is ${from}, which is final`,
    });
  });
});

describe('stageMoveReason', () => {
  it.each([
    ['short', 'short'],
    ['x'.repeat(1000), 'x'.repeat(1000)],
    ['x'.repeat(1001), `${'x'.repeat(999)}…`],
    ['é'.repeat(2000), `${'é'.repeat(999)}…`],
    // Counted in code points, so an emoji is never split in half.
    ['😀'.repeat(1001), `${'😀'.repeat(999)}…`],
  ])('%#: keeps at most 1000 characters', (reason, kept) => {
    expect(stageMoveReason(reason)).toBe(kept);
    expect(Array.from(stageMoveReason(reason)).length).toBeLessThanOrEqual(1000);
  });
});

describe('isHeld', () => {
  it.each<[string, { outcome: Outcome; toStage: Stage } | undefined, Stage, boolean]>([
    ['no decision', undefined, 'assessed', false],
    ['held at the current stage', { outcome: 'hold', toStage: 'assessed' }, 'assessed', true],
    ['held, then moved on', { outcome: 'hold', toStage: 'assessed' }, 'shortlisted', false],
    ['held, then rejected', { outcome: 'hold', toStage: 'assessed' }, 'rejected', false],
    [
      'latest decision advanced',
      { outcome: 'advance', toStage: 'shortlisted' },
      'shortlisted',
      false,
    ],
  ])('%s -> %s', (_name, latest, stage, held) => {
    expect(isHeld(latest, stage)).toBe(held);
  });
});
