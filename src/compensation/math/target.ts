/**
 * The skill-adjusted target percentile: a recommendation shown beside a benchmark, never applied
 * to an offer. The rule (docs/compensation.md): target = 25 + fit score / 2, to the nearest 5, so
 * a fit of 0 points at p25, 50 at p50 and 100 at p75. The band's outer deciles are left to
 * negotiation and approval, not to a score. A tie (62.5) goes up. Pure: no Nest, no TypeORM.
 */

export type SkillTarget =
  | { available: false; reason: string }
  | { available: true; fitScore: number; percentile: number; explanation: string };

export const TARGET_FLOOR = 25;
export const TARGET_CEILING = 75;

export function skillAdjustedTarget(fitScore: number | undefined): SkillTarget {
  if (fitScore === undefined)
    return {
      available: false,
      reason: 'No finished assessment: there is no fit score to adjust the target by',
    };
  if (!Number.isFinite(fitScore) || fitScore < 0 || fitScore > 100)
    throw new RangeError('a fit score is between 0 and 100');
  const raw = TARGET_FLOOR + fitScore / 2;
  const percentile = Math.min(TARGET_CEILING, Math.max(TARGET_FLOOR, Math.round(raw / 5) * 5));
  return {
    available: true,
    fitScore,
    percentile,
    explanation:
      `Fit score ${fitScore} -> 25 + ${fitScore} / 2 = ${raw}, to the nearest 5: p${percentile}. ` +
      'A recommendation only; the offer is not changed.',
  };
}
