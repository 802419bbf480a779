import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { Caller } from '../../auth/caller';
import { Transactions } from '../../database/transactions';
import { BenchmarkResult } from '../math/benchmark';
import { databaseToday } from '../store';
import { computeBenchmark, storeBenchmark, termsOfOffer } from './benchmark-store';
import { PreviewOfferDto } from './dto/offer.dto';
import { findVisibleOffer } from './offer-records';
import { OfferBenchmark } from './offer.entity';
import { assertDraft, checkTerms, OffersService } from './offers.service';

/**
 * Benchmarks: computed from the bands and FX rows in force on the offer date, stored with the
 * rows they used, never recomputed on read; a preview computes without storing.
 */
@Injectable()
export class OfferBenchmarksService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
    private readonly offers: OffersService,
  ) {}

  /** Benchmarks a draft's current terms and makes the result its current benchmark. */
  async benchmark(caller: Caller, id: string, fitScore?: number): Promise<OfferBenchmark> {
    return this.db.run(async (manager) => {
      const offer = await findVisibleOffer(manager, caller, id, true);
      assertDraft(offer, 'benchmarked again');
      const { application, requisition } = await this.offers.offerable(
        manager,
        caller,
        offer.applicationId,
      );
      const result = await computeBenchmark(manager, {
        application,
        requisition,
        payBasis: offer.payBasis,
        terms: termsOfOffer(offer),
        fitScore,
      });
      const benchmarkId = await storeBenchmark(manager, id, result, caller.userId);
      await this.audit.record(manager, {
        actor: caller,
        action: 'offer.benchmarked',
        subject: { type: 'offer', id },
        details: {
          benchmarkId,
          bandId: result.band.id,
          fxRateIds: result.fx.map((row) => row.id),
          flags: result.flags.map((flag) => flag.code),
          blocking: result.blocking,
        },
      });
      return manager.findOneByOrFail(OfferBenchmark, { id: benchmarkId });
    });
  }

  /** The same computation for terms not saved as an offer; nothing is written. */
  async preview(caller: Caller, input: PreviewOfferDto): Promise<BenchmarkResult> {
    return this.db.run(async (manager) => {
      const { application, requisition } = await this.offers.offerable(
        manager,
        caller,
        input.applicationId,
      );
      return computeBenchmark(manager, {
        application,
        requisition,
        payBasis: requisition.budgetPayBasis,
        terms: checkTerms(input, await databaseToday(manager)),
        fitScore: input.fitScore,
      });
    });
  }

  /** Every stored benchmark of an offer, oldest first, exactly as computed then. */
  async history(caller: Caller, id: string): Promise<OfferBenchmark[]> {
    await findVisibleOffer(this.db.manager, caller, id);
    return this.db.manager.find(OfferBenchmark, {
      where: { offerId: id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
