import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/dto/pagination';
import { OUTBOX_STATUSES, OutboxStatus } from '../invitation-rules';

export class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;
}

/** Where an outbox message stands (every view of one shows these). */
export class OutboxDeliveryDto {
  @ApiProperty()
  subject!: string;

  @ApiProperty({ enum: OUTBOX_STATUSES })
  status!: OutboxStatus;

  @ApiProperty({ description: 'Failed deliveries so far' })
  tries!: number;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ description: 'When a pending message is next tried' })
  nextTryAt!: string;

  @ApiProperty({ type: String, nullable: true })
  sentAt!: string | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

/** An outbox message without its body (which holds the link while undelivered). */
export class OutboxMessageDto extends OutboxDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  invitationId!: string;

  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'j***@example.com',
    description: 'Masked; null once the candidate was erased',
  })
  recipient!: string | null;
}

export class OutboxPageDto {
  @ApiProperty({ type: [OutboxMessageDto] })
  items!: OutboxMessageDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
