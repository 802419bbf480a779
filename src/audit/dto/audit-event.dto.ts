import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/pagination';
import { IsIsoTime, toIsoTime } from '../../common/dto/time';
import { AuditEvent } from '../audit-event.entity';

export class AuditEventDto {
  @ApiProperty({ description: 'Sequential id (a decimal string)', example: '1042' })
  id!: string;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  occurredAt!: string;

  @ApiProperty({ enum: ['user', 'candidate_attempt', 'system', 'anonymous'] })
  actorType!: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  actorId!: string | null;

  @ApiProperty({ example: 'auth.login' })
  action!: string;

  @ApiProperty({ type: String, nullable: true, example: 'user' })
  subjectType!: string | null;

  @ApiProperty({ type: String, nullable: true })
  subjectId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '127.0.0.1' })
  clientAddress!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Structured facts: ids, codes, counts',
  })
  details!: Record<string, unknown>;

  static from(event: AuditEvent): AuditEventDto {
    return {
      id: event.id,
      occurredAt: toIsoTime(event.occurredAt),
      actorType: event.actorType,
      actorId: event.actorId,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      requestId: event.requestId,
      clientAddress: event.clientAddress,
      details: event.details,
    };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'auth.login_failed' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z_.]+$/, { message: 'action is lower-case words joined by dots' })
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @Matches(/^[a-z_]{1,50}$/)
  subjectType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  subjectId?: string;

  @ApiPropertyOptional({ description: 'Events at or after this time (ISO 8601 with zone)' })
  @IsOptional()
  @IsIsoTime()
  since?: string;

  @ApiPropertyOptional({ description: 'Events before this time (ISO 8601 with zone)' })
  @IsOptional()
  @IsIsoTime()
  until?: string;
}
