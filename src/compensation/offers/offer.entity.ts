import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn } from '../../common/dto/money';
import { BenchmarkResult, PayBasis } from '../math/benchmark';
import { OfferStatus } from '../math/offer-lifecycle';

/** An offer on an application: its terms in one currency, its status, its current benchmark. */
@Entity({ name: 'offers' })
export class Offer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  status!: OfferStatus;

  @Column('text', { name: 'pay_basis' })
  payBasis!: PayBasis;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('bigint', { name: 'base_amount', transformer: minorUnitsColumn })
  baseAmount!: number;

  @Column('bigint', { name: 'bonus_target_amount', transformer: minorUnitsColumn })
  bonusTargetAmount!: number;

  @Column('bigint', { name: 'equity_per_year_amount', transformer: minorUnitsColumn })
  equityPerYearAmount!: number;

  @Column('date', { name: 'start_date', nullable: true })
  startDate!: string | null;

  @Column('date', { name: 'offer_date' })
  offerDate!: string;

  @Column('uuid', { name: 'current_benchmark_id', nullable: true })
  currentBenchmarkId!: string | null;

  @Column('uuid', { name: 'approved_by', nullable: true })
  approvedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'approved_at', nullable: true })
  approvedAt!: Date | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', insert: false, update: false })
  updatedAt!: Date;
}

/** A benchmark as computed, kept with the band and FX rows it used (append-only). */
@Entity({ name: 'offer_benchmarks' })
export class OfferBenchmark {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'offer_id' })
  offerId!: string;

  @Column('uuid', { name: 'band_id' })
  bandId!: string;

  @Column('uuid', { name: 'fx_rate_ids', array: true })
  fxRateIds!: string[];

  @Column('date', { name: 'as_of' })
  asOf!: string;

  @Column('boolean')
  blocking!: boolean;

  @Column('jsonb')
  result!: BenchmarkResult;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;
}
