/**
 * The offer lifecycle as a pure table: draft -> pending_approval -> approved -> sent -> accepted |
 * declined, and pending_approval -> draft to send it back for changes. Submitting and approving
 * need a benchmark of the current terms; approving an offer whose benchmark has a blocking flag
 * (above p90, over budget) needs an admin. Pure: no Nest, no TypeORM.
 */

export const OFFER_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'sent',
  'accepted',
  'declined',
] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Statuses in which an application's offer is still live (at most one per application). */
export const OPEN_OFFER_STATUSES: readonly OfferStatus[] = [
  'draft',
  'pending_approval',
  'approved',
  'sent',
];

const MOVES: Record<OfferStatus, readonly OfferStatus[]> = {
  draft: ['pending_approval'],
  pending_approval: ['approved', 'draft'],
  approved: ['sent'],
  sent: ['accepted', 'declined'],
  accepted: [],
  declined: [],
};

export interface OfferMove {
  from: OfferStatus;
  to: OfferStatus;
  /** The caller holds the admin role. */
  admin: boolean;
  /** The offer's current terms have a benchmark; whether that benchmark has a blocking flag. */
  benchmark: { blocking: boolean } | null;
}

export type OfferVerdict =
  | { allowed: true }
  | {
      allowed: false;
      code:
        'OFFER_ILLEGAL_TRANSITION' | 'OFFER_BENCHMARK_REQUIRED' | 'OFFER_ADMIN_APPROVAL_REQUIRED';
      reason: string;
    };

export function checkOfferMove(move: OfferMove): OfferVerdict {
  const { from, to } = move;
  if (!MOVES[from].includes(to))
    return {
      allowed: false,
      code: 'OFFER_ILLEGAL_TRANSITION',
      reason:
        MOVES[from].length === 0
          ? `the offer is ${from}, which is final`
          : `an offer that is ${from} can move to ${MOVES[from].join(' or ')}, not ${to}`,
    };
  const needsBenchmark = to === 'pending_approval' || to === 'approved';
  if (needsBenchmark && !move.benchmark)
    return {
      allowed: false,
      code: 'OFFER_BENCHMARK_REQUIRED',
      reason: 'benchmark the current terms first (POST /api/offers/{id}/benchmark)',
    };
  if (to === 'approved' && move.benchmark?.blocking && !move.admin)
    return {
      allowed: false,
      code: 'OFFER_ADMIN_APPROVAL_REQUIRED',
      reason: 'the benchmark has a blocking flag (above p90 or over budget): an admin must approve',
    };
  return { allowed: true };
}
