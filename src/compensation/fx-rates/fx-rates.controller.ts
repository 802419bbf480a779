import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller, Roles } from '../../auth/access.decorators';
import { Caller } from '../../auth/caller';
import { ApiErrors } from '../../common/dto/api-errors.decorator';
import { pageLimit } from '../../common/dto/pagination';
import { CreateFxRateDto, FxRateDto, FxRatePageDto, FxRateQueryDto } from './dto/fx-rate.dto';
import { FxRatesService } from './fx-rates.service';

@ApiTags('fx rates')
@Controller('api/fx-rates')
export class FxRatesController {
  constructor(private readonly rates: FxRatesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'FX rates, every effective-dated row (staff)',
    description:
      'A rate is units of the quote currency per one unit of the base currency. Filters: base, quote; ' +
      'asOf=YYYY-MM-DD keeps the row in force on that date per pair. A conversion uses the direct ' +
      'row, else the inverse of the opposite row, else a cross rate through USD.',
  })
  @ApiOkResponse({ type: FxRatePageDto, description: 'A page of rates, oldest first' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(@Query() query: FxRateQueryDto): Promise<FxRatePageDto> {
    const page = await this.rates.list(query, pageLimit(query));
    return { items: page.items.map((row) => FxRateDto.from(row)), nextCursor: page.nextCursor };
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Add a rate (admins); it supersedes the pair from its effective date',
    description:
      'The rate is a decimal string (never a float). Older rows stay, so stored benchmarks remain ' +
      'reproducible; one row per pair and effective date.',
  })
  @ApiCreatedResponse({ type: FxRateDto, description: 'The new rate' })
  @ApiErrors('VALIDATION_FAILED', 'FX_RATE_EXISTS')
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateFxRateDto): Promise<FxRateDto> {
    return FxRateDto.from(await this.rates.create(caller, body));
  }
}
