import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import { contentFrom, TERM_KIND } from './bank-store';
import { CreateTermDto, TermDto, TermListDto, UpdateTermDto } from './dto/checklist-term.dto';
import { BankListQueryDto } from './dto/item.dto';
import { ItemBankService } from './item-bank.service';

@ApiTags('item bank')
@Controller('api/checklist-terms')
@Roles('admin')
export class ChecklistTermsController {
  constructor(private readonly bank: ItemBankService) {}

  @Get()
  @ApiOperation({ summary: 'Familiarity-checklist terms, foils marked (admins)' })
  @ApiOkResponse({ type: TermListDto, description: 'A page of term versions, by ref and version' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(@Query() query: BankListQueryDto): Promise<TermListDto> {
    const page = await this.bank.list(TERM_KIND, query, pageLimit(query), query.cursor);
    return { items: page.items.map((row) => TermDto.from(row)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One checklist term version (admins)' })
  @ApiOkResponse({ type: TermDto, description: 'The term version' })
  @ApiErrors('INVALID_ID', 'CHECKLIST_TERM_NOT_FOUND')
  async get(@Param('id', UuidParam) id: string): Promise<TermDto> {
    return TermDto.from(await this.bank.get(TERM_KIND, id));
  }

  @Post()
  @ApiOperation({ summary: 'Write a new checklist term as version 1 (admins)' })
  @ApiCreatedResponse({ type: TermDto, description: 'The new term' })
  @ApiErrors('VALIDATION_FAILED', 'UNKNOWN_SKILL', 'BANK_REF_EXISTS', 'BANK_NOT_REVIEWED')
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateTermDto): Promise<TermDto> {
    const content = contentFrom(TERM_KIND, body);
    return TermDto.from(await this.bank.create(TERM_KIND, caller, content, body.status ?? 'draft'));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit the latest version: saved as the next version, a draft (admins)',
  })
  @ApiOkResponse({ type: TermDto, description: 'The new version' })
  @ApiErrors('INVALID_ID', 'VALIDATION_FAILED', 'CHECKLIST_TERM_NOT_FOUND', 'BANK_VERSION_STALE')
  async edit(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateTermDto,
  ): Promise<TermDto> {
    return TermDto.from(await this.bank.edit(TERM_KIND, caller, id, body));
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Serve this version; the active version it replaces is retired (admins)',
  })
  @ApiOkResponse({ type: TermDto, description: 'The version, now active' })
  @ApiErrors('INVALID_ID', 'CHECKLIST_TERM_NOT_FOUND', 'BANK_STATUS_CONFLICT', 'BANK_NOT_REVIEWED')
  async activate(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<TermDto> {
    return TermDto.from(await this.bank.activate(TERM_KIND, caller, id));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop serving this version (admins)' })
  @ApiOkResponse({ type: TermDto, description: 'The version, now retired' })
  @ApiErrors('INVALID_ID', 'CHECKLIST_TERM_NOT_FOUND', 'BANK_STATUS_CONFLICT')
  async retire(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<TermDto> {
    return TermDto.from(await this.bank.retire(TERM_KIND, caller, id));
  }
}
