import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { CurrencyCode } from '../../../common/dto/currency';
import { IsMoney, MoneyDto } from '../../../common/dto/money.dto';
import { PageQueryDto } from '../../../common/dto/pagination';
import { isValidLink } from '../../../candidates/candidate-rules';
import { isCountryCode } from '../../../requisitions/regions';
import { IsIsoDate } from '../../dates';
import { BandLevel, LEVEL_ORDER } from '../../math/effective';
import { PayBasis } from '../../math/benchmark';
import { SalaryBand } from '../salary-band.entity';
import { MAX_SAMPLE_SIZE, TEXT_LIMITS } from '../band-rules';

const PAY_BASES = ['base', 'total'] as const;

export const IsCountry = () =>
  ValidateBy({
    name: 'isCountryCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isCountryCode(value),
      defaultMessage: () => '$property must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE',
    },
  });

export const IsHttpUrl = () =>
  ValidateBy({
    name: 'isHttpUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidLink(value),
      defaultMessage: () => '$property must be an http(s) URL',
    },
  });

const money = (amount: number | null, currency: string): MoneyDto | null =>
  amount === null ? null : { amount, currency: currency as CurrencyCode };

export class SalaryBandDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ai-engineer' })
  roleFamilyId!: string;

  @ApiProperty({ enum: LEVEL_ORDER })
  level!: BandLevel;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country the band describes', example: 'US' })
  country!: string;

  @ApiProperty({ description: 'ISO 4217 currency of every amount', example: 'USD' })
  currency!: string;

  @ApiProperty({
    enum: PAY_BASES,
    description: 'base salary, or total pay (base + bonus target + equity per year)',
  })
  payBasis!: PayBasis;

  @ApiProperty({ format: 'date', description: 'In force from this date until a newer row' })
  effectiveFrom!: string;

  @ApiProperty({ type: MoneyDto, nullable: true, description: '10th percentile, when known' })
  p10!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true, description: '25th percentile, when known' })
  p25!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true, description: 'Median, when known' })
  p50!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true, description: '75th percentile, when known' })
  p75!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true, description: '90th percentile, when known' })
  p90!: MoneyDto | null;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: 'A published average (for reference only: positions use percentiles)',
  })
  mean!: MoneyDto | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Data points; null: not published' })
  sampleSize!: number | null;

  @ApiProperty({ description: 'Where the figures come from' })
  source!: string;

  @ApiProperty({ type: String, nullable: true })
  sourceUrl!: string | null;

  @ApiProperty({ description: 'How each figure was obtained: published, or derived and how' })
  method!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: seeded' })
  createdBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(row: SalaryBand): SalaryBandDto {
    return {
      id: row.id,
      roleFamilyId: row.roleFamilyId,
      level: row.level,
      country: row.country,
      currency: row.currency,
      payBasis: row.payBasis,
      effectiveFrom: row.effectiveFrom,
      p10: money(row.p10, row.currency),
      p25: money(row.p25, row.currency),
      p50: money(row.p50, row.currency),
      p75: money(row.p75, row.currency),
      p90: money(row.p90, row.currency),
      mean: money(row.meanAmount, row.currency),
      sampleSize: row.sampleSize,
      source: row.source,
      sourceUrl: row.sourceUrl,
      method: row.method,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class SalaryBandPageDto {
  @ApiProperty({ type: [SalaryBandDto] })
  items!: SalaryBandDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

/** A new band row (admins). It supersedes the row of the same key from its effective date on. */
export class CreateSalaryBandDto {
  @ApiProperty({ example: 'ai-engineer' })
  @IsString()
  @MaxLength(60)
  roleFamilyId!: string;

  @ApiProperty({ enum: LEVEL_ORDER })
  @IsIn(LEVEL_ORDER)
  level!: BandLevel;

  @ApiProperty({ example: 'US' })
  @IsCountry()
  country!: string;

  @ApiProperty({ enum: PAY_BASES })
  @IsIn(PAY_BASES)
  payBasis!: PayBasis;

  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @IsIsoDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ type: MoneyDto, description: '10th percentile' })
  @IsOptional()
  @IsMoney()
  p10?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: '25th percentile' })
  @IsOptional()
  @IsMoney()
  p25?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Median' })
  @IsOptional()
  @IsMoney()
  p50?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: '75th percentile' })
  @IsOptional()
  @IsMoney()
  p75?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: '90th percentile' })
  @IsOptional()
  @IsMoney()
  p90?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'A published average, for reference' })
  @IsOptional()
  @IsMoney()
  mean?: MoneyDto;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SAMPLE_SIZE })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SAMPLE_SIZE)
  sampleSize?: number;

  @ApiProperty({ example: 'Our 2026 compensation survey' })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_LIMITS.source)
  source!: string;

  @ApiPropertyOptional({ example: 'https://example.com/survey-2026' })
  @IsOptional()
  @IsHttpUrl()
  sourceUrl?: string;

  @ApiPropertyOptional({ description: 'How each figure was obtained' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.method)
  method?: string;
}

export class SalaryBandQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'ai-engineer' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  roleFamilyId?: string;

  @ApiPropertyOptional({ enum: LEVEL_ORDER })
  @IsOptional()
  @IsIn(LEVEL_ORDER)
  level?: BandLevel;

  @ApiPropertyOptional({ example: 'US' })
  @IsOptional()
  @IsCountry()
  country?: string;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ enum: PAY_BASES })
  @IsOptional()
  @IsIn(PAY_BASES)
  payBasis?: PayBasis;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Only the rows in force on this date (the latest per key, not later ones)',
  })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;
}

export class BandImportReportDto {
  @ApiProperty()
  dryRun!: boolean;

  @ApiProperty({ description: 'Bands in the file' })
  rows!: number;

  @ApiProperty({ description: 'New rows written (or, in a dry run, that would be)' })
  created!: number;

  @ApiProperty({ description: 'Rows identical to one already stored: nothing written' })
  unchanged!: number;

  @ApiProperty({ type: [SalaryBandDto], description: 'The rows written (empty in a dry run)' })
  bands!: SalaryBandDto[];
}
