import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Stage, STAGES } from '../../candidates/stages';
import { PageQueryDto } from '../../common/dto/pagination';
import { toIsoTime } from '../../common/dto/time';
import { DecisionRow } from '../decision-records';
import { Outcome, OUTCOMES, REASON_MAX } from '../decision-rules';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateDecisionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  applicationId!: string;

  @ApiProperty({
    enum: OUTCOMES,
    description:
      'advance: to the next pipeline stage (offer -> hired); reject: to rejected; hold: stage unchanged, the application shows as held until a later decision or stage move',
  })
  @IsIn(OUTCOMES)
  outcome!: Outcome;

  @ApiProperty({
    minLength: 1,
    maxLength: REASON_MAX,
    description:
      'Why; required for every outcome. Kept whole with the decision; a stage move keeps the first 1000 characters',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'reason must not be empty: every decision needs a reason' })
  @MaxLength(REASON_MAX)
  reason!: string;
}

export class DecisionQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The application whose decisions to list' })
  @IsUUID('all')
  applicationId!: string;
}

export class DeciderDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Morgan Manager' })
  name!: string;
}

export class DecisionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ enum: OUTCOMES })
  outcome!: Outcome;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The reason; null once the candidate's personal data was erased",
  })
  reason!: string | null;

  @ApiProperty({ enum: STAGES, description: 'The stage when the decision was taken' })
  fromStage!: Stage;

  @ApiProperty({ enum: STAGES, description: 'The stage it left the application at' })
  toStage!: Stage;

  @ApiProperty({ type: DeciderDto })
  decidedBy!: DeciderDto;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  createdAt!: string;

  static from(row: DecisionRow): DecisionDto {
    return {
      id: row.id,
      applicationId: row.applicationId,
      outcome: row.outcome,
      reason: row.reason,
      fromStage: row.fromStage,
      toStage: row.toStage,
      decidedBy: { id: row.decidedBy.id, name: row.decidedBy.name },
      createdAt: toIsoTime(row.createdAt),
    };
  }
}

export class DecisionPageDto {
  @ApiProperty({ type: [DecisionDto], description: 'Oldest first' })
  items!: DecisionDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
