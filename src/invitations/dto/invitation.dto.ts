import { ApiProperty } from '@nestjs/swagger';
import {
  DELIVERIES,
  Delivery,
  INVITATION_STATUSES,
  InvitationStatus,
  OUTBOX_STATUSES,
  OutboxStatus,
} from '../invitation-rules';

const ATTEMPT_PHASES = ['consent', 'self_rating', 'checklist', 'quiz', 'finished', 'voided'];
const FINISH_REASONS = ['finished', 'deadline', 'voided'];

/** The attempt opened with the invitation (at most one). */
export class InvitationAttemptDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ATTEMPT_PHASES })
  phase!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the time runs out (set at consent)',
  })
  deadline!: string | null;

  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: String, enum: FINISH_REASONS, nullable: true })
  finishReason!: string | null;
}

/** Delivery of the invitation email, when it went by email. */
export class InvitationOutboxDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: OUTBOX_STATUSES })
  status!: OutboxStatus;

  @ApiProperty({ description: 'Failed deliveries so far' })
  tries!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The last delivery error' })
  lastError!: string | null;

  @ApiProperty({ type: String, nullable: true })
  sentAt!: string | null;
}

/** The columns of an invitation that every view shows (never the token hash). */
export class InvitationFieldsDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ example: '2026-12-05T15:00:00.000Z' })
  expiresAt!: string;

  @ApiProperty({ example: 1.5, description: 'Accommodation multiplier of the time limit' })
  timeMultiplier!: number;

  @ApiProperty({ enum: DELIVERIES })
  delivery!: Delivery;

  @ApiProperty({ type: String, nullable: true })
  firstRedeemedAt!: string | null;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'uuid', description: 'The staff member who invited' })
  createdBy!: string;

  @ApiProperty({ type: String, nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  revokedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  revokeReason!: string | null;
}

export class InvitationDto extends InvitationFieldsDto {
  @ApiProperty({
    enum: INVITATION_STATUSES,
    description:
      'revoked; redeemed (an attempt exists); expired (never redeemed, past expiresAt); pending (never redeemed)',
  })
  status!: InvitationStatus;

  @ApiProperty({ type: InvitationAttemptDto, nullable: true })
  attempt!: InvitationAttemptDto | null;

  @ApiProperty({ type: InvitationOutboxDto, nullable: true, description: 'null for copy' })
  outbox!: InvitationOutboxDto | null;
}

export class CreatedInvitationDto {
  @ApiProperty({ type: InvitationDto })
  invitation!: InvitationDto;

  @ApiProperty({
    example: 'https://sift.example.com/invite/3q2-7wEV...',
    description: 'The candidate link. Shown only here, once: Sift keeps only its hash',
  })
  link!: string;
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] })
  items!: InvitationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
