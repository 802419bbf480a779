import { Module } from '@nestjs/common';
import { IntakeExportService } from './intake-export.service';
import { IntakeSettings } from './intake-settings';
import { IntakeJobsController, RequisitionIntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

/** Bulk CSV intake of candidates into a requisition, its job resource and CSV exports. */
@Module({
  controllers: [RequisitionIntakeController, IntakeJobsController],
  providers: [IntakeService, IntakeExportService, IntakeSettings],
  exports: [IntakeService],
})
export class IntakeModule {}
