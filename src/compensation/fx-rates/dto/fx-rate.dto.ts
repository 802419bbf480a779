import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { CURRENCY_CODES, CurrencyCode } from '../../../common/dto/currency';
import { PageQueryDto } from '../../../common/dto/pagination';
import { IsIsoDate } from '../../dates';
import { isPositiveDecimal } from '../../math/money-math';
import { fxRowView } from '../../math/benchmark';
import { IsHttpUrl } from '../../bands/dto/salary-band.dto';
import { TEXT_LIMITS } from '../../bands/band-rules';
import { FxRate } from '../fx-rate.entity';

const CURRENCY_MESSAGE = { message: '$property must be a supported ISO 4217 code' };

export class FxRateDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'GBP', description: 'One unit of this currency...' })
  base!: string;

  @ApiProperty({ example: 'USD', description: '...is worth `rate` units of this one' })
  quote!: string;

  @ApiProperty({
    example: '1.259',
    description: 'Units of quote per unit of base, as an exact decimal string',
  })
  rate!: string;

  @ApiProperty({ format: 'date', description: 'In force from this date until a newer row' })
  effectiveFrom!: string;

  @ApiProperty()
  source!: string;

  @ApiProperty({ type: String, nullable: true })
  sourceUrl!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: seeded' })
  createdBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(row: FxRate): FxRateDto {
    return {
      ...fxRowView(row),
      sourceUrl: row.sourceUrl,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class FxRatePageDto {
  @ApiProperty({ type: [FxRateDto] })
  items!: FxRateDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class CreateFxRateDto {
  @ApiProperty({ enum: CURRENCY_CODES, example: 'GBP' })
  @IsIn(CURRENCY_CODES, CURRENCY_MESSAGE)
  base!: CurrencyCode;

  @ApiProperty({ enum: CURRENCY_CODES, example: 'USD' })
  @IsIn(CURRENCY_CODES, CURRENCY_MESSAGE)
  quote!: CurrencyCode;

  @ApiProperty({
    example: '1.2712',
    description: 'Units of quote per unit of base: a positive decimal string, up to 12 decimals',
  })
  @ValidateBy({
    name: 'isRate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isPositiveDecimal(value),
      defaultMessage: () =>
        'rate must be a positive decimal string such as "1.2712" (at most 12 digits each side)',
    },
  })
  rate!: string;

  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @IsIsoDate()
  effectiveFrom!: string;

  @ApiProperty({ example: 'ECB reference rate' })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.source)
  source!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsHttpUrl()
  sourceUrl?: string;
}

export class FxRateQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CURRENCY_CODES })
  @IsOptional()
  @IsIn(CURRENCY_CODES, CURRENCY_MESSAGE)
  base?: CurrencyCode;

  @ApiPropertyOptional({ enum: CURRENCY_CODES })
  @IsOptional()
  @IsIn(CURRENCY_CODES, CURRENCY_MESSAGE)
  quote?: CurrencyCode;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Only the rows in force on this date (the latest per pair)',
  })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;
}
