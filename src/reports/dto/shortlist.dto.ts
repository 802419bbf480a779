import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Stage, STAGES } from '../../candidates/stages';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../common/dto/pagination';
import {
  SHORTLIST_FLAGS,
  SHORTLIST_SORTS,
  ShortlistFlag,
  ShortlistSort,
  SORT_LABELS,
} from '../shortlist-query';

/**
 * Like PageQueryDto, but its cursor may be longer than 512 characters: it carries the last row's
 * whole sort key, a candidate's name (up to 200 characters) included.
 */
export class ShortlistQueryDto {
  @ApiPropertyOptional({ enum: STAGES, description: 'Only applications at this stage' })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({
    enum: SHORTLIST_FLAGS,
    description:
      'overstated: a skill judged overstated; integrity: an integrity signal raised; held: the latest decision is a hold',
  })
  @IsOptional()
  @IsIn(SHORTLIST_FLAGS)
  flag?: ShortlistFlag;

  @ApiPropertyOptional({
    enum: SHORTLIST_SORTS,
    default: 'rank',
    description: SHORTLIST_SORTS.map((s) => `${s}: ${SORT_LABELS[s]}`).join('; '),
  })
  @IsOptional()
  @IsIn(SHORTLIST_SORTS)
  sort?: ShortlistSort;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    type: 'integer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor this API issued' })
  cursor?: string;
}

export class ShortlistSkillColumnDto {
  @ApiProperty()
  skillId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  weight!: number;

  @ApiProperty({ description: 'Minimum level 0-5' })
  minLevel!: number;

  @ApiProperty({ example: 'working' })
  minLevelName!: string;
}

export class ShortlistSkillCellDto {
  @ApiProperty()
  skillId!: string;

  @ApiProperty({ description: 'Measured in the latest finished assessment' })
  measured!: boolean;

  @ApiProperty({ type: Number, nullable: true })
  theta!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'working' })
  measuredName!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'P(theta >= t(minimum level)) from the stored fit score',
  })
  probability!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['overstated', 'understated', 'consistent', 'insufficient_evidence'],
  })
  verdict!: string | null;
}

export class ShortlistOfferDto {
  @ApiProperty({ example: 'sent' })
  status!: string;

  @ApiProperty({ type: String, nullable: true, enum: ['within', 'below', 'above'] })
  kind!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  percentile!: number | null;

  @ApiProperty({ example: 'at the 62.5th percentile', description: 'or "not benchmarked"' })
  words!: string;
}

export class ShortlistEntryDto {
  @ApiProperty({ description: 'Position in the stated order among all applications (1 = first)' })
  rank!: number;

  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ format: 'uuid' })
  candidateId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'null once erased' })
  candidateName!: string | null;

  @ApiProperty({ enum: STAGES })
  stage!: Stage;

  @ApiProperty()
  held!: boolean;

  @ApiProperty({ format: 'date-time' })
  appliedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  assessedAt!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: '0-100; null before a finished assessment',
  })
  fitScore!: number | null;

  @ApiProperty()
  fitIncomplete!: boolean;

  @ApiProperty({ description: 'Skills judged overstated' })
  overstated!: number;

  @ApiProperty({ description: 'Integrity signals raised (for review, not verdicts)' })
  integrityFlags!: number;

  @ApiProperty({ type: [ShortlistSkillCellDto], description: 'In the order of requiredSkills' })
  skills!: ShortlistSkillCellDto[];

  @ApiProperty({ type: ShortlistOfferDto, nullable: true })
  offer!: ShortlistOfferDto | null;
}

export class ShortlistDto {
  @ApiProperty({ format: 'uuid' })
  requisitionId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: [String], description: 'The stated order, criterion by criterion' })
  order!: string[];

  @ApiProperty({ enum: SHORTLIST_SORTS })
  sort!: ShortlistSort;

  @ApiProperty({ type: [ShortlistSkillColumnDto] })
  requiredSkills!: ShortlistSkillColumnDto[];

  @ApiProperty({ description: 'Applications matching the filters' })
  total!: number;

  @ApiProperty({ type: [ShortlistEntryDto] })
  items!: ShortlistEntryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
