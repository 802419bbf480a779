import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { UuidParam } from '../common/dto/ids';
import { pageLimit } from '../common/dto/pagination';
import {
  CreateInvitationDto,
  InvitationQueryDto,
  ReasonDto,
  UpdateInvitationDto,
} from './dto/invitation-input.dto';
import { CreatedInvitationDto, InvitationDto, InvitationPageDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@Controller('api/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: 'Invite an application to its assessment: a one-time link, emailed or to copy',
    description:
      "Creates a link with a 256-bit token (only its SHA-256 is kept) and returns it in this response only. Re-inviting revokes the application's unused links and cancels their undelivered mail. With delivery email the message is queued in the outbox in the same transaction.",
  })
  @ApiCreatedResponse({
    type: CreatedInvitationDto,
    description: 'The invitation and its link (shown once)',
  })
  @ApiErrors(
    'VALIDATION_FAILED',
    'APPLICATION_NOT_FOUND',
    'CANDIDATE_ERASED',
    'APPLICATION_NOT_INVITABLE',
    'ATTEMPT_IN_PROGRESS',
    'BLUEPRINT_INVALID',
    'MAIL_NOT_CONFIGURED',
  )
  create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateInvitationDto,
  ): Promise<CreatedInvitationDto> {
    return this.invitations.create(caller, body);
  }

  @Get()
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({
    summary: 'Invitations, oldest first, e.g. of one application (hiring managers: their teams)',
    description:
      'Status is derived with the database clock: revoked, redeemed (an attempt exists), expired or pending. Never carries a token or link.',
  })
  @ApiOkResponse({ type: InvitationPageDto, description: 'A page of invitations' })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CURSOR')
  list(
    @CurrentCaller() caller: Caller,
    @Query() query: InvitationQueryDto,
  ): Promise<InvitationPageDto> {
    return this.invitations.list(caller, {
      limit: pageLimit(query),
      cursor: query.cursor,
      applicationId: query.applicationId,
      status: query.status,
    });
  }

  @Get(':id')
  @Roles('admin', 'recruiter', 'hiring_manager')
  @ApiOperation({
    summary: 'One invitation with its attempt and email delivery',
    description: 'Hiring managers see invitations of applications on their requisitions only.',
  })
  @ApiOkResponse({ type: InvitationDto, description: 'The invitation' })
  @ApiErrors('INVALID_ID', 'INVITATION_NOT_FOUND')
  get(@CurrentCaller() caller: Caller, @Param('id', UuidParam) id: string): Promise<InvitationDto> {
    return this.invitations.get(caller, id);
  }

  @Patch(':id')
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary: 'Change the accommodation time multiplier',
    description:
      'A live attempt takes the new multiplier too; once its clock runs, its deadline becomes consent time + base limit x multiplier. Refused once the invitation is revoked or the attempt has ended or run out of time.',
  })
  @ApiOkResponse({ type: InvitationDto, description: 'The changed invitation' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'INVITATION_NOT_FOUND',
    'CANDIDATE_ERASED',
    'INVITATION_REVOKED',
    'ATTEMPT_FINISHED',
    'CONFLICT',
  )
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateInvitationDto,
  ): Promise<InvitationDto> {
    return this.invitations.updateTimeMultiplier(caller, id, body.timeMultiplier);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary:
      'Revoke the link: it and the attempt cookie stop working; undelivered mail is cancelled',
    description: 'The reason is kept with the invitation (not in the audit trail).',
  })
  @ApiOkResponse({ type: InvitationDto, description: 'The revoked invitation' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'INVITATION_NOT_FOUND',
    'CANDIDATE_ERASED',
    'INVITATION_REVOKED',
  )
  revoke(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: ReasonDto,
  ): Promise<InvitationDto> {
    return this.invitations.revoke(caller, id, body.reason);
  }

  @Post(':id/void')
  @HttpCode(200)
  @Roles('admin', 'recruiter')
  @ApiOperation({
    summary:
      'Void the attempt in progress on this invitation, so the application can be re-invited',
    description:
      'The attempt ends as voided (no result) and its cookie stops working. Works on revoked invitations too.',
  })
  @ApiOkResponse({ type: InvitationDto, description: 'The invitation with its voided attempt' })
  @ApiErrors(
    'INVALID_ID',
    'VALIDATION_FAILED',
    'INVITATION_NOT_FOUND',
    'CANDIDATE_ERASED',
    'NO_LIVE_ATTEMPT',
  )
  voidAttempt(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Body() body: ReasonDto,
  ): Promise<InvitationDto> {
    return this.invitations.voidAttempt(caller, id, body.reason);
  }
}
