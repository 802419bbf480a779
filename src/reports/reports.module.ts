import { Module } from '@nestjs/common';
import { AttemptsModule } from '../attempts/attempts.module';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { REPORT_CLOCK, systemClock } from './report-clock';
import { ReportPagesController } from './report-pages.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ShortlistService } from './shortlist.service';

/** The candidate report and the requisition shortlist, as JSON and as printable pages. */
@Module({
  imports: [AttemptsModule, RequisitionsModule],
  controllers: [ReportsController, ReportPagesController],
  providers: [ReportsService, ShortlistService, { provide: REPORT_CLOCK, useFactory: systemClock }],
  exports: [REPORT_CLOCK],
})
export class ReportsModule {}
