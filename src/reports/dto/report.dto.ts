import { ApiProperty } from '@nestjs/swagger';
import {
  ChecklistOutcomeDto,
  IntegrityDto,
  SettingsSummaryDto,
} from '../../attempts/dto/results.dto';
import { Stage, STAGES } from '../../candidates/stages';
import { BandUsedDto, FlagDto, PositionDto } from '../../compensation/offers/dto/benchmark.dto';
import { MoneyDto } from '../../common/dto/money.dto';
import { DecisionDto } from '../../decisions/dto/decision.dto';

export class ReportApplicationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: STAGES })
  stage!: Stage;

  @ApiProperty({
    description: 'The latest decision is a hold and the application has not moved since',
  })
  held!: boolean;

  @ApiProperty({ type: String, nullable: true })
  rejectionReason!: string | null;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  appliedAt!: string;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  updatedAt!: string;
}

export class ReportCandidateDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'null once erased' })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  location!: string | null;

  @ApiProperty()
  erased!: boolean;
}

export class ReportRequisitionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ example: 'AI Engineer' })
  roleFamily!: string;

  @ApiProperty({ example: 'senior' })
  level!: string;

  @ApiProperty({ example: 'US' })
  country!: string;

  @ApiProperty({ type: String, nullable: true })
  city!: string | null;
}

export class FitSkillDto {
  @ApiProperty()
  skillId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  weight!: number;

  @ApiProperty({ description: 'Minimum level 0-5 the requisition asked for (as the attempt ran)' })
  minLevel!: number;

  @ApiProperty({ example: 'working' })
  minLevelName!: string;

  @ApiProperty({ description: 'P(theta >= t(minimum level)); 0 when not assessed' })
  probability!: number;

  @ApiProperty()
  assessed!: boolean;
}

export class ReportFitDto {
  @ApiProperty({ type: Number, nullable: true, description: '0-100' })
  score!: number | null;

  @ApiProperty({ description: 'A required skill was not assessed and counted as 0' })
  incomplete!: boolean;

  @ApiProperty({ description: 'How the score was computed, in words' })
  method!: string;

  @ApiProperty({ type: [FitSkillDto] })
  skills!: FitSkillDto[];
}

export class ReportSkillDto {
  @ApiProperty()
  skillId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Self-rated level 0-5' })
  claimed!: number;

  @ApiProperty({ example: 'expert' })
  claimedName!: string;

  @ApiProperty({ description: 'EAP ability estimate' })
  theta!: number;

  @ApiProperty({ description: 'Posterior standard deviation' })
  se!: number;

  @ApiProperty({ type: [Number], description: 'theta +- 1.96 SE' })
  interval95!: [number, number];

  @ApiProperty({ example: 'working', description: 'The level the estimate falls in' })
  measuredName!: string;

  @ApiProperty()
  itemsUsed!: number;

  @ApiProperty({ enum: ['overstated', 'understated', 'consistent', 'insufficient_evidence'] })
  verdict!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The probability behind the verdict' })
  probability!: number | null;

  @ApiProperty({
    example: 'claims expert; the evidence says working level; 97% sure the claim is too high',
  })
  words!: string;
}

export class ReportAssessmentDto {
  @ApiProperty({ format: 'uuid' })
  attemptId!: string;

  @ApiProperty({ enum: ['consent', 'self_rating', 'checklist', 'quiz', 'finished'] })
  phase!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  finishedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['finished', 'deadline'] })
  finishReason!: string | null;

  @ApiProperty({ type: ReportFitDto, nullable: true })
  fitScore!: ReportFitDto | null;

  @ApiProperty({ type: [ReportSkillDto], description: 'Empty until the attempt is finished' })
  skills!: ReportSkillDto[];

  @ApiProperty({ type: ChecklistOutcomeDto, nullable: true })
  checklist!: ChecklistOutcomeDto | null;

  @ApiProperty({ type: IntegrityDto, nullable: true })
  integrity!: IntegrityDto | null;

  @ApiProperty({ type: SettingsSummaryDto, nullable: true })
  settings!: SettingsSummaryDto | null;
}

export class BandPositionDto extends PositionDto {
  @ApiProperty({ example: 'at the 62.5th percentile' })
  words!: string;
}

export class ReportBenchmarkDto {
  @ApiProperty({ example: '2026-01-15', description: 'The date the offer was judged on' })
  asOf!: string;

  @ApiProperty({ format: 'date-time' })
  benchmarkedAt!: string;

  @ApiProperty({ type: MoneyDto, description: "The compared amount in the band's currency" })
  converted!: MoneyDto;

  @ApiProperty({ type: BandPositionDto })
  position!: BandPositionDto;

  @ApiProperty({ type: Number, nullable: true, description: 'offer / p50' })
  compaRatio!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '(offer - p10) / (p90 - p10)' })
  rangePenetration!: number | null;

  @ApiProperty({ type: BandUsedDto })
  band!: BandUsedDto;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: "The candidate's expectation in the offer's currency, when comparable",
  })
  expectation!: MoneyDto | null;

  @ApiProperty({ description: 'Why the expectation was or was not compared' })
  expectationNote!: string;

  @ApiProperty({ type: MoneyDto })
  budgetMin!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  budgetMax!: MoneyDto;

  @ApiProperty()
  budgetNote!: string;

  @ApiProperty({ type: [FlagDto] })
  flags!: FlagDto[];
}

export class ReportOfferDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'draft' })
  status!: string;

  @ApiProperty({ enum: ['base', 'total'] })
  payBasis!: string;

  @ApiProperty({ example: '2026-01-15' })
  offerDate!: string;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: 'The amount compared (base, or total pay), from the benchmark',
  })
  amount!: MoneyDto | null;

  @ApiProperty({
    type: ReportBenchmarkDto,
    nullable: true,
    description: 'The latest stored benchmark; null until the offer is benchmarked',
  })
  benchmark!: ReportBenchmarkDto | null;
}

export class CandidateReportDto {
  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ type: ReportApplicationDto })
  application!: ReportApplicationDto;

  @ApiProperty({ type: ReportCandidateDto })
  candidate!: ReportCandidateDto;

  @ApiProperty({ type: ReportRequisitionDto })
  requisition!: ReportRequisitionDto;

  @ApiProperty({
    type: ReportAssessmentDto,
    nullable: true,
    description: 'The latest finished attempt, else the live one; null before any invitation',
  })
  assessment!: ReportAssessmentDto | null;

  @ApiProperty({ type: ReportOfferDto, nullable: true })
  offer!: ReportOfferDto | null;

  @ApiProperty({ type: [DecisionDto], description: 'Oldest first' })
  decisions!: DecisionDto[];
}
