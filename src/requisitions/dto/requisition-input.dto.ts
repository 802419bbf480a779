import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsMoney, MoneyDto } from '../../common/dto/money.dto';
import { IsOmittable } from '../../common/validation/is-omittable';
import { CLOSE_REASONS, CloseReason, REQUISITION_STATUSES, RequisitionStatus } from '../lifecycle';
import { isCountryCode } from '../regions';
import {
  Level,
  LEVELS,
  PAY_BASES,
  PayBasis,
  REMOTE_POLICIES,
  RemotePolicy,
} from '../requisition.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
// One spelling per id, so a member listed twice in different case is caught as a duplicate.
const lowerCaseIds = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v))
    : value;

export class RegionDto {
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code', example: 'DE' })
  @ValidateBy({
    name: 'isCountryCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isCountryCode(value),
      defaultMessage: () => 'country must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE',
    },
  })
  country!: string;

  @ApiPropertyOptional({ example: 'Berlin' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  city?: string;
}

export class RequiredSkillDto {
  @ApiProperty({ example: 'llm-nlp' })
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  skillId!: string;

  @ApiProperty({ minimum: 1, maximum: 100, type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(100)
  weight!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 5,
    type: 'integer',
    description: 'Minimum level (0 none .. 5 expert)',
  })
  @IsInt()
  @Min(0)
  @Max(5)
  minLevel!: number;
}

export class BudgetDto {
  @IsMoney()
  min!: MoneyDto;

  @IsMoney()
  max!: MoneyDto;

  @ApiProperty({
    enum: PAY_BASES,
    description: 'base salary, or total pay (base + bonus target + equity per year)',
  })
  @IsIn(PAY_BASES)
  payBasis!: PayBasis;
}

export class CreateRequisitionDto {
  @ApiProperty({ example: 'Senior ML Engineer, Ranking' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: 'ml-engineer' })
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  roleFamilyId!: string;

  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  level!: Level;

  @ApiProperty({ type: RegionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegionDto)
  region!: RegionDto;

  @ApiProperty({ enum: REMOTE_POLICIES })
  @IsIn(REMOTE_POLICIES)
  remotePolicy!: RemotePolicy;

  @ApiProperty({ minimum: 1, maximum: 1000, type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(1000)
  headcount!: number;

  @ApiPropertyOptional({
    type: [RequiredSkillDto],
    description:
      "Required skills; when left out, the role family's defaults at minimum level 3 (working)",
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RequiredSkillDto)
  skills?: RequiredSkillDto[];

  @ApiProperty({ type: BudgetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget!: BudgetDto;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Hiring managers on the team',
  })
  @IsOmittable()
  @Transform(lowerCaseIds)
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  hiringTeam?: string[];
}

export class UpdateRequisitionDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ enum: LEVELS })
  @IsOmittable()
  @IsIn(LEVELS)
  level?: Level;

  @ApiPropertyOptional({ type: RegionDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => RegionDto)
  region?: RegionDto;

  @ApiPropertyOptional({ enum: REMOTE_POLICIES })
  @IsOmittable()
  @IsIn(REMOTE_POLICIES)
  remotePolicy?: RemotePolicy;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, type: 'integer' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(1000)
  headcount?: number;

  @ApiPropertyOptional({ type: [RequiredSkillDto], description: 'Replaces the required skills' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => RequiredSkillDto)
  skills?: RequiredSkillDto[];

  @ApiPropertyOptional({ type: BudgetDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => BudgetDto)
  budget?: BudgetDto;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Replaces the hiring team' })
  @IsOmittable()
  @Transform(lowerCaseIds)
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  hiringTeam?: string[];
}

export class TransitionDto {
  @ApiProperty({
    enum: REQUISITION_STATUSES,
    description:
      'The status you are moving from, as you last saw it. If the requisition moved meanwhile, the request is refused (409 REQUISITION_CHANGED_MEANWHILE) rather than applied to a state you did not see.',
  })
  @IsIn(REQUISITION_STATUSES)
  from!: RequisitionStatus;

  @ApiProperty({ enum: REQUISITION_STATUSES })
  @IsIn(REQUISITION_STATUSES)
  to!: RequisitionStatus;

  @ApiPropertyOptional({ enum: CLOSE_REASONS, description: 'Required when closing' })
  @IsOmittable()
  @IsIn(CLOSE_REASONS)
  closeReason?: CloseReason;

  @ApiPropertyOptional({
    maxLength: 1000,
    description: 'Why; required when cancelling or sending back to draft',
  })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason?: string;
}
