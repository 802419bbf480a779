import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentOrigin } from '../auth/access.decorators';
import { RequestOrigin } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { AttemptRef, attemptCookieName, AttemptRoute, CurrentAttempt } from './attempt-access';
import { AttemptService } from './attempt.service';
import { CandidateDataService } from './candidate-data.service';
import {
  AnswerDto,
  AnswerResultDto,
  AttemptEventDto,
  AttemptViewDto,
  ChecklistAnswersDto,
  ChecklistDto,
  AttemptConsentDto,
  EraseDto,
  ErasedDto,
  NextItemDto,
  SelfRatingsDto,
} from './dto/attempt.dto';
import { AttemptExportDto } from './dto/export.dto';
import { QuizService } from './quiz.service';

/** A candidate route whose replies no cache may keep (errors are no-store already). */
function CandidateRoute(): MethodDecorator {
  return applyDecorators(AttemptRoute(), Header('Cache-Control', 'no-store'));
}

@ApiTags('attempts')
@Controller('api/attempts/current')
export class AttemptController {
  private readonly cookieName: string;

  constructor(
    private readonly attempts: AttemptService,
    private readonly quiz: QuizService,
    private readonly data: CandidateDataService,
    @Inject(SIFT_CONFIG) config: SiftConfig,
  ) {
    this.cookieName = attemptCookieName(config);
  }

  @Get()
  @CandidateRoute()
  @ApiOperation({
    summary: "The candidate's attempt: phase, notice, skills, clock and progress",
    description:
      'Works in every phase, including after the end (the end page reads it). The deadline and serverNow come from the database clock.',
  })
  @ApiOkResponse({ type: AttemptViewDto, description: 'The attempt as the candidate sees it' })
  @ApiErrors('ATTEMPT_CLOSED')
  view(@CurrentAttempt() attempt: AttemptRef): Promise<AttemptViewDto> {
    return this.attempts.view(attempt);
  }

