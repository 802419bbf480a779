import { EntityManager } from 'typeorm';
import { Application } from '../../candidates/application.entity';
import { AppError } from '../../common/errors/app-error';
import { Requisition } from '../../requisitions/requisition.entity';
import { SalaryBand } from '../bands/salary-band.entity';
import { FxRate } from '../fx-rates/fx-rate.entity';
import {
  BenchmarkError,
  benchmarkOffer,
  BenchmarkResult,
  OfferTerms,
  PayBasis,
} from '../math/benchmark';
import { Offer, OfferBenchmark } from './offer.entity';

/** What a benchmark is computed for: the application, its requisition and the terms. */
export interface BenchmarkSubject {
  application: Application;
  requisition: Requisition;
  payBasis: PayBasis;
  terms: OfferTerms & { offerDate: string };
  fitScore?: number;
}

/**
 * Loads the role family's bands and the FX rates dated on or before the offer date and runs the
 * pure benchmark (math/benchmark.ts) on them; its domain failures become API errors.
 */
export async function computeBenchmark(
  manager: EntityManager,
  subject: BenchmarkSubject,
): Promise<BenchmarkResult> {
  const { application, requisition, terms } = subject;
  const asOf = terms.offerDate;
  const bands = await manager
    .createQueryBuilder(SalaryBand, 'b')
    .where('b.role_family_id = :family AND b.effective_from <= :asOf', {
      family: requisition.roleFamilyId,
      asOf,
    })
    .getMany();
  const fxRates = await manager
    .createQueryBuilder(FxRate, 'r')
    .where('r.effective_from <= :asOf', { asOf })
    .getMany();
  const { expectedSalaryAmount: amount, expectedSalaryCurrency: currency } = application;
  const basis = application.expectedSalaryPayBasis;
  try {
    return benchmarkOffer({
      asOf,
      payBasis: subject.payBasis,
      offer: terms,
      requisition: {
        roleFamilyId: requisition.roleFamilyId,
        level: requisition.level,
        country: requisition.country,
        remotePolicy: requisition.remotePolicy,
        budget: {
          currency: requisition.budgetCurrency,
          min: requisition.budgetMin,
          max: requisition.budgetMax,
          payBasis: requisition.budgetPayBasis,
        },
      },
      expectation:
        amount !== null && currency && basis ? { amount, currency, payBasis: basis } : null,
      bands,
      fxRates,
      fitScore: subject.fitScore,
    });
  } catch (error) {
    if (error instanceof BenchmarkError)
      throw new AppError(error.code, error.message, error.details);
    // convertMinor refuses a converted amount beyond the safe integer range.
    if (error instanceof RangeError)
      throw new AppError('VALIDATION_FAILED', `The offer cannot be benchmarked: ${error.message}`);
    throw error;
  }
}

/** Stores a result with the band and FX rows it used and makes it the offer's current benchmark. */
export async function storeBenchmark(
  manager: EntityManager,
  offerId: string,
  result: BenchmarkResult,
  actorId: string,
): Promise<string> {
  const inserted = await manager.insert(OfferBenchmark, {
    offerId,
    bandId: result.band.id,
    fxRateIds: result.fx.map((row) => row.id),
    asOf: result.asOf,
    blocking: result.blocking,
    result,
    createdBy: actorId,
  });
  const id = (inserted.identifiers[0] as { id: string }).id;
  await manager.update(Offer, { id: offerId }, { currentBenchmarkId: id });
  return id;
}

/** An offer's saved terms, as a benchmark takes them. */
export function termsOfOffer(offer: Offer): BenchmarkSubject['terms'] {
  return {
    currency: offer.currency as OfferTerms['currency'],
    base: offer.baseAmount,
    bonusTarget: offer.bonusTargetAmount,
    equityPerYear: offer.equityPerYearAmount,
    offerDate: offer.offerDate,
  };
}
