import { checkOfferMove, OfferMove, OfferStatus } from './offer-lifecycle';

const CLEAN = { blocking: false };
const BLOCKING = { blocking: true };

describe('checkOfferMove', () => {
  it.each<[OfferStatus, OfferStatus, boolean, OfferMove['benchmark'], string]>([
    ['draft', 'pending_approval', false, CLEAN, 'allowed'],
    ['draft', 'pending_approval', false, BLOCKING, 'allowed'],
    ['draft', 'pending_approval', false, null, 'OFFER_BENCHMARK_REQUIRED'],
    ['draft', 'approved', true, CLEAN, 'OFFER_ILLEGAL_TRANSITION'],
    ['draft', 'sent', true, CLEAN, 'OFFER_ILLEGAL_TRANSITION'],
    ['pending_approval', 'approved', false, CLEAN, 'allowed'],
    ['pending_approval', 'approved', false, BLOCKING, 'OFFER_ADMIN_APPROVAL_REQUIRED'],
    ['pending_approval', 'approved', true, BLOCKING, 'allowed'],
    ['pending_approval', 'approved', true, null, 'OFFER_BENCHMARK_REQUIRED'],
    ['pending_approval', 'draft', false, BLOCKING, 'allowed'],
    ['pending_approval', 'sent', true, CLEAN, 'OFFER_ILLEGAL_TRANSITION'],
    ['approved', 'sent', false, BLOCKING, 'allowed'],
    ['approved', 'draft', true, CLEAN, 'OFFER_ILLEGAL_TRANSITION'],
    ['sent', 'accepted', false, CLEAN, 'allowed'],
    ['sent', 'declined', false, CLEAN, 'allowed'],
    ['sent', 'draft', true, CLEAN, 'OFFER_ILLEGAL_TRANSITION'],
    ['accepted', 'declined', true, CLEAN, 'OFFER_ILLEGAL_TRANSITION'],
    ['declined', 'sent', true, CLEAN, 'OFFER_ILLEGAL_TRANSITION'],
  ])('%s -> %s (admin %p, benchmark %j): %s', (from, to, admin, benchmark, expected) => {
    const verdict = checkOfferMove({ from, to, admin, benchmark });
    expect(verdict.allowed ? 'allowed' : verdict.code).toBe(expected);
  });

  it('says why a final offer cannot move', () => {
    const verdict = checkOfferMove({ from: 'accepted', to: 'sent', admin: true, benchmark: CLEAN });
    expect(verdict).toMatchObject({
      allowed: false,
      reason: 'the offer is accepted, which is final',
    });
  });
});
