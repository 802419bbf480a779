import { ApiProperty } from '@nestjs/swagger';
import { CurrencyCode } from '../../common/dto/currency';
import { toIsoTime } from '../../common/dto/time';
import { Application, ApplicationStageChange } from '../application.entity';
import { Stage, STAGES } from '../stages';
import { ExpectedSalaryDto } from './application-input.dto';

export function expectedSalaryOf(application: Application): ExpectedSalaryDto | null {
  const { expectedSalaryAmount, expectedSalaryCurrency, expectedSalaryPayBasis } = application;
  if (expectedSalaryAmount === null || !expectedSalaryCurrency || !expectedSalaryPayBasis)
    return null;
  return {
    amount: expectedSalaryAmount,
    currency: expectedSalaryCurrency as CurrencyCode,
    payBasis: expectedSalaryPayBasis,
  };
}

export class ApplicationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  candidateId!: string;

  @ApiProperty({ format: 'uuid' })
  requisitionId!: string;

  @ApiProperty({ enum: STAGES })
  stage!: Stage;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Set when rejected (emptied when the candidate is erased)',
  })
  rejectionReason!: string | null;

  @ApiProperty({ type: ExpectedSalaryDto, nullable: true })
  expectedSalary!: ExpectedSalaryDto | null;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  updatedAt!: string;

  static from(application: Application): ApplicationDto {
    return {
      id: application.id,
      candidateId: application.candidateId,
      requisitionId: application.requisitionId,
      stage: application.stage,
      rejectionReason: application.rejectionReason,
      expectedSalary: expectedSalaryOf(application),
      createdAt: toIsoTime(application.createdAt),
      updatedAt: toIsoTime(application.updatedAt),
    };
  }
}

export class StageChangeDto {
  @ApiProperty({ enum: STAGES, nullable: true, description: 'null for the first entry' })
  fromStage!: Stage | null;

  @ApiProperty({ enum: STAGES })
  toStage!: Stage;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The staff member' })
  actorId!: string | null;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  at!: string;

  static from(change: ApplicationStageChange): StageChangeDto {
    return {
      fromStage: change.fromStage,
      toStage: change.toStage,
      reason: change.reason,
      actorId: change.actorId,
      at: toIsoTime(change.at),
    };
  }
}

/** One application with its whole stage history, oldest first. */
export class ApplicationDetailDto extends ApplicationDto {
  @ApiProperty({ type: [StageChangeDto] })
  history!: StageChangeDto[];

  static withHistory(
    application: Application,
    history: ApplicationStageChange[],
  ): ApplicationDetailDto {
    return {
      ...ApplicationDto.from(application),
      history: history.map((change) => StageChangeDto.from(change)),
    };
  }
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationDto] })
  items!: ApplicationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
