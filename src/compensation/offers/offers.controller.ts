import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller, Roles } from '../../auth/access.decorators';
import { Caller } from '../../auth/caller';
import { ApiErrors } from '../../common/dto/api-errors.decorator';
import { UuidParam } from '../../common/dto/ids';
import { pageLimit } from '../../common/dto/pagination';
import {
  BenchmarkResultDto,
  StoredBenchmarkDto,
  StoredBenchmarkListDto,
} from './dto/benchmark.dto';
import {
  CreateOfferDto,
  FitScoreDto,
  OfferDto,
  OfferPageDto,
  OfferQueryDto,
  OfferTransitionDto,
  PreviewOfferDto,
  UpdateOfferDto,
} from './dto/offer.dto';
import { OfferBenchmarksService } from './offer-benchmarks.service';
import { OffersService } from './offers.service';

const BENCHMARK_ERRORS = ['NO_MATCHING_BAND', 'FX_RATE_MISSING'] as const;

@ApiTags('offers')
@Controller('api/offers')
export class OffersController {
  constructor(
    private readonly offers: OffersService,
    private readonly benchmarks: OfferBenchmarksService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Offers (hiring managers: only on requisitions they are on the team of)',
    description: 'Filters: applicationId, requisitionId, status. Oldest first.',
  })
  @ApiOkResponse({ type: OfferPageDto, description: 'A page of offers' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: OfferQueryDto,
  ): Promise<OfferPageDto> {
    const page = await this.offers.list(caller, query, pageLimit(query));
    return { items: page.items.map((row) => OfferDto.from(row)), nextCursor: page.nextCursor };
  }

  @Post()
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: 'Draft an offer on an application',
    description:
      'Base, bonus target and equity per year as money in one currency. The pay basis the offer is ' +
      "compared on comes from the requisition's budget. One live offer (draft to sent) per application; " +
      'not on a hired or rejected application, nor an erased candidate.',
  })
  @ApiCreatedResponse({ type: OfferDto, description: 'The draft' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'APPLICATION_NOT_FOUND',
    'CANDIDATE_ERASED',
    'OFFER_NOT_ALLOWED',
    'OFFER_EXISTS',
    'OFFER_CURRENCY_MISMATCH',
  )
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateOfferDto): Promise<OfferDto> {
    return OfferDto.from(await this.offers.create(caller, body));
  }

  @Post('preview')
  @Roles('admin', 'recruiter')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Benchmark offer terms without saving anything',
    description:
      'The same computation as POST /api/offers/{id}/benchmark for terms on an application: band ' +
      'choice, conversion, percentile position, compa-ratio, range penetration, flags, the ' +
      'skill-adjusted target (from fitScore, when given) and the remote what-if.',
  })
  @ApiOkResponse({ type: BenchmarkResultDto, description: 'The benchmark (not stored)' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'APPLICATION_NOT_FOUND',
    'CANDIDATE_ERASED',
    'OFFER_NOT_ALLOWED',
    'OFFER_CURRENCY_MISMATCH',
    ...BENCHMARK_ERRORS,
  )
  async preview(
    @CurrentCaller() caller: Caller,
    @Body() body: PreviewOfferDto,
  ): Promise<BenchmarkResultDto> {
    return BenchmarkResultDto.from(await this.benchmarks.preview(caller, body));
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'One offer',
    description:
      'Hiring managers see offers only on requisitions they are on the team of (404 otherwise).',
  })
  @ApiOkResponse({ type: OfferDto, description: 'The offer' })
  @ApiErrors('INVALID_ID', 'OFFER_NOT_FOUND')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<OfferDto> {
    return OfferDto.from(await this.offers.get(caller, id));
  }

  @Patch(':id')
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: "Change a draft's terms",
    description:
      'Only while draft. The current benchmark is dropped: benchmark the new terms before submitting.',
  })
  @ApiOkResponse({ type: OfferDto, description: 'The changed draft' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'OFFER_NOT_FOUND',
    'OFFER_NOT_EDITABLE',
    'OFFER_CURRENCY_MISMATCH',
  )
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateOfferDto,
  ): Promise<OfferDto> {
    return OfferDto.from(await this.offers.update(caller, id, body));
  }

  @Post(':id/transitions')
  @Roles('admin', 'recruiter')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move through draft -> pending_approval -> approved -> sent -> accepted | declined',
    description:
      'Submitting and approving need a benchmark of the current terms. An offer whose benchmark has ' +
      'a blocking flag (above p90, over budget) is approved by an admin only; nothing is sent unapproved. ' +
      'pending_approval -> draft sends it back for changes.',
  })
  @ApiOkResponse({ type: OfferDto, description: 'The offer in its new status' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'OFFER_NOT_FOUND',
    'OFFER_ILLEGAL_TRANSITION',
    'OFFER_BENCHMARK_REQUIRED',
    'OFFER_ADMIN_APPROVAL_REQUIRED',
  )
  async transition(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: OfferTransitionDto,
  ): Promise<OfferDto> {
    return OfferDto.from(await this.offers.transition(caller, id, body.to));
  }

  @Post(':id/benchmark')
  @Roles('admin', 'recruiter')
  @HttpCode(200)
  @ApiOperation({
    summary: "Benchmark a draft's terms and store the result",
    description:
      'Uses the band and FX rows in force on the offer date and stores the result with them, so it ' +
      'stays as it is when newer bands are imported. Without fitScore the skill-adjusted target is ' +
      'reported as unavailable.',
  })
  @ApiOkResponse({ type: StoredBenchmarkDto, description: 'The stored benchmark' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'OFFER_NOT_FOUND',
    'OFFER_NOT_EDITABLE',
    'OFFER_NOT_ALLOWED',
    'CANDIDATE_ERASED',
    ...BENCHMARK_ERRORS,
  )
  async benchmark(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: FitScoreDto,
  ): Promise<StoredBenchmarkDto> {
    return StoredBenchmarkDto.fromRow(await this.benchmarks.benchmark(caller, id, body.fitScore));
  }

  @Get(':id/benchmarks')
  @Authenticated()
  @ApiOperation({
    summary: "The offer's stored benchmarks, oldest first",
    description: 'Each exactly as computed then, with the band and FX rows it used.',
  })
  @ApiOkResponse({ type: StoredBenchmarkListDto, description: 'Every benchmark of the offer' })
  @ApiErrors('INVALID_ID', 'OFFER_NOT_FOUND')
  async history(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<StoredBenchmarkListDto> {
    const rows = await this.benchmarks.history(caller, id);
    return { items: rows.map((row) => StoredBenchmarkDto.fromRow(row)), nextCursor: null };
  }
}
