import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn } from '../common/dto/money';
import { Stage } from './stages';

/** What an expected salary covers: base pay only, or total (base + bonus target + equity a year). */
export const PAY_BASES = ['base', 'total'] as const;
export type PayBasis = (typeof PAY_BASES)[number];

/** A candidate in the pipeline of one requisition. */
@Entity({ name: 'applications' })
export class Application {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'candidate_id' })
  candidateId!: string;

  @Column('uuid', { name: 'requisition_id' })
  requisitionId!: string;

  @Column('text')
  stage!: Stage;

  @Column('text', { name: 'rejection_reason', nullable: true })
  rejectionReason!: string | null;

  @Column('bigint', {
    name: 'expected_salary_amount',
    nullable: true,
    transformer: minorUnitsColumn,
  })
  expectedSalaryAmount!: number | null;

  @Column('char', { name: 'expected_salary_currency', length: 3, nullable: true })
  expectedSalaryCurrency!: string | null;

  @Column('text', { name: 'expected_salary_pay_basis', nullable: true })
  expectedSalaryPayBasis!: PayBasis | null;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', insert: false, update: false })
  updatedAt!: Date;
}

/** One stage change: who moved the application, when, from where to where, and why. */
@Entity({ name: 'application_stage_history' })
export class ApplicationStageChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text', { name: 'from_stage', nullable: true })
  fromStage!: Stage | null;

  @Column('text', { name: 'to_stage' })
  toStage!: Stage;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column({ type: 'timestamptz', insert: false, update: false })
  at!: Date;
}
