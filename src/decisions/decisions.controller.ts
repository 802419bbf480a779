import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { pageLimit } from '../common/dto/pagination';
import { DecisionsService } from './decisions.service';
import {
  CreateDecisionDto,
  DecisionDto,
  DecisionPageDto,
  DecisionQueryDto,
} from './dto/decision.dto';

@ApiTags('decisions')
@Controller('api/decisions')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Post()
  @Roles('admin', 'hiring_manager')
  @ApiOperation({
    summary: 'Record a hiring decision: advance, hold or reject, with a reason',
    description:
      "A hiring manager on the requisition's team (or an admin) decides. advance moves the application to its next stage (offer -> hired), reject moves it to rejected with the reason, hold keeps the stage and shows the application as held until a later decision or stage move. Hired and rejected applications take no decision (409 DECISION_FINAL_STAGE). Recruiters are refused (403); applications of other teams' requisitions are 404. One transaction under the application's lock; audited as decision.recorded.",
  })
  @ApiCreatedResponse({ type: DecisionDto, description: 'The decision as recorded' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'APPLICATION_NOT_FOUND',
    'DECISION_NOT_ON_TEAM',
    'DECISION_FINAL_STAGE',
    'CANDIDATE_ERASED',
  )
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateDecisionDto,
  ): Promise<DecisionDto> {
    return DecisionDto.from(await this.decisions.record(caller, body));
  }

  @Get()
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({
    summary: "An application's decisions, oldest first",
    description:
      'Every decision on the application with who took it, when, the stages before and after and the reason (null after the candidate was erased). Hiring managers see applications of their own requisitions only (404 otherwise).',
  })
  @ApiOkResponse({ type: DecisionPageDto, description: 'A page of decisions' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR', 'APPLICATION_NOT_FOUND')
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: DecisionQueryDto,
  ): Promise<DecisionPageDto> {
    const page = await this.decisions.list(caller, query.applicationId.toLowerCase(), {
      limit: pageLimit(query),
      cursor: query.cursor,
    });
    return { items: page.items.map((row) => DecisionDto.from(row)), nextCursor: page.nextCursor };
  }
}
