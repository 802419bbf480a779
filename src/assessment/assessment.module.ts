import { Module } from '@nestjs/common';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { BlueprintController } from './blueprint.controller';
import { BlueprintService } from './blueprint.service';

@Module({
  imports: [RequisitionsModule],
  controllers: [BlueprintController],
  providers: [BlueprintService],
  exports: [BlueprintService],
})
export class AssessmentModule {}
