import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import { OutboxMessageDto, OutboxPageDto, OutboxQueryDto } from './dto/outbox.dto';
import { OutboxService } from './outbox.service';

@ApiTags('invitations')
@Controller('api/outbox')
@Roles('admin', 'recruiter')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @ApiOperation({
    summary: 'Invitation emails and their delivery, oldest first (e.g. ?status=failed)',
    description:
      'Without bodies (they hold the link until delivered) and with the recipient masked. A message is tried up to 8 times with growing pauses (30 s doubling, at most 1 h) before it is failed.',
  })
  @ApiOkResponse({ type: OutboxPageDto, description: 'A page of outbox messages' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  list(@Query() query: OutboxQueryDto): Promise<OutboxPageDto> {
    return this.outbox.list({
      limit: pageLimit(query),
      cursor: query.cursor,
      status: query.status,
    });
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Queue a failed message again for a fresh round of tries',
    description:
      'Only a failed message whose link still works (not revoked, not expired); otherwise send a new invitation.',
  })
  @ApiOkResponse({ type: OutboxMessageDto, description: 'The message, pending again' })
  @ApiErrors('INVALID_ID', 'OUTBOX_MESSAGE_NOT_FOUND', 'OUTBOX_NOT_RETRYABLE')
  retry(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
  ): Promise<OutboxMessageDto> {
    return this.outbox.retry(caller, id);
  }
}
