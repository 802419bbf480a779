import { Module } from '@nestjs/common';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { RequisitionTransitionsService } from './requisition-transitions.service';
import { RequisitionsController } from './requisitions.controller';
import { RequisitionsService } from './requisitions.service';

@Module({
  imports: [TaxonomyModule],
  controllers: [RequisitionsController],
  providers: [RequisitionsService, RequisitionTransitionsService],
  exports: [RequisitionsService],
})
export class RequisitionsModule {}
