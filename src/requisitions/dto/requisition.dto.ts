import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { MoneyDto } from '../../common/dto/money.dto';
import { PageQueryDto } from '../../common/dto/pagination';
import { toIsoTime } from '../../common/dto/time';
import { CurrencyCode } from '../../common/dto/currency';
import { CLOSE_REASONS, CloseReason, REQUISITION_STATUSES, RequisitionStatus } from '../lifecycle';
import {
  Level,
  LEVELS,
  PAY_BASES,
  PayBasis,
  REMOTE_POLICIES,
  RemotePolicy,
  Requisition,
  RequisitionSkill,
  RequisitionStatusChange,
} from '../requisition.entity';
import { RequiredSkillDto } from './requisition-input.dto';

export class RegionViewDto {
  @ApiProperty({ example: 'DE' })
  country!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Berlin' })
  city!: string | null;
}

export class BudgetViewDto {
  @ApiProperty({ type: MoneyDto })
  min!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  max!: MoneyDto;

  @ApiProperty({ enum: PAY_BASES })
  payBasis!: PayBasis;
}

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ example: 'Morgan Manager' })
  displayName!: string;
}

export class RequisitionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ example: 'ml-engineer' })
  roleFamilyId!: string;

  @ApiProperty({ enum: LEVELS })
  level!: Level;

  @ApiProperty({ type: RegionViewDto })
  region!: RegionViewDto;

  @ApiProperty({ enum: REMOTE_POLICIES })
  remotePolicy!: RemotePolicy;

  @ApiProperty({ type: 'integer' })
  headcount!: number;

  @ApiProperty({ type: [RequiredSkillDto] })
  skills!: RequiredSkillDto[];

  @ApiProperty({ type: BudgetViewDto })
  budget!: BudgetViewDto;

  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: REQUISITION_STATUSES })
  status!: RequisitionStatus;

  @ApiProperty({ enum: CLOSE_REASONS, nullable: true })
  closeReason!: CloseReason | null;

  @ApiProperty({ type: [TeamMemberDto] })
  hiringTeam!: TeamMemberDto[];

  @ApiProperty({ format: 'uuid' })
  createdBy!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;

  static from(row: Requisition, skills: RequisitionSkill[], team: TeamMemberDto[]): RequisitionDto {
    const currency = row.budgetCurrency as CurrencyCode;
    return {
      id: row.id,
      title: row.title,
      roleFamilyId: row.roleFamilyId,
      level: row.level,
      region: { country: row.country, city: row.city },
      remotePolicy: row.remotePolicy,
      headcount: row.headcount,
      skills: skills
        .filter((s) => s.requisitionId === row.id)
        .sort((a, b) => b.weight - a.weight || a.skillId.localeCompare(b.skillId))
        .map((s) => ({ skillId: s.skillId, weight: s.weight, minLevel: s.minLevel })),
      budget: {
        min: { amount: row.budgetMin, currency },
        max: { amount: row.budgetMax, currency },
        payBasis: row.budgetPayBasis,
      },
      description: row.description,
      status: row.status,
      closeReason: row.closeReason,
      hiringTeam: team,
      createdBy: row.createdBy,
      createdAt: toIsoTime(row.createdAt),
      updatedAt: toIsoTime(row.updatedAt),
    };
  }
}

export class RequisitionPageDto {
  @ApiProperty({ type: [RequisitionDto] })
  items!: RequisitionDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export const REQUISITION_SORTS = ['createdAt', '-createdAt', 'title', '-title'] as const;
export type RequisitionSort = (typeof REQUISITION_SORTS)[number];

export class RequisitionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUISITION_STATUSES })
  @IsOptional()
  @IsIn(REQUISITION_STATUSES)
  status?: RequisitionStatus;

  @ApiPropertyOptional({ example: 'ml-engineer' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  roleFamilyId?: string;

  @ApiPropertyOptional({ example: 'DE', description: 'ISO 3166-1 alpha-2 country' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Requisitions with this hiring manager on the team',
  })
  @IsOptional()
  @IsUUID()
  hiringManagerId?: string;

  @ApiPropertyOptional({ description: 'Text in the title or description' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: REQUISITION_SORTS,
    default: '-createdAt',
    description: 'Sort key; a leading minus sorts descending. Ties are broken by id.',
  })
  @IsOptional()
  @IsIn(REQUISITION_SORTS)
  sort?: RequisitionSort;
}

export class StatusChangeDto {
  @ApiProperty({ example: '12' })
  id!: string;

  @ApiProperty({ enum: REQUISITION_STATUSES, nullable: true })
  from!: RequisitionStatus | null;

  @ApiProperty({ enum: REQUISITION_STATUSES })
  to!: RequisitionStatus;

  @ApiProperty({ enum: CLOSE_REASONS, nullable: true })
  closeReason!: CloseReason | null;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ format: 'uuid' })
  actorId!: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  approverId!: string | null;

  @ApiProperty()
  at!: string;

  static from(row: RequisitionStatusChange): StatusChangeDto {
    return {
      id: row.id,
      from: row.fromStatus,
      to: row.toStatus,
      closeReason: row.closeReason,
      reason: row.reason,
      actorId: row.actorId,
      approverId: row.approverId,
      at: toIsoTime(row.at),
    };
  }
}

export class StatusHistoryDto {
  @ApiProperty({ type: [StatusChangeDto] })
  items!: StatusChangeDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: null;
}
