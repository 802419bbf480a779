import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import { ApplicationsService, ApplicationWithHistory } from './applications.service';
import {
  ApplicationQueryDto,
  CreateApplicationDto,
  MoveStageDto,
  UpdateApplicationDto,
} from './dto/application-input.dto';
import { ApplicationDetailDto, ApplicationDto, ApplicationPageDto } from './dto/application.dto';

const detail = ({ application, history }: ApplicationWithHistory) =>
  ApplicationDetailDto.withHistory(application, history);

@ApiTags('applications')
@Controller('api/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get()
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({
    summary:
      'Applications, oldest first, e.g. one requisition by stage (hiring managers: their teams only)',
  })
  @ApiOkResponse({ type: ApplicationPageDto, description: 'A page of applications' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ApplicationQueryDto,
  ): Promise<ApplicationPageDto> {
    const page = await this.applications.list(caller, {
      limit: pageLimit(query),
      cursor: query.cursor,
      requisitionId: query.requisitionId,
      candidateId: query.candidateId,
      stage: query.stage,
    });
    return {
      items: page.items.map((application) => ApplicationDto.from(application)),
      nextCursor: page.nextCursor,
    };
  }

  @Post()
  @Roles('admin', 'recruiter')
  @ApiOperation({ summary: 'Put a candidate into the pipeline of an open requisition' })
  @ApiCreatedResponse({
    type: ApplicationDetailDto,
    description: 'The new application, at applied',
  })
  @ApiErrors(
    'VALIDATION_FAILED',
    'CANDIDATE_NOT_FOUND',
    'REQUISITION_NOT_FOUND',
    'CANDIDATE_ERASED',
    'REQUISITION_NOT_ACCEPTING',
    'APPLICATION_EXISTS',
  )
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateApplicationDto,
  ): Promise<ApplicationDetailDto> {
    return detail(await this.applications.create(caller, body));
  }

  @Get(':id')
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({ summary: 'One application with its stage history' })
  @ApiOkResponse({ type: ApplicationDetailDto, description: 'The application' })
  @ApiErrors('INVALID_ID', 'APPLICATION_NOT_FOUND')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<ApplicationDetailDto> {
    return detail(await this.applications.get(caller, id));
  }

  @Patch(':id')
  @Roles('admin', 'recruiter')
  @ApiOperation({ summary: "Change or clear the candidate's expected salary" })
  @ApiOkResponse({ type: ApplicationDetailDto, description: 'The changed application' })
  @ApiErrors('INVALID_ID', 'VALIDATION_FAILED', 'APPLICATION_NOT_FOUND', 'CANDIDATE_ERASED')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateApplicationDto,
  ): Promise<ApplicationDetailDto> {
    return detail(await this.applications.updateExpectedSalary(caller, id, body.expectedSalary));
  }

  @Post(':id/stage')
  @HttpCode(200)
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: 'Move an application forward, hire it from offer, or reject it (with a reason)',
  })
  @ApiOkResponse({ type: ApplicationDetailDto, description: 'The moved application' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'APPLICATION_NOT_FOUND',
    'APPLICATION_ILLEGAL_STAGE',
    'CANDIDATE_ERASED',
  )
  async move(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: MoveStageDto,
  ): Promise<ApplicationDetailDto> {
    return detail(await this.applications.moveStage(caller, id, body));
  }
}
