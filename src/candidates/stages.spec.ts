import { checkStageMove, isFinalStage, nextStage, Stage, STAGES } from './stages';

/** Every allowed move, as [from, to]; all other pairs are refused. */
const ALLOWED: [Stage, Stage][] = [
  ['applied', 'screening'],
  ['applied', 'assessed'],
  ['applied', 'shortlisted'],
  ['applied', 'offer'],
  ['applied', 'rejected'],
  ['screening', 'assessed'],
  ['screening', 'shortlisted'],
  ['screening', 'offer'],
  ['screening', 'rejected'],
  ['assessed', 'shortlisted'],
  ['assessed', 'offer'],
  ['assessed', 'rejected'],
  ['shortlisted', 'offer'],
  ['shortlisted', 'rejected'],
  ['offer', 'hired'],
  ['offer', 'rejected'],
];

const key = ([from, to]: [Stage, Stage]) => `${from}->${to}`;
const allowed = new Set(ALLOWED.map(key));
const everyPair: [Stage, Stage][] = STAGES.flatMap((from) =>
  STAGES.map((to): [Stage, Stage] => [from, to]),
);
const refused = everyPair.filter((pair) => !allowed.has(key(pair)));

describe('checkStageMove', () => {
  it('covers every pair of stages', () => {
    expect(everyPair).toHaveLength(7 * 7);
    expect(ALLOWED.length + refused.length).toBe(everyPair.length);
  });

  it.each(ALLOWED)('allows %s -> %s (with a reason)', (from, to) => {
    expect(checkStageMove({ from, to, reason: 'Strong portfolio' })).toEqual({ allowed: true });
  });

  it.each(ALLOWED.filter(([, to]) => to !== 'rejected'))(
    'allows %s -> %s without a reason',
    (from, to) => {
      expect(checkStageMove({ from, to })).toEqual({ allowed: true });
    },
  );

  it.each(refused)('refuses %s -> %s with a reason given', (from, to) => {
    const verdict = checkStageMove({ from, to, reason: 'Strong portfolio' });
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.reason.length).toBeGreaterThan(10);
  });

  it.each(STAGES.filter((stage) => !isFinalStage(stage)))(
    'refuses %s -> rejected without a reason, or with a blank one',
    (from) => {
      for (const reason of [undefined, null, '', '   ']) {
        expect(checkStageMove({ from, to: 'rejected', reason })).toEqual({
          allowed: false,
          reason: 'rejecting an application needs a reason',
        });
      }
    },
  );

  it.each<[Stage, Stage, RegExp]>([
    ['hired', 'rejected', /final/],
    ['rejected', 'screening', /final/],
    ['screening', 'screening', /already/],
    ['shortlisted', 'hired', /only an application at offer/],
    ['offer', 'screening', /only move forward/],
  ])('explains why %s -> %s is refused', (from, to, why) => {
    const verdict = checkStageMove({ from, to, reason: 'x' });
    expect(verdict.allowed === false && verdict.reason).toMatch(why);
  });

  it('knows the final stages', () => {
    expect(STAGES.filter(isFinalStage)).toEqual(['hired', 'rejected']);
  });

  it.each<[Stage, Stage | undefined]>([
    ['applied', 'screening'],
    ['screening', 'assessed'],
    ['assessed', 'shortlisted'],
    ['shortlisted', 'offer'],
    ['offer', 'hired'],
    ['hired', undefined],
    ['rejected', undefined],
  ])('the stage after %s is %s', (stage, next) => {
    expect(nextStage(stage)).toBe(next);
  });
});
