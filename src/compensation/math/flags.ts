/**
 * The flags a benchmark raises, each with a reason a recruiter can read. Two are blocking (above
 * p90, over the requisition budget): an offer carrying either needs an admin's approval before it
 * can be sent. Pure: no Nest, no TypeORM.
 */
import { Percentiles } from './percentiles';
import { twelveMonthsBefore } from './effective';

export const FLAG_CODES = [
  'below_p25',
  'above_p90',
  'over_budget',
  'below_expectation',
  'stale_band',
  'small_sample',
  'fallback_band',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export const BLOCKING_FLAGS: readonly FlagCode[] = ['above_p90', 'over_budget'];

/** Bands built from fewer answers than this are flagged. */
export const MIN_SAMPLE_SIZE = 30;
/** An offer more than this share below the candidate's expectation is flagged. */
export const EXPECTATION_GAP = 0.1;

export interface Flag {
  code: FlagCode;
  blocking: boolean;
  message: string;
}

export interface FlagInput {
  /** The offer in the band's currency (minor units). */
  amount: number;
  band: Percentiles & { effectiveFrom: string; sampleSize: number | null };
  /** The date the offer is judged on (its offer date). */
  asOf: string;
  fallback: { requestedLevel: string; usedLevel: string } | null;
  /** The offer and the budget maximum, both in the budget's currency; absent when the bases differ. */
  budget?: { offer: number; max: number };
  /** The offer and the expectation, both in the offer's currency; absent when there is none to compare. */
  expectation?: { offer: number; expected: number };
}

const flag = (code: FlagCode, message: string): Flag => ({
  code,
  blocking: BLOCKING_FLAGS.includes(code),
  message,
});

export function offerFlags(input: FlagInput): Flag[] {
  const { amount, band } = input;
  const flags: Flag[] = [];
  if (band.p25 !== null && band.p25 !== undefined && amount < band.p25)
    flags.push(flag('below_p25', 'Below the 25th percentile: the candidate may decline'));
  if (band.p90 !== null && band.p90 !== undefined && amount > band.p90)
    flags.push(flag('above_p90', 'Above the 90th percentile: needs an admin’s approval'));
  if (input.budget && input.budget.offer > input.budget.max)
    flags.push(flag('over_budget', 'Above the requisition’s budget: needs an admin’s approval'));
  if (input.expectation) {
    const { offer, expected } = input.expectation;
    // offer < expected * (1 - gap), in integers: 10 * offer < 9 * expected.
    const tenths = Math.round((1 - EXPECTATION_GAP) * 10);
    if (offer * 10 < expected * tenths)
      flags.push(
        flag(
          'below_expectation',
          `More than ${EXPECTATION_GAP * 100}% below the candidate’s expectation`,
        ),
      );
  }
  const cutoff = twelveMonthsBefore(input.asOf);
  if (band.effectiveFrom < cutoff)
    flags.push(
      flag(
        'stale_band',
        `The band dates from ${band.effectiveFrom}, more than 12 months before ${input.asOf}: import current figures`,
      ),
    );
  if (band.sampleSize === null)
    flags.push(flag('small_sample', 'The band’s sample size is not published'));
  else if (band.sampleSize < MIN_SAMPLE_SIZE)
    flags.push(
      flag(
        'small_sample',
        `The band rests on ${band.sampleSize} data points (fewer than ${MIN_SAMPLE_SIZE})`,
      ),
    );
  if (input.fallback)
    flags.push(
      flag(
        'fallback_band',
        `No ${input.fallback.requestedLevel} band: the nearest level (${input.fallback.usedLevel}) is used`,
      ),
    );
  return flags;
}