  @Post('consent')
  @HttpCode(200)
  @CandidateRoute()
  @ApiOperation({
    summary: 'Consent to the current notice and start the clock',
    description:
      "Records the notice version on the attempt and on the candidate, sets the deadline (time limit x the candidate's multiplier) from the database clock, and moves to self-rating.",
  })
  @ApiOkResponse({ type: AttemptViewDto, description: 'The attempt, now at self_rating' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'ATTEMPT_WRONG_PHASE',
    'NOTICE_VERSION_MISMATCH',
    'ATTEMPT_CLOSED',
  )
  consent(
    @CurrentAttempt() attempt: AttemptRef,
    @CurrentOrigin() origin: RequestOrigin,
    @Body() body: AttemptConsentDto,
  ): Promise<AttemptViewDto> {
    return this.attempts.consent(attempt, body.noticeVersion, origin);
  }

  @Put('self-ratings')
  @CandidateRoute()
  @ApiOperation({
    summary: 'Rate yourself 0-5 in each skill measured',
    description: 'Exactly the skills of the attempt, each once; moves to the checklist.',
  })
  @ApiOkResponse({ type: AttemptViewDto, description: 'The attempt, now at checklist' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'ATTEMPT_WRONG_PHASE',
    'ATTEMPT_DEADLINE_PASSED',
    'ATTEMPT_CLOSED',
  )
  rateSelf(
    @CurrentAttempt() attempt: AttemptRef,
    @CurrentOrigin() origin: RequestOrigin,
    @Body() body: SelfRatingsDto,
  ): Promise<AttemptViewDto> {
    return this.attempts.rateSelf(attempt, body.ratings, origin);
  }

  @Get('checklist')
  @CandidateRoute()
  @ApiOperation({
    summary: 'The familiarity checklist: terms in their shown order',
    description: 'Position and term only; the order is shuffled for each attempt.',
  })
  @ApiOkResponse({ type: ChecklistDto, description: 'The terms to answer' })
  @ApiErrors('ATTEMPT_WRONG_PHASE', 'ATTEMPT_CLOSED')
  checklist(@CurrentAttempt() attempt: AttemptRef): Promise<ChecklistDto> {
    return this.attempts.checklist(attempt);
  }

  @Put('checklist')
  @CandidateRoute()
  @ApiOperation({
    summary: 'Answer the checklist: known or not, for every position',
    description: 'Every position shown, each once; moves to the quiz.',
  })
  @ApiOkResponse({ type: AttemptViewDto, description: 'The attempt, now at quiz' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'ATTEMPT_WRONG_PHASE',
    'ATTEMPT_DEADLINE_PASSED',
    'ATTEMPT_CLOSED',
  )
  answerChecklist(
    @CurrentAttempt() attempt: AttemptRef,
    @CurrentOrigin() origin: RequestOrigin,
    @Body() body: ChecklistAnswersDto,
  ): Promise<AttemptViewDto> {
    return this.attempts.answerChecklist(attempt, body.answers, origin);
  }

  @Post('next')
  @HttpCode(200)
  @CandidateRoute()
  @ApiOperation({
    summary: 'The current quiz item, or finished',
    description:
      'Returns the item waiting for an answer if there is one (the same item and option order on every reload), otherwise the next item the adaptive engine picks. When every skill is done, or the deadline has passed, the attempt is finalised and the status is finished.',
  })
  @ApiOkResponse({ type: NextItemDto, description: 'An item to answer, or finished' })
  @ApiErrors('ATTEMPT_WRONG_PHASE', 'ATTEMPT_CLOSED')
  next(
    @CurrentAttempt() attempt: AttemptRef,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<NextItemDto> {
    return this.quiz.next(attempt, origin);
  }

  @Post('answer')
  @HttpCode(200)
  @CandidateRoute()
  @ApiOperation({
    summary: 'Answer the current item with the position of the option chosen',
    description:
      'Only the item waiting for an answer can be answered. Sending the same answer again is harmless (same reply); a different answer to an answered item is 409. After the deadline the attempt is finalised and the answer refused.',
  })
  @ApiOkResponse({ type: AnswerResultDto, description: 'The answer is recorded' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'ATTEMPT_WRONG_PHASE',
    'ANSWER_OUT_OF_ORDER',
    'ANSWER_ALREADY_RECORDED',
    'ATTEMPT_DEADLINE_PASSED',
    'ATTEMPT_CLOSED',
  )
  answer(
    @CurrentAttempt() attempt: AttemptRef,
    @CurrentOrigin() origin: RequestOrigin,
    @Body() body: AnswerDto,
  ): Promise<AnswerResultDto> {
    return this.quiz.answer(attempt, body.seq, body.choice, origin);
  }

  @Post('events')
  @HttpCode(204)
  @CandidateRoute()
  @ApiOperation({
    summary: 'Report a page signal: focus lost or returned, paste, copy',
    description:
      'Signals for a human reviewer, never a verdict. Accepted until the attempt is finished; past a per-attempt cap they are accepted and dropped.',
  })
  @ApiNoContentResponse({ description: 'Accepted' })
  @ApiErrors('VALIDATION_FAILED', 'ATTEMPT_WRONG_PHASE', 'ATTEMPT_CLOSED')
  async event(@CurrentAttempt() attempt: AttemptRef, @Body() body: AttemptEventDto): Promise<void> {
    await this.attempts.recordEvent(attempt, body);
  }

  @Post('finish')
  @HttpCode(200)
  @CandidateRoute()
  @ApiOperation({
    summary: 'Finish the assessment now',
    description:
      'From the quiz: skills not reached are summarised from what they have. Finishing a finished attempt returns it unchanged.',
  })
  @ApiOkResponse({ type: AttemptViewDto, description: 'The finished attempt' })
  @ApiErrors('ATTEMPT_WRONG_PHASE', 'ATTEMPT_CLOSED')
  finish(
    @CurrentAttempt() attempt: AttemptRef,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<AttemptViewDto> {
    return this.attempts.finish(attempt, origin);
  }

  @Get('export')
  @CandidateRoute()
  @ApiOperation({
    summary: 'Download everything recorded about you in this assessment',
    description:
      'Consent, self-ratings, checklist answers with their terms, each question with the option chosen and the times, and the page signals. Not the scoring.',
  })
  @ApiOkResponse({ type: AttemptExportDto, description: 'The export, as JSON' })
  @ApiErrors('ATTEMPT_CLOSED')
  export(
    @CurrentAttempt() attempt: AttemptRef,
    @CurrentOrigin() origin: RequestOrigin,
  ): Promise<AttemptExportDto> {
    return this.data.export(attempt, origin);
  }

  @Post('erase')
  @HttpCode(200)
  @CandidateRoute()
  @ApiOperation({
    summary: 'Erase your personal data',
    description:
      'Irreversible. Ends the attempt if it is still running, erases the personal data Sift holds about you, and ends this session. Anonymous answers stay for item statistics.',
  })
  @ApiOkResponse({ type: ErasedDto, description: 'Erased; the attempt cookie is cleared' })
  @ApiErrors('VALIDATION_FAILED', 'CANDIDATE_ERASED', 'ATTEMPT_CLOSED')
  async erase(
    @CurrentAttempt() attempt: AttemptRef,
    @CurrentOrigin() origin: RequestOrigin,
    @Body() _body: EraseDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasedDto> {
    await this.data.erase(attempt, origin);
    void reply.clearCookie(this.cookieName, { path: '/' });
    return { erased: true };
  }
}
