import { Controller, Get, Header, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { ApiCsvUpload } from '../common/dto/api-csv-upload.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit, PageQueryDto } from '../common/dto/pagination';
import { IntakeJobDto, IntakeJobPageDto } from './dto/intake-job.dto';
import { IntakeExportService } from './intake-export.service';
import { INTAKE_COLUMNS } from './intake-row';
import { INTAKE_FILE_LIMIT_BYTES } from './intake-settings';
import { IntakeService } from './intake.service';

const CSV = 'text/csv; charset=utf-8';

const csvResponse = (description: string) =>
  ApiOkResponse({ description, schema: { type: 'string', format: 'binary' } });

@ApiTags('intake')
@Controller('api/requisitions')
export class RequisitionIntakeController {
  constructor(
    private readonly intake: IntakeService,
    private readonly exports: IntakeExportService,
  ) {}

  @Post(':id/intake')
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: 'Upload a CSV of candidates into the requisition; answers when the import is done',
    description:
      `Header row required; columns (any case, any order): ${INTAKE_COLUMNS.join(', ')}. ` +
      'full_name and email are required. links are separated by spaces or semicolons; expected_salary ' +
      'is in major units (150000.50) with expected_currency and expected_pay_basis (base|total). ' +
      "Invalid rows are rejected one by one (see the job's rejections.csv); the first row with an " +
      'email wins over later ones; people already known by email are attached, not duplicated; ' +
      'uploading the same file again creates nothing. Follow progress from another request with ' +
      'GET /api/requisitions/{id}/intake-jobs.',
  })
  @ApiCsvUpload(INTAKE_FILE_LIMIT_BYTES)
  @ApiCreatedResponse({ type: IntakeJobDto, description: 'The finished job with its row counts' })
  @ApiErrors(
    'INVALID_ID',
    'REQUISITION_NOT_FOUND',
    'REQUISITION_NOT_ACCEPTING',
    'INTAKE_FILE_INVALID',
    'INTAKE_FILE_TOO_LARGE',
  )
  async upload(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Req() request: FastifyRequest,
  ): Promise<IntakeJobDto> {
    return IntakeJobDto.from(await this.intake.upload(caller, id, request));
  }

  @Get(':id/intake-jobs')
  @Roles('admin', 'recruiter')
  @ApiOperation({ summary: "The requisition's intake jobs, newest first (running ones included)" })
  @ApiOkResponse({ type: IntakeJobPageDto, description: 'A page of intake jobs' })
  @ApiErrors('INVALID_ID', 'VALIDATION_FAILED', 'INVALID_CURSOR', 'REQUISITION_NOT_FOUND')
  async list(
    @Param('id', UuidParam) id: string,
    @Query() query: PageQueryDto,
  ): Promise<IntakeJobPageDto> {
    const page = await this.intake.list(id, pageLimit(query), query.cursor);
    return { items: page.items.map((job) => IntakeJobDto.from(job)), nextCursor: page.nextCursor };
  }

  @Get(':id/candidates.csv')
  // A bulk export of personal data: hiring managers read candidates through the API but export nothing.
  @Roles('admin', 'recruiter')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      "Download the requisition's candidates as CSV (intake columns; formula-like cells neutralised)",
  })
  @ApiProduces('text/csv')
  @csvResponse('CSV with the intake columns except resume_text; can be uploaded again')
  @ApiErrors('INVALID_ID', 'REQUISITION_NOT_FOUND')
  async exportCandidates(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.exports.candidates(caller, id), {
      type: CSV,
      disposition: `attachment; filename="requisition-${id}-candidates.csv"`,
    });
  }
}

@ApiTags('intake')
@Controller('api/intake-jobs')
@Roles('admin', 'recruiter')
export class IntakeJobsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly exports: IntakeExportService,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'One intake job: status and row counts, also while it runs' })
  @ApiOkResponse({ type: IntakeJobDto, description: 'The job' })
  @ApiErrors('INVALID_ID', 'INTAKE_JOB_NOT_FOUND')
  async get(@Param('id', UuidParam) id: string): Promise<IntakeJobDto> {
    return IntakeJobDto.from(await this.intake.get(id));
  }

  @Get(':id/rejections.csv')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Download the rejected and duplicate rows of a job: line, field, outcome, reason',
  })
  @ApiProduces('text/csv')
  @csvResponse(
    'CSV report, one line per problem; the rejected values themselves are never repeated',
  )
  @ApiErrors('INVALID_ID', 'INTAKE_JOB_NOT_FOUND')
  async rejections(@Param('id', UuidParam) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.exports.rejections(id), {
      type: CSV,
      disposition: `attachment; filename="intake-${id}-rejections.csv"`,
    });
  }
}
