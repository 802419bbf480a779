import { Module } from '@nestjs/common';
import { SalaryBandsController } from './bands/salary-bands.controller';
import { SalaryBandsService } from './bands/salary-bands.service';
import { FxRatesController } from './fx-rates/fx-rates.controller';
import { FxRatesService } from './fx-rates/fx-rates.service';
import { OfferBenchmarksService } from './offers/offer-benchmarks.service';
import { OffersController } from './offers/offers.controller';
import { OffersService } from './offers/offers.service';

/** Offer benchmarking: salary bands, FX rates, offers and their stored benchmarks. */
@Module({
  controllers: [SalaryBandsController, FxRatesController, OffersController],
  providers: [SalaryBandsService, FxRatesService, OffersService, OfferBenchmarksService],
  exports: [OffersService, OfferBenchmarksService],
})
export class CompensationModule {}
