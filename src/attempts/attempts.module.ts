import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { CandidatesModule } from '../candidates/candidates.module';
import { AttemptGuard } from './attempt-access';
import { AttemptController } from './attempt.controller';
import { AttemptService } from './attempt.service';
import { CandidateDataService } from './candidate-data.service';
import { DeadlineSweeper } from './deadline-sweeper';
import { Finaliser } from './finaliser';
import { NoticeService } from './notices';
import { QuizService } from './quiz.service';
import { RedemptionController } from './redemption.controller';
import { RedemptionService } from './redemption.service';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';

/** The candidate's side of an assessment: redeeming the link, the attempt and its results. */
@Module({
  imports: [AssessmentModule, CandidatesModule],
  controllers: [RedemptionController, AttemptController, ResultsController],
  providers: [
    AttemptGuard,
    RedemptionService,
    NoticeService,
    Finaliser,
    AttemptService,
    QuizService,
    CandidateDataService,
    ResultsService,
    DeadlineSweeper,
  ],
  exports: [
    AttemptGuard,
    RedemptionService,
    NoticeService,
    AttemptService,
    QuizService,
    DeadlineSweeper,
    ResultsService,
  ],
})
export class AttemptsModule {}
