import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import {
  CreateRequisitionDto,
  TransitionDto,
  UpdateRequisitionDto,
} from './dto/requisition-input.dto';
import {
  RequisitionDto,
  RequisitionPageDto,
  RequisitionQueryDto,
  StatusChangeDto,
  StatusHistoryDto,
} from './dto/requisition.dto';
import { RequisitionTransitionsService } from './requisition-transitions.service';
import { RequisitionsService, RequisitionView } from './requisitions.service';

const toDto = (view: RequisitionView) => RequisitionDto.from(view.row, view.skills, view.team);

@ApiTags('requisitions')
@Controller('api/requisitions')
export class RequisitionsController {
  constructor(
    private readonly requisitions: RequisitionsService,
    private readonly transitions: RequisitionTransitionsService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Requisitions (hiring managers: only those they are on the team of)' })
  @ApiOkResponse({ type: RequisitionPageDto, description: 'A page of requisitions' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: RequisitionQueryDto,
  ): Promise<RequisitionPageDto> {
    const page = await this.requisitions.list(caller, query, pageLimit(query));
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  @Post()
  @Roles('admin', 'recruiter')
  @ApiOperation({ summary: 'Open a requisition as a draft' })
  @ApiCreatedResponse({ type: RequisitionDto, description: 'The new draft' })
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNKNOWN_ROLE_FAMILY',
    'UNKNOWN_SKILL',
    'NOT_A_HIRING_MANAGER',
    'BUDGET_INVALID',
  )
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateRequisitionDto,
  ): Promise<RequisitionDto> {
    return toDto(await this.requisitions.create(caller, body));
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One requisition' })
  @ApiOkResponse({ type: RequisitionDto, description: 'The requisition' })
  @ApiErrors('INVALID_ID', 'REQUISITION_NOT_FOUND')
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<RequisitionDto> {
    return toDto(await this.requisitions.get(caller, id));
  }

  @Patch(':id')
  @Roles('admin', 'recruiter')
  @ApiOperation({ summary: 'Change a requisition (not once closed)' })
  @ApiOkResponse({ type: RequisitionDto, description: 'The changed requisition' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'REQUISITION_NOT_FOUND',
    'REQUISITION_NOT_EDITABLE',
    'UNKNOWN_SKILL',
    'NOT_A_HIRING_MANAGER',
    'BUDGET_INVALID',
  )
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateRequisitionDto,
  ): Promise<RequisitionDto> {
    return toDto(await this.requisitions.update(caller, id, body));
  }

  @Post(':id/transitions')
  @Roles('admin', 'recruiter')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move through the lifecycle: draft -> (pending_approval) -> open <-> on_hold -> closed (filled | cancelled)',
  })
  @ApiOkResponse({ type: RequisitionDto, description: 'The requisition in its new status' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'REQUISITION_NOT_FOUND',
    'REQUISITION_ILLEGAL_TRANSITION',
  )
  async transition(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: TransitionDto,
  ): Promise<RequisitionDto> {
    return toDto(await this.transitions.transition(caller, id, body));
  }

  @Get(':id/history')
  @Authenticated()
  @ApiOperation({ summary: 'Every status change, oldest first, with who, why and the approver' })
  @ApiOkResponse({ type: StatusHistoryDto, description: 'The status history' })
  @ApiErrors('INVALID_ID', 'REQUISITION_NOT_FOUND')
  async history(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<StatusHistoryDto> {
    const rows = await this.requisitions.history(caller, id);
    return { items: rows.map((row) => StatusChangeDto.from(row)), nextCursor: null };
  }
}
