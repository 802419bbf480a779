import { ApiProperty } from '@nestjs/swagger';
import { PlanSkillDto } from './attempt.dto';

export class ExportedAttemptDto {
  @ApiProperty({ enum: ['consent', 'self_rating', 'checklist', 'quiz', 'finished'] })
  phase!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The notice version consented to' })
  noticeVersion!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  consentedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deadline!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['finished', 'deadline'] })
  finishReason!: string | null;

  @ApiProperty({ description: 'Extra-time multiplier granted (1 = none)' })
  timeMultiplier!: number;

  @ApiProperty({ type: [PlanSkillDto] })
  skills!: PlanSkillDto[];
}

export class ExportedRatingDto {
  @ApiProperty()
  skill!: string;

  @ApiProperty()
  level!: number;

  @ApiProperty({ format: 'date-time' })
  ratedAt!: string;
}

export class ExportedChecklistDto {
  @ApiProperty()
  position!: number;

  @ApiProperty()
  term!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Familiarity 0-4 as answered' })
  rating!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt!: string | null;
}

export class ExportedResponseDto {
  @ApiProperty()
  seq!: number;

  @ApiProperty()
  skill!: string;

  @ApiProperty()
  stem!: string;

  @ApiProperty({ type: String, nullable: true })
  code!: string | null;

  @ApiProperty({ format: 'date-time' })
  servedAt!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The position chosen, as shown' })
  choice!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The text of the option chosen' })
  chosenOption!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  responseMs!: number | null;
}

export class ExportedEventDto {
  @ApiProperty({ enum: ['focus_lost', 'focus_returned', 'paste', 'copy'] })
  kind!: string;

  @ApiProperty({ type: Number, nullable: true })
  seq!: number | null;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

/** Everything recorded about the person in one attempt; no answer keys, no scoring. */
export class AttemptRecordDto {
  @ApiProperty({ type: ExportedAttemptDto })
  attempt!: ExportedAttemptDto;

  @ApiProperty({ type: [ExportedRatingDto] })
  selfRatings!: ExportedRatingDto[];

  @ApiProperty({ type: [ExportedChecklistDto] })
  checklist!: ExportedChecklistDto[];

  @ApiProperty({ type: [ExportedResponseDto] })
  responses!: ExportedResponseDto[];

  @ApiProperty({ type: [ExportedEventDto], description: 'Focus and clipboard signals recorded' })
  events!: ExportedEventDto[];
}

export class AttemptExportDto extends AttemptRecordDto {
  @ApiProperty({ format: 'date-time' })
  exportedAt!: string;
}

/** An attempt in the staff export of a candidate (applications[].attempts). */
export class ApplicationAttemptRecordDto extends AttemptRecordDto {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
}
