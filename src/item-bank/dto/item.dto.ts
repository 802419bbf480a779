import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/pagination';
import { IsOmittable } from '../../common/validation/is-omittable';
import { A_RANGE, C_RANGE, REF_PATTERN } from '../bank-rules';
import { BANK_STATUSES, BankStatus, Item } from '../item-bank.entity';

const REF_MESSAGE = 'ref is lower-case words joined by hyphens, e.g. python-i001';
const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;

/** The authored content of an item version: what create and import take, and export gives. */
export class ItemContentDto {
  @ApiProperty({ example: 'python-i001', description: 'Stable name shared by all versions' })
  @IsString()
  @MaxLength(80)
  @Matches(REF_PATTERN, { message: REF_MESSAGE })
  ref!: string;

  @ApiProperty({ example: 'python' })
  @IsString()
  @MaxLength(60)
  skill!: string;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'The level the item is written for' })
  @IsInt()
  @Min(1)
  @Max(5)
  level!: number;

  @ApiPropertyOptional({ default: 'en' })
  @IsOptional()
  @IsString()
  @Matches(LOCALE, { message: 'locale is a language tag such as en or en-GB' })
  locale?: string;

  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  stem!: string;

  @ApiPropertyOptional({ nullable: true, description: 'A snippet shown in a monospace block' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  code?: string | null;

  @ApiProperty({ type: [String], minItems: 4, maxItems: 4 })
  @IsArray()
  @ArrayMinSize(4)
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  options!: string[];

  @ApiProperty({ minimum: 0, maximum: 3, description: 'Index of the correct option' })
  @IsInt()
  @Min(0)
  @Max(3)
  key!: number;

  @ApiProperty({ description: 'One line: why the key is right' })
  @IsString()
  @MinLength(10)
  @MaxLength(1000)
  rationale!: string;

  @ApiProperty({ minimum: A_RANGE[0], maximum: A_RANGE[1], description: '3PL discrimination' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  a!: number;

  @ApiProperty({ minimum: -2.5, maximum: 2.5, description: "3PL difficulty, in the level's band" })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  b!: number;

  @ApiProperty({ minimum: C_RANGE[0], maximum: C_RANGE[1], description: '3PL guessing' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  c!: number;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  author!: string;

  @ApiPropertyOptional({ nullable: true, description: 'Who made the independent second read' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reviewedBy?: string | null;
}

export class CreateItemDto extends ItemContentDto {
  @ApiPropertyOptional({ enum: ['draft', 'active'], default: 'draft' })
  @IsOptional()
  @IsIn(['draft', 'active'])
  status?: 'draft' | 'active';
}

/** An edit: the changed fields of the latest version, saved as the next version (a draft). */
export class UpdateItemDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(5)
  level?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Matches(LOCALE, { message: 'locale is a language tag such as en or en-GB' })
  locale?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  stem?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null removes the snippet' })
  @ValidateIf((_o: object, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  code?: string | null;

  @ApiPropertyOptional({ type: [String], minItems: 4, maxItems: 4 })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(4)
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  options?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 3 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(3)
  key?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(10)
  @MaxLength(1000)
  rationale?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  a?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  b?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  c?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  author?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Who read the new version; left out, the new version awaits review',
  })
  @ValidateIf((_o: object, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reviewedBy?: string | null;
}

export class ItemDto extends ItemContentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ enum: BANK_STATUSES })
  status!: BankStatus;

  @ApiProperty({ description: 'Times this version was served to a candidate' })
  exposureCount!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  statusChangedAt!: string;

  static from(item: Item): ItemDto {
    return {
      id: item.id,
      ref: item.ref,
      version: item.version,
      skill: item.skillId,
      level: item.level,
      locale: item.locale,
      stem: item.stem,
      code: item.code,
      options: item.options,
      key: item.key,
      rationale: item.rationale,
      a: item.a,
      b: item.b,
      c: item.c,
      author: item.author,
      reviewedBy: item.reviewedBy,
      status: item.status,
      exposureCount: item.exposureCount,
      createdAt: item.createdAt.toISOString(),
      statusChangedAt: item.statusChangedAt.toISOString(),
    };
  }
}

export class ItemListDto {
  @ApiProperty({ type: [ItemDto] })
  items!: ItemDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

/** Filters shared by the item and checklist-term lists. */
export class BankListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'python' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  skill?: string;

  @ApiPropertyOptional({ enum: BANK_STATUSES })
  @IsOptional()
  @IsIn(BANK_STATUSES)
  status?: BankStatus;

  @ApiPropertyOptional({ description: 'Every version of one ref' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  @Matches(REF_PATTERN, { message: REF_MESSAGE })
  ref?: string;

  @ApiPropertyOptional({ description: 'Text to look for (stem or term), case-insensitive' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: ['latest', 'all'],
    default: 'latest',
    description: 'Only the latest version of each ref, or every version',
  })
  @IsOptional()
  @IsIn(['latest', 'all'])
  versions?: 'latest' | 'all';
}

export class ItemListQueryDto extends BankListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  level?: number;
}
