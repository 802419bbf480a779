import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto } from '../../../common/dto/money.dto';
import { BenchmarkResult } from '../../math/benchmark';
import { FLAG_CODES, FlagCode } from '../../math/flags';
import { OfferBenchmark } from '../offer.entity';

export class PositionDto {
  @ApiProperty({
    enum: ['within', 'below', 'above'],
    description:
      'within: between the present percentiles; below/above: outside them (not extrapolated)',
  })
  kind!: 'within' | 'below' | 'above';

  @ApiProperty({
    description:
      'within: the interpolated percentile (one decimal); below/above: the outermost present percentile',
    example: 37.5,
  })
  percentile!: number;
}

export class FlagDto {
  @ApiProperty({ enum: FLAG_CODES })
  code!: FlagCode;

  @ApiProperty({ description: 'Blocking flags need an admin to approve the offer' })
  blocking!: boolean;

  @ApiProperty()
  message!: string;
}

export class FallbackDto {
  @ApiProperty()
  requestedLevel!: string;

  @ApiProperty()
  usedLevel!: string;
}

export class BandUsedDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The salary band row used (GET /api/salary-bands/{id})',
  })
  id!: string;

  @ApiProperty()
  roleFamilyId!: string;

  @ApiProperty()
  level!: string;

  @ApiProperty()
  country!: string;

  @ApiProperty({ enum: ['base', 'total'] })
  payBasis!: 'base' | 'total';

  @ApiProperty({ format: 'date' })
  effectiveFrom!: string;

  @ApiProperty({ type: MoneyDto, nullable: true })
  p10!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true })
  p25!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true })
  p50!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true })
  p75!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true })
  p90!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto, nullable: true })
  mean!: MoneyDto | null;

  @ApiProperty({ type: 'integer', nullable: true })
  sampleSize!: number | null;

  @ApiProperty()
  source!: string;

  @ApiProperty({ type: String, nullable: true })
  sourceUrl!: string | null;

  @ApiProperty()
  method!: string;

  @ApiProperty({
    type: FallbackDto,
    nullable: true,
    description: 'Set when no band exists at the requisition level and the nearest level is used',
  })
  fallback!: FallbackDto | null;
}

export class FxUsedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  base!: string;

  @ApiProperty()
  quote!: string;

  @ApiProperty({ description: 'Units of quote per unit of base (decimal string)' })
  rate!: string;

  @ApiProperty({ format: 'date' })
  effectiveFrom!: string;

  @ApiProperty()
  source!: string;
}

export class BudgetComparisonDto {
  @ApiProperty()
  compared!: boolean;

  @ApiProperty()
  note!: string;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: "The offer in the budget's currency",
  })
  offer!: MoneyDto | null;

  @ApiProperty({ type: MoneyDto })
  min!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  max!: MoneyDto;
}

export class ExpectationComparisonDto {
  @ApiProperty()
  compared!: boolean;

  @ApiProperty()
  note!: string;

  @ApiProperty({ type: MoneyDto, nullable: true })
  offer!: MoneyDto | null;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: "The candidate's expectation in the offer's currency",
  })
  expected!: MoneyDto | null;
}

export class TargetDto {
  @ApiProperty({ description: 'false when no fit score was given (no finished assessment)' })
  available!: boolean;

  @ApiPropertyOptional({ description: 'Why unavailable' })
  reason?: string;

  @ApiPropertyOptional({ description: 'The fit score used (0-100)' })
  fitScore?: number;

  @ApiPropertyOptional({ description: 'Recommended target percentile: 25 + fit / 2, nearest 5' })
  percentile?: number;

  @ApiPropertyOptional()
  explanation?: string;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: "The band's amount at the target percentile, when the band spans it",
  })
  amount!: MoneyDto | null;
}

export class RegionBandDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  level!: string;

  @ApiProperty({ format: 'date' })
  effectiveFrom!: string;

  @ApiProperty()
  fallback!: boolean;
}

export class RegionPlacementDto {
  @ApiProperty()
  country!: string;

  @ApiProperty({ type: RegionBandDto })
  band!: RegionBandDto;

  @ApiProperty({ type: MoneyDto })
  converted!: MoneyDto;

  @ApiProperty({ type: PositionDto })
  position!: PositionDto;

  @ApiProperty({ type: Number, nullable: true })
  compaRatio!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  rangePenetration!: number | null;
}

/** A benchmark as computed (a preview) or stored. */
export class BenchmarkResultDto {
  @ApiProperty({ format: 'date', description: 'The offer date: the bands and rates in force then' })
  asOf!: string;

  @ApiProperty({ enum: ['base', 'total'], description: "From the requisition's budget" })
  payBasis!: 'base' | 'total';

  @ApiProperty({
    type: MoneyDto,
    description: 'The amount compared: base, or base + bonus target + equity per year',
  })
  offer!: MoneyDto;

  @ApiProperty({ type: BandUsedDto })
  band!: BandUsedDto;

  @ApiProperty({
    type: MoneyDto,
    description: "The offer in the band's currency, rounded half-even to its minor unit",
  })
  converted!: MoneyDto;

  @ApiProperty({ type: PositionDto })
  position!: PositionDto;

  @ApiProperty({ type: Number, nullable: true, description: 'converted / p50 (null without p50)' })
  compaRatio!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: '(converted - p10) / (p90 - p10) (null without both)',
  })
  rangePenetration!: number | null;

  @ApiProperty({ type: [FxUsedDto], description: 'The FX rows every conversion used' })
  fx!: FxUsedDto[];

  @ApiProperty({ type: [FlagDto] })
  flags!: FlagDto[];

  @ApiProperty({ description: 'Some flag is blocking: an admin must approve' })
  blocking!: boolean;

  @ApiProperty({ type: BudgetComparisonDto })
  budget!: BudgetComparisonDto;

  @ApiProperty({ type: ExpectationComparisonDto })
  expectation!: ExpectationComparisonDto;

  @ApiProperty({ type: TargetDto, description: 'Skill-adjusted target: shown, never applied' })
  target!: TargetDto;

  @ApiProperty({
    type: [RegionPlacementDto],
    nullable: true,
    description: "Remote requisitions: the same offer in each country's band of the family",
  })
  remoteWhatIf!: RegionPlacementDto[] | null;

  static from(result: BenchmarkResult): BenchmarkResultDto {
    return { ...result, target: { ...result.target } };
  }
}

export class StoredBenchmarkDto extends BenchmarkResultDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  offerId!: string;

  @ApiProperty({ format: 'uuid' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static fromRow(row: OfferBenchmark): StoredBenchmarkDto {
    return {
      id: row.id,
      offerId: row.offerId,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      ...BenchmarkResultDto.from(row.result),
    };
  }
}

export class StoredBenchmarkListDto {
  @ApiProperty({ type: [StoredBenchmarkDto], description: 'Oldest first' })
  items!: StoredBenchmarkDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Always null: the whole history' })
  nextCursor!: string | null;
}
