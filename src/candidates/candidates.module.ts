import { Module } from '@nestjs/common';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { CandidatesController } from './candidates.controller';
import { CandidatesService } from './candidates.service';
import { PersonalDataController } from './personal-data.controller';
import { PersonalDataService } from './personal-data.service';
import { RetentionService } from './retention.service';

/** Candidates, applications and their stage history, and the personal-data duties that go with them. */
@Module({
  controllers: [CandidatesController, ApplicationsController, PersonalDataController],
  providers: [CandidatesService, ApplicationsService, PersonalDataService, RetentionService],
  exports: [CandidatesService, ApplicationsService, PersonalDataService],
})
export class CandidatesModule {}
