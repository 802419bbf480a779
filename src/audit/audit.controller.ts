import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { pageLimit } from '../common/dto/pagination';
import { parseIsoTime } from '../common/dto/time';
import { Transactions } from '../database/transactions';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditEventPageDto, AuditQueryDto } from './dto/audit-event.dto';

@ApiTags('audit')
@Controller('api/audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly db: Transactions,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The audit trail, newest first (admins)' })
  @ApiOkResponse({ type: AuditEventPageDto, description: 'A page of events' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  async list(@Query() query: AuditQueryDto): Promise<AuditEventPageDto> {
    const page = await this.audit.list(this.db.manager, {
      limit: pageLimit(query),
      cursor: query.cursor,
      action: query.action,
      actorId: query.actorId,
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      since: query.since ? parseIsoTime(query.since) : undefined,
      until: query.until ? parseIsoTime(query.until) : undefined,
    });
    return {
      items: page.items.map((event) => AuditEventDto.from(event)),
      nextCursor: page.nextCursor,
    };
  }
}
