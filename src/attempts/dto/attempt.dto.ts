import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Equals,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable';

/** What the candidate's pages show; never an item, a parameter or a result. */
const CANDIDATE_PHASES = ['consent', 'self_rating', 'checklist', 'quiz', 'finished'] as const;

export class NoticeDto {
  @ApiProperty({ example: '2026-11', description: 'Send this back when consenting' })
  version!: string;

  @ApiProperty({ description: 'The notice in Markdown' })
  text!: string;
}

export class PlanSkillDto {
  @ApiProperty({ example: 'llm-nlp' })
  id!: string;

  @ApiProperty({ example: 'LLMs and NLP' })
  name!: string;
}

export class ProgressDto {
  @ApiProperty({ description: 'Quiz items answered so far' })
  answered!: number;

  @ApiProperty({
    description: 'The skill the quiz is on (0-based, in `skills` order); skillCount once finished',
  })
  skillIndex!: number;

  @ApiProperty()
  skillCount!: number;

  @ApiProperty({ description: 'The most items the quiz can take (item cap x skills)' })
  maxItems!: number;
}

export class AttemptViewDto {
  @ApiProperty({ enum: CANDIDATE_PHASES })
  phase!: (typeof CANDIDATE_PHASES)[number];

  @ApiProperty({ type: NoticeDto, description: 'The current notice (also on the end page)' })
  notice!: NoticeDto;

  @ApiProperty({ type: [PlanSkillDto], description: 'The skills measured, in quiz order' })
  skills!: PlanSkillDto[];

  @ApiProperty({ description: 'Total time, with any accommodation (rounded up to a minute)' })
  timeLimitMinutes!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "Set at consent; the server's deadline decides",
  })
  deadline!: string | null;

  @ApiProperty({ format: 'date-time', description: "The server's clock, to run a countdown" })
  serverNow!: string;

  @ApiProperty({ type: ProgressDto })
  progress!: ProgressDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}

export class AttemptConsentDto {
  @ApiProperty({ example: '2026-11', description: 'The version of the notice the candidate read' })
  @IsString()
  @MaxLength(40)
  noticeVersion!: string;

  @ApiProperty({ enum: [true], description: 'Must be true' })
  @Equals(true)
  agree!: true;
}

export class SelfRatingDto {
  @ApiProperty({ example: 'python' })
  @IsString()
  @MaxLength(60)
  skill!: string;

  @ApiProperty({ minimum: 0, maximum: 5, description: '0 none, 1 aware ... 5 expert' })
  @IsInt()
  @Min(0)
  @Max(5)
  level!: number;
}

export class SelfRatingsDto {
  @ApiProperty({ type: [SelfRatingDto], description: 'One per measured skill, each once' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SelfRatingDto)
  ratings!: SelfRatingDto[];
}

export class ChecklistTermDto {
  @ApiProperty()
  position!: number;

  @ApiProperty({ example: 'beam search' })
  term!: string;
}

export class ChecklistDto {
  @ApiProperty({ type: [ChecklistTermDto], description: 'In position order' })
  terms!: ChecklistTermDto[];
}

export class ChecklistAnswerDto {
  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(1000)
  position!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 4,
    description: 'Familiarity: 0 never heard of it ... 4 know it well (2 or more claims the term)',
  })
  @IsInt()
  @Min(0)
  @Max(4)
  rating!: number;
}

export class ChecklistAnswersDto {
  @ApiProperty({ type: [ChecklistAnswerDto], description: 'Every position shown, each once' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerDto)
  answers!: ChecklistAnswerDto[];
}

export class NextItemDto {
  @ApiProperty({ enum: ['item', 'finished'] })
  status!: 'item' | 'finished';

  @ApiPropertyOptional({ description: 'The number to answer this item with' })
  seq?: number;

  @ApiPropertyOptional({ type: PlanSkillDto })
  skill?: PlanSkillDto;

  @ApiPropertyOptional()
  stem?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A code sample, if any' })
  code?: string | null;

  @ApiPropertyOptional({
    type: [String],
    description: "Four options in this attempt's order; answer with the shown position",
  })
  options?: string[];

  @ApiPropertyOptional({ type: ProgressDto })
  progress?: ProgressDto;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  deadline?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  serverNow?: string;
}

export class AnswerDto {
  @ApiProperty({ minimum: 1, description: 'The seq of the item being answered' })
  @IsInt()
  @Min(1)
  @Max(100000)
  seq!: number;

  @ApiProperty({ minimum: 0, maximum: 3, description: 'The position of the option as shown' })
  @IsInt()
  @Min(0)
  @Max(3)
  choice!: number;
}

export class AnswerResultDto {
  @ApiProperty()
  seq!: number;

  @ApiProperty({ enum: [true] })
  recorded!: true;

  @ApiProperty({ description: 'Whether the attempt is over (ask `next` for the next item)' })
  finished!: boolean;
}

export const EVENT_KINDS = ['focus_lost', 'focus_returned', 'paste', 'copy'] as const;

export class AttemptEventDto {
  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS)
  kind!: (typeof EVENT_KINDS)[number];

  @ApiPropertyOptional({ minimum: 1, description: 'The item on screen, if any' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(100000)
  seq?: number;
}

export class EraseDto {
  @ApiProperty({ enum: [true], description: 'Must be true: erasure cannot be undone' })
  @Equals(true)
  confirm!: true;
}

export class ErasedDto {
  @ApiProperty({ enum: [true] })
  erased!: true;
}
