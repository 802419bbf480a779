import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { CurrencyCode } from '../../../common/dto/currency';
import { IsMoney, MoneyDto } from '../../../common/dto/money.dto';
import { PageQueryDto } from '../../../common/dto/pagination';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { IsIsoDate } from '../../dates';
import { PayBasis } from '../../math/benchmark';
import { OFFER_STATUSES, OfferStatus } from '../../math/offer-lifecycle';
import { Offer } from '../offer.entity';

export class OfferDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ enum: OFFER_STATUSES })
  status!: OfferStatus;

  @ApiProperty({
    enum: ['base', 'total'],
    description: "What the offer is compared on: the requisition budget's pay basis",
  })
  payBasis!: PayBasis;

  @ApiProperty({ type: MoneyDto })
  base!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  bonusTarget!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  equityPerYear!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'base + bonus target + equity per year' })
  total!: MoneyDto;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  startDate!: string | null;

  @ApiProperty({
    format: 'date',
    description: 'The date the offer is judged on: the bands and FX rates in force then',
  })
  offerDate!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The benchmark of the current terms (null until benchmarked, and after an edit)',
  })
  currentBenchmarkId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  approvedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  approvedAt!: string | null;

  @ApiProperty({ format: 'uuid' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(row: Offer): OfferDto {
    const currency = row.currency as CurrencyCode;
    const money = (amount: number) => ({ amount, currency });
    return {
      id: row.id,
      applicationId: row.applicationId,
      status: row.status,
      payBasis: row.payBasis,
      base: money(row.baseAmount),
      bonusTarget: money(row.bonusTargetAmount),
      equityPerYear: money(row.equityPerYearAmount),
      total: money(row.baseAmount + row.bonusTargetAmount + row.equityPerYearAmount),
      startDate: row.startDate,
      offerDate: row.offerDate,
      currentBenchmarkId: row.currentBenchmarkId,
      approvedBy: row.approvedBy,
      approvedAt: row.approvedAt?.toISOString() ?? null,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class OfferPageDto {
  @ApiProperty({ type: [OfferDto] })
  items!: OfferDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

/** The terms of an offer: every amount in one currency. */
export class OfferTermsDto {
  @IsMoney()
  base!: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Annual bonus target (default 0)' })
  @IsOptional()
  @IsMoney()
  bonusTarget?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Equity value per year (default 0)' })
  @IsOptional()
  @IsMoney()
  equityPerYear?: MoneyDto;

  @ApiPropertyOptional({ format: 'date', example: '2027-02-01' })
  @IsOptional()
  @IsIsoDate()
  startDate?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: "The offer's date (default: today by the database clock)",
  })
  @IsOptional()
  @IsIsoDate()
  offerDate?: string;
}

export class CreateOfferDto extends OfferTermsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  applicationId!: string;
}

export class FitScoreDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    description:
      "The candidate's assessment fit score; without it the skill-adjusted target is unavailable",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  fitScore?: number;
}

/** An offer's terms and an optional fit score, benchmarked without saving anything. */
export class PreviewOfferDto extends IntersectionType(CreateOfferDto, FitScoreDto) {}

/** A change of terms (drafts only): each field left out keeps its value; startDate null clears it. */
export class UpdateOfferDto {
  @ApiPropertyOptional({ type: MoneyDto })
  @IsOmittable()
  @IsMoney()
  base?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOmittable()
  @IsMoney()
  bonusTarget?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOmittable()
  @IsMoney()
  equityPerYear?: MoneyDto;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @ValidateIf((_o: object, value: unknown) => value !== undefined && value !== null)
  @IsIsoDate()
  startDate?: string | null;

  @ApiPropertyOptional({ format: 'date' })
  @IsOmittable()
  @IsIsoDate()
  offerDate?: string;
}

export class OfferTransitionDto {
  @ApiProperty({
    enum: OFFER_STATUSES,
    description:
      'draft -> pending_approval -> approved -> sent -> accepted | declined; pending_approval -> draft',
  })
  @IsIn(OFFER_STATUSES)
  to!: OfferStatus;
}

export class OfferQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  applicationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  requisitionId?: string;

  @ApiPropertyOptional({ enum: OFFER_STATUSES })
  @IsOptional()
  @IsIn(OFFER_STATUSES)
  status?: OfferStatus;
}
