import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import { contentFrom, ITEM_KIND } from './bank-store';
import { BankTransferService } from './bank-transfer.service';
import {
  BankExportDto,
  BankImportDto,
  BankImportQueryDto,
  BankImportReportDto,
} from './dto/bank.dto';
import {
  CreateItemDto,
  ItemDto,
  ItemListDto,
  ItemListQueryDto,
  UpdateItemDto,
} from './dto/item.dto';
import { ItemBankService } from './item-bank.service';

@ApiTags('item bank')
@Controller('api/items')
@Roles('admin')
export class ItemsController {
  constructor(
    private readonly bank: ItemBankService,
    private readonly transfer: BankTransferService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Quiz items with their keys and parameters (admins)' })
  @ApiOkResponse({ type: ItemListDto, description: 'A page of item versions, by ref and version' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(@Query() query: ItemListQueryDto): Promise<ItemListDto> {
    const page = await this.bank.list(ITEM_KIND, query, pageLimit(query), query.cursor);
    return { items: page.items.map((row) => ItemDto.from(row)), nextCursor: page.nextCursor };
  }

  @Get('export')
  @ApiOperation({
    summary: 'The whole bank as JSON: latest version of every item and term (admins)',
  })
  @ApiOkResponse({ type: BankExportDto, description: 'The bank, importable as it is' })
  export(): Promise<BankExportDto> {
    return this.transfer.export();
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import items and checklist terms (admins); ?dryRun=true checks and reports only',
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiOkResponse({ type: BankImportReportDto, description: 'What was (or would be) written' })
  @ApiErrors('VALIDATION_FAILED', 'BANK_IMPORT_INVALID')
  import(
    @CurrentCaller() caller: Caller,
    @Query() query: BankImportQueryDto,
    @Body() body: BankImportDto,
  ): Promise<BankImportReportDto> {
    return this.transfer.import(caller, body, query.dryRun ?? false);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One item version (admins)' })
  @ApiOkResponse({ type: ItemDto, description: 'The item version' })
  @ApiErrors('INVALID_ID', 'ITEM_NOT_FOUND')
  async get(@Param('id', UuidParam) id: string): Promise<ItemDto> {
    return ItemDto.from(await this.bank.get(ITEM_KIND, id));
  }

  @Post()
  @ApiOperation({ summary: 'Write a new item as version 1 (admins)' })
  @ApiCreatedResponse({ type: ItemDto, description: 'The new item' })
  @ApiErrors('VALIDATION_FAILED', 'UNKNOWN_SKILL', 'BANK_REF_EXISTS', 'BANK_NOT_REVIEWED')
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateItemDto): Promise<ItemDto> {
    const content = contentFrom(ITEM_KIND, body);
    return ItemDto.from(await this.bank.create(ITEM_KIND, caller, content, body.status ?? 'draft'));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit the latest version: saved as the next version, a draft (admins)',
  })
  @ApiOkResponse({ type: ItemDto, description: 'The new version' })
  @ApiErrors('INVALID_ID', 'VALIDATION_FAILED', 'ITEM_NOT_FOUND', 'BANK_VERSION_STALE')
  async edit(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateItemDto,
  ): Promise<ItemDto> {
    return ItemDto.from(await this.bank.edit(ITEM_KIND, caller, id, body));
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Serve this version; the active version it replaces is retired (admins)',
  })
  @ApiOkResponse({ type: ItemDto, description: 'The version, now active' })
  @ApiErrors('INVALID_ID', 'ITEM_NOT_FOUND', 'BANK_STATUS_CONFLICT', 'BANK_NOT_REVIEWED')
  async activate(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<ItemDto> {
    return ItemDto.from(await this.bank.activate(ITEM_KIND, caller, id));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop serving this version (admins)' })
  @ApiOkResponse({ type: ItemDto, description: 'The version, now retired' })
  @ApiErrors('INVALID_ID', 'ITEM_NOT_FOUND', 'BANK_STATUS_CONFLICT')
  async retire(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<ItemDto> {
    return ItemDto.from(await this.bank.retire(ITEM_KIND, caller, id));
  }
}
