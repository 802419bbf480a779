import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/is-omittable';
import { REF_PATTERN } from '../bank-rules';
import { BANK_STATUSES, BankStatus, ChecklistTerm } from '../item-bank.entity';

/** The authored content of a checklist term version. Foils never reach a candidate as such. */
export class TermContentDto {
  @ApiProperty({ example: 'python-t01' })
  @IsString()
  @MaxLength(80)
  @Matches(REF_PATTERN, { message: 'ref is lower-case words joined by hyphens, e.g. python-t01' })
  ref!: string;

  @ApiProperty({ example: 'python' })
  @IsString()
  @MaxLength(60)
  skill!: string;

  @ApiPropertyOptional({ default: 'en' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'locale is a language tag such as en or en-GB' })
  locale?: string;

  @ApiProperty({ example: 'asyncio.TaskGroup' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  term!: string;

  @ApiProperty({ description: 'A plausible name that names nothing real' })
  @IsBoolean()
  isFoil!: boolean;

  @ApiPropertyOptional({
    nullable: true,
    description: 'For a foil: how it was checked to name nothing real (required)',
  })
  @IsOptional()
  @IsString()
  @MinLength(20)
  @MaxLength(2000)
  foilCheck?: string | null;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  author!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reviewedBy?: string | null;
}

export class CreateTermDto extends TermContentDto {
  @ApiPropertyOptional({ enum: ['draft', 'active'], default: 'draft' })
  @IsOptional()
  @IsIn(['draft', 'active'])
  status?: 'draft' | 'active';
}

export class UpdateTermDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Matches(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'locale is a language tag such as en or en-GB' })
  locale?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  term?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  isFoil?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o: object, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MinLength(20)
  @MaxLength(2000)
  foilCheck?: string | null;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  author?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_o: object, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reviewedBy?: string | null;
}

export class TermDto extends TermContentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ enum: BANK_STATUSES })
  status!: BankStatus;

  @ApiProperty()
  exposureCount!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  statusChangedAt!: string;

  static from(term: ChecklistTerm): TermDto {
    return {
      id: term.id,
      ref: term.ref,
      version: term.version,
      skill: term.skillId,
      locale: term.locale,
      term: term.term,
      isFoil: term.isFoil,
      foilCheck: term.foilCheck,
      author: term.author,
      reviewedBy: term.reviewedBy,
      status: term.status,
      exposureCount: term.exposureCount,
      createdAt: term.createdAt.toISOString(),
      statusChangedAt: term.statusChangedAt.toISOString(),
    };
  }
}

export class TermListDto {
  @ApiProperty({ type: [TermDto] })
  items!: TermDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
