import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn } from '../../common/dto/money';
import { BandLevel } from '../math/effective';
import { PayBasis } from '../math/benchmark';

/** One effective-dated band: never changed once written; a newer row for the same key supersedes it. */
@Entity({ name: 'salary_bands' })
export class SalaryBand {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'role_family_id' })
  roleFamilyId!: string;

  @Column('text')
  level!: BandLevel;

  @Column('char', { length: 2 })
  country!: string;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('text', { name: 'pay_basis' })
  payBasis!: PayBasis;

  @Column('date', { name: 'effective_from' })
  effectiveFrom!: string;

  @Column('bigint', { nullable: true, transformer: minorUnitsColumn })
  p10!: number | null;

  @Column('bigint', { nullable: true, transformer: minorUnitsColumn })
  p25!: number | null;

  @Column('bigint', { nullable: true, transformer: minorUnitsColumn })
  p50!: number | null;

  @Column('bigint', { nullable: true, transformer: minorUnitsColumn })
  p75!: number | null;

  @Column('bigint', { nullable: true, transformer: minorUnitsColumn })
  p90!: number | null;

  @Column('bigint', { name: 'mean_amount', nullable: true, transformer: minorUnitsColumn })
  meanAmount!: number | null;

  @Column('integer', { name: 'sample_size', nullable: true })
  sampleSize!: number | null;

  @Column('text')
  source!: string;

  @Column('text', { name: 'source_url', nullable: true })
  sourceUrl!: string | null;

  @Column('text')
  method!: string;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;
}
