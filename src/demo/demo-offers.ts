import { EntityManager } from 'typeorm';
import { Application } from '../candidates/application.entity';
import {
  computeBenchmark,
  storeBenchmark,
  termsOfOffer,
} from '../compensation/offers/benchmark-store';
import { Offer } from '../compensation/offers/offer.entity';
import { OfferStatus } from '../compensation/math/offer-lifecycle';
import { Requisition } from '../requisitions/requisition.entity';

/**
 * Demo offers, benchmarked against the seed bands, so a newcomer sees each part of offer
 * benchmarking: a fallback band with blocking flags awaiting an admin, an offer inside its band
 * already sent, and a remote requisition's what-if across regions. Amounts in major units.
 */
export const DEMO_OFFERS: {
  requisition: string;
  base: number;
  bonusTarget: number;
  status: OfferStatus;
}[] = [
  // ml-engineer senior in the US: no senior seed band (fallback to mid), above its p90.
  { requisition: 'us-ml', base: 175000, bonusTarget: 20000, status: 'pending_approval' },
  // ai-engineer mid in Berlin: between the median and p75 of the German seed band.
  { requisition: 'de-ai', base: 78000, bonusTarget: 0, status: 'sent' },
  // genai-engineer mid, remote, in India: the band has only a p90; the what-if shows other regions.
  { requisition: 'in-genai', base: 2800000, bonusTarget: 0, status: 'draft' },
];

/** Stages furthest along first: the demo offer goes to the most advanced application. */
const STAGE_RANK = ['offer', 'shortlisted', 'assessed', 'screening', 'applied'];

/**
 * One offer per entry, on the requisition's most advanced live application, benchmarked on the
 * database's current date, in the demo seed's transaction. Returns the number of offers.
 */
export async function seedDemoOffers(
  manager: EntityManager,
  requisitions: ReadonlyMap<string, string>,
  admin: string,
): Promise<number> {
  let created = 0;
  for (const demo of DEMO_OFFERS) {
    const requisitionId = requisitions.get(demo.requisition);
    if (!requisitionId) continue;
    const requisition = await manager.findOneByOrFail(Requisition, { id: requisitionId });
    const live = await manager.find(Application, { where: { requisitionId } });
    const rank = (a: Application) => STAGE_RANK.indexOf(a.stage);
    const [application] = live
      .filter((a) => rank(a) >= 0)
      .sort((a, b) => rank(a) - rank(b) || a.createdAt.getTime() - b.createdAt.getTime());
    if (!application) continue;
    const scale = 100; // every demo currency has two minor digits
    const inserted = await manager.insert(Offer, {
      applicationId: application.id,
      payBasis: requisition.budgetPayBasis,
      currency: requisition.budgetCurrency,
      baseAmount: demo.base * scale,
      bonusTargetAmount: demo.bonusTarget * scale,
      equityPerYearAmount: 0,
      status: demo.status,
      createdBy: admin,
      ...(demo.status === 'sent' ? { approvedBy: admin, approvedAt: () => 'now()' } : {}),
    });
    const offer = await manager.findOneByOrFail(Offer, {
      id: (inserted.identifiers[0] as { id: string }).id,
    });
    const result = await computeBenchmark(manager, {
      application,
      requisition,
      payBasis: offer.payBasis,
      terms: termsOfOffer(offer),
    });
    await storeBenchmark(manager, offer.id, result, admin);
    created++;
  }
  return created;
}
