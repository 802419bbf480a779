import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { AssessmentResultsDto } from './dto/results.dto';
import { ResultsService } from './results.service';

@ApiTags('assessments')
@Controller('api/applications/:id/assessment')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get()
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({
    summary: "An application's assessment results",
    description:
      'The latest finished attempt: per skill the claimed level, theta, SE, interval, items used, verdict and the probability behind it; the checklist indices and the foils claimed; integrity signals (for human review, not verdicts); the fit score; the engine settings. A live attempt is shown with its phase and no results. Hiring managers see applications of their own requisitions only.',
  })
  @ApiOkResponse({ type: AssessmentResultsDto, description: 'The results' })
  @ApiErrors('INVALID_ID', 'APPLICATION_NOT_FOUND', 'ASSESSMENT_NOT_FOUND')
  get(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<AssessmentResultsDto> {
    return this.results.results(caller, id);
  }
}
