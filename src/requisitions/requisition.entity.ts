import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn } from '../common/dto/money';
import { CloseReason, RequisitionStatus } from './lifecycle';

export const LEVELS = ['junior', 'mid', 'senior', 'staff', 'principal'] as const;
export type Level = (typeof LEVELS)[number];
export const REMOTE_POLICIES = ['onsite', 'hybrid', 'remote'] as const;
export type RemotePolicy = (typeof REMOTE_POLICIES)[number];
export const PAY_BASES = ['base', 'total'] as const;
export type PayBasis = (typeof PAY_BASES)[number];

@Entity({ name: 'requisitions' })
export class Requisition {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text', { name: 'role_family_id' })
  roleFamilyId!: string;

  @Column('text')
  level!: Level;

  @Column('char', { length: 2 })
  country!: string;

  @Column('text', { nullable: true })
  city!: string | null;

  @Column('text', { name: 'remote_policy' })
  remotePolicy!: RemotePolicy;

  @Column('integer')
  headcount!: number;

  @Column('char', { name: 'budget_currency', length: 3 })
  budgetCurrency!: string;

  @Column('bigint', { name: 'budget_min', transformer: minorUnitsColumn })
  budgetMin!: number;

  @Column('bigint', { name: 'budget_max', transformer: minorUnitsColumn })
  budgetMax!: number;

  @Column('text', { name: 'budget_pay_basis' })
  budgetPayBasis!: PayBasis;

  @Column('text')
  description!: string;

  @Column('text')
  status!: RequisitionStatus;

  @Column('text', { name: 'close_reason', nullable: true })
  closeReason!: CloseReason | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', insert: false, update: false })
  updatedAt!: Date;
}

@Entity({ name: 'requisition_skills' })
export class RequisitionSkill {
  @PrimaryColumn('uuid', { name: 'requisition_id' })
  requisitionId!: string;

  @PrimaryColumn('text', { name: 'skill_id' })
  skillId!: string;

  @Column('integer')
  weight!: number;

  @Column('smallint', { name: 'min_level' })
  minLevel!: number;
}

@Entity({ name: 'requisition_team' })
export class RequisitionTeamMember {
  @PrimaryColumn('uuid', { name: 'requisition_id' })
  requisitionId!: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;
}

@Entity({ name: 'requisition_status_history' })
export class RequisitionStatusChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid', { name: 'requisition_id' })
  requisitionId!: string;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus!: RequisitionStatus | null;

  @Column('text', { name: 'to_status' })
  toStatus!: RequisitionStatus;

  @Column('text', { name: 'close_reason', nullable: true })
  closeReason!: CloseReason | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('uuid', { name: 'actor_id' })
  actorId!: string;

  @Column('uuid', { name: 'approver_id', nullable: true })
  approverId!: string | null;

  @Column({ type: 'timestamptz', insert: false, update: false })
  at!: Date;
}
