import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import { CandidateReportDto } from './dto/report.dto';
import { ShortlistDto, ShortlistQueryDto } from './dto/shortlist.dto';
import { ReportsService } from './reports.service';
import { ShortlistRequest, ShortlistService } from './shortlist.service';

export function shortlistRequest(query: ShortlistQueryDto): ShortlistRequest {
  return {
    stage: query.stage,
    flag: query.flag,
    sort: query.sort ?? 'rank',
    limit: pageLimit(query),
    cursor: query.cursor,
  };
}

@ApiTags('reports')
@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly shortlists: ShortlistService,
  ) {}

  @Get('reports/applications/:id')
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({
    summary: "An application's scored report",
    description:
      'Header (candidate, requisition, stage, held, dates); the fit score and how it was computed; per skill the claimed level, the measured ability with its 95% interval, the verdict and its probability in plain words; the familiarity checklist indices and the foils claimed; integrity signals (for review, not verdicts); the newest offer with its latest stored benchmark (position in the band); every decision. The same report prints as HTML at GET /reports/applications/{id}. Hiring managers see applications of their own requisitions only (404 otherwise).',
  })
  @ApiOkResponse({ type: CandidateReportDto, description: 'The report' })
  @ApiErrors('INVALID_ID', 'APPLICATION_NOT_FOUND')
  report(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<CandidateReportDto> {
    return this.reports.report(caller, id);
  }

  @Get('requisitions/:id/shortlist')
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({
    summary: "A requisition's applications, ranked",
    description:
      "Ranked in the stated order (the response's `order`: fit score, then fewer overstated skills, fewer integrity signals, earlier assessment, earlier application, id); `rank` is that position among all the requisition's applications. Per application: a cell per required skill (measured level and the probability of reaching the minimum), overstated and integrity counts, the offer's position in its band. Filters: stage, flag (overstated, integrity, held); sort: rank, applied, name, overstated (ties in the stated order). A constant number of queries however many applications. HTML at GET /reports/requisitions/{id}/shortlist.",
  })
  @ApiOkResponse({ type: ShortlistDto, description: 'A page of the shortlist' })
  @ApiErrors('INVALID_ID', 'VALIDATION_FAILED', 'INVALID_CURSOR', 'REQUISITION_NOT_FOUND')
  shortlist(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Query() query: ShortlistQueryDto,
  ): Promise<ShortlistDto> {
    return this.shortlists.shortlist(caller, id, shortlistRequest(query));
  }
}
