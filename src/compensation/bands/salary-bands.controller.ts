import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated, CurrentCaller, Roles } from '../../auth/access.decorators';
import { Caller } from '../../auth/caller';
import { ApiErrors } from '../../common/dto/api-errors.decorator';
import { ApiCsvUpload } from '../../common/dto/api-csv-upload.decorator';
import { UuidParam } from '../../common/dto/ids';
import { pageLimit } from '../../common/dto/pagination';
import { BAND_CSV_COLUMNS } from './band-rules';
import { BankImportQueryDto as DryRunQueryDto } from '../../item-bank/dto/bank.dto';
import {
  BandImportReportDto,
  CreateSalaryBandDto,
  SalaryBandDto,
  SalaryBandPageDto,
  SalaryBandQueryDto,
} from './dto/salary-band.dto';
import { SalaryBandsService } from './salary-bands.service';
import { BAND_FILE_LIMIT_BYTES, readUploadedFile } from './upload';

@ApiTags('salary bands')
@Controller('api/salary-bands')
export class SalaryBandsController {
  constructor(private readonly bands: SalaryBandsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Salary bands, every effective-dated row (staff)',
    description:
      'Filters: roleFamilyId, level, country, currency, payBasis; asOf=YYYY-MM-DD keeps only the row in ' +
      'force on that date per role family, level, country, currency and pay basis. Amounts are integer ' +
      'minor units; `method` says which figures were published and how the others were derived.',
  })
  @ApiOkResponse({ type: SalaryBandPageDto, description: 'A page of bands, oldest first' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(@Query() query: SalaryBandQueryDto): Promise<SalaryBandPageDto> {
    const page = await this.bands.list(query, pageLimit(query));
    return { items: page.items.map((row) => SalaryBandDto.from(row)), nextCursor: page.nextCursor };
  }

  @Get('export')
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'The bands as CSV, in the columns the import takes (staff)',
    description: `Same filters as the list. Columns: ${BAND_CSV_COLUMNS.join(', ')}; amounts in major units.`,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'CSV that can be imported again as it is',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors('VALIDATION_FAILED')
  async export(@Query() query: SalaryBandQueryDto): Promise<StreamableFile> {
    return new StreamableFile(Buffer.from(await this.bands.exportCsv(query), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="salary-bands.csv"',
    });
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import bands from CSV (admins); ?dryRun=true checks and reports only',
    description:
      `Header row required; columns (any case, any order): ${BAND_CSV_COLUMNS.join(', ')}. ` +
      'Amounts in major units (150000 or 150000.50) of the row currency; any percentile may be empty, the ' +
      'present ones must be ordered. Any row with a problem (unknown currency or role family, negative ' +
      'or unordered amounts, duplicates) refuses the whole file, each problem named by line. Rows ' +
      'identical to stored ones are skipped; new rows supersede older ones from their effective date.',
  })
  @ApiCsvUpload(BAND_FILE_LIMIT_BYTES)
  @ApiOkResponse({ type: BandImportReportDto, description: 'What was (or would be) written' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'SALARY_BAND_FILE_INVALID',
    'SALARY_BAND_IMPORT_INVALID',
    'PAYLOAD_TOO_LARGE',
  )
  async import(
    @CurrentCaller() caller: Caller,
    @Query() query: DryRunQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<BandImportReportDto> {
    const dryRun = query.dryRun ?? false;
    const result = await this.bands.import(caller, await readUploadedFile(request), dryRun);
    return {
      dryRun,
      rows: result.rows,
      created: result.created,
      unchanged: result.unchanged,
      bands: result.bands.map((row) => SalaryBandDto.from(row)),
    };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'One salary band row (staff)',
    description: 'Rows are never changed once written; a benchmark that used this row points here.',
  })
  @ApiOkResponse({ type: SalaryBandDto, description: 'The band' })
  @ApiErrors('INVALID_ID', 'SALARY_BAND_NOT_FOUND')
  async get(@Param('id', UuidParam) id: string): Promise<SalaryBandDto> {
    return SalaryBandDto.from(await this.bands.get(id));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Add a band row (admins); it supersedes the same key from its effective date',
    description:
      'Percentiles as money in one currency (the band currency); any may be left out, the present ' +
      'ones must be ordered. Older rows stay, so benchmarks made with them remain reproducible.',
  })
  @ApiCreatedResponse({ type: SalaryBandDto, description: 'The new row' })
  @ApiErrors('VALIDATION_FAILED', 'SALARY_BAND_INVALID', 'SALARY_BAND_EXISTS')
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateSalaryBandDto,
  ): Promise<SalaryBandDto> {
    return SalaryBandDto.from(await this.bands.create(caller, body));
  }
}
