import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import { CandidatesService } from './candidates.service';
import {
  CandidateQueryDto,
  CreateCandidateDto,
  UpdateCandidateDto,
} from './dto/candidate-input.dto';
import {
  CandidateDto,
  CandidateIntakeDto,
  CandidatePageDto,
  CandidateSummaryDto,
} from './dto/candidate.dto';

@ApiTags('candidates')
@Controller('api/candidates')
export class CandidatesController {
  constructor(private readonly candidates: CandidatesService) {}

  @Get()
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({
    summary: 'Search candidates, oldest first (hiring managers: only those on their requisitions)',
  })
  @ApiOkResponse({
    type: CandidatePageDto,
    description: 'A page of candidates (erased ones left out)',
  })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: CandidateQueryDto,
  ): Promise<CandidatePageDto> {
    const page = await this.candidates.list(caller, {
      limit: pageLimit(query),
      cursor: query.cursor,
      q: query.q,
      email: query.email,
      requisitionId: query.requisitionId,
      stage: query.stage,
    });
    return {
      items: page.items.map((candidate) => CandidateSummaryDto.from(candidate)),
      nextCursor: page.nextCursor,
    };
  }

  @Post()
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: 'Take in a candidate; a known email (any case or spacing) returns that person instead',
  })
  @ApiCreatedResponse({ type: CandidateIntakeDto, description: 'A new person (created: true)' })
  @ApiOkResponse({
    type: CandidateIntakeDto,
    description: 'The email belongs to a known person, returned unchanged (created: false)',
  })
  @ApiErrors('VALIDATION_FAILED')
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateCandidateDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CandidateIntakeDto> {
    const intake = await this.candidates.create(caller, body);
    void reply.status(intake.created ? 201 : 200);
    return { candidate: CandidateDto.from(intake.candidate), created: intake.created };
  }

  @Get(':id')
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({ summary: 'One candidate (after erasure: the anonymised record)' })
  @ApiOkResponse({
    type: CandidateDto,
    description: 'The candidate; every personal field is null once anonymisedAt is set',
  })
  @ApiErrors('INVALID_ID', 'CANDIDATE_NOT_FOUND')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<CandidateDto> {
    return CandidateDto.from(await this.candidates.get(caller, id));
  }

  @Patch(':id')
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: "Change a candidate's details (never consent: only the candidate gives it)",
  })
  @ApiOkResponse({ type: CandidateDto, description: 'The changed candidate' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'CANDIDATE_NOT_FOUND',
    'CANDIDATE_ERASED',
    'CANDIDATE_EMAIL_TAKEN',
  )
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateCandidateDto,
  ): Promise<CandidateDto> {
    return CandidateDto.from(await this.candidates.update(caller, id, body));
  }
}
