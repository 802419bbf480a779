import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../../common/dto/money.dto';
import { PageQueryDto } from '../../common/dto/pagination';
import { PAY_BASES, PayBasis } from '../application.entity';
import { Stage, STAGES } from '../stages';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Money plus what it covers, so only like is compared with like. */
export class ExpectedSalaryDto extends MoneyDto {
  @ApiProperty({
    enum: PAY_BASES,
    description: 'base salary, or total pay (base + bonus target + equity per year)',
  })
  @IsIn(PAY_BASES)
  payBasis!: PayBasis;
}

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  candidateId!: string;

  @ApiProperty({ format: 'uuid', description: 'An open requisition' })
  @IsUUID('all')
  requisitionId!: string;

  @ApiPropertyOptional({ type: ExpectedSalaryDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'expectedSalary must be an object { amount, currency, payBasis }' })
  @ValidateNested()
  @Type(() => ExpectedSalaryDto)
  expectedSalary?: ExpectedSalaryDto | null;
}

export class UpdateApplicationDto {
  @ApiProperty({
    type: ExpectedSalaryDto,
    nullable: true,
    description: 'The new expectation, or null to clear it',
  })
  @ValidateIf((body: UpdateApplicationDto) => body.expectedSalary !== null)
  @IsObject({ message: 'expectedSalary must be an object { amount, currency, payBasis } or null' })
  @ValidateNested()
  @Type(() => ExpectedSalaryDto)
  expectedSalary!: ExpectedSalaryDto | null;
}

export class MoveStageDto {
  @ApiProperty({ enum: STAGES, example: 'screening' })
  @IsIn(STAGES)
  to!: Stage;

  @ApiPropertyOptional({
    enum: STAGES,
    example: 'applied',
    description:
      'The stage you last saw: when given, the move applies only from it (else 409), so a move decided on a stale view never lands',
  })
  @IsOptional()
  @IsIn(STAGES)
  from?: Stage;

  @ApiPropertyOptional({
    maxLength: 1000,
    description: 'Why; required when rejecting (kept in the stage history)',
  })
  @ValidateIf((body: MoveStageDto) => body.to === 'rejected' || body.reason !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'reason must not be empty (rejecting needs a reason)' })
  @MaxLength(1000)
  reason?: string;
}

export class ApplicationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  requisitionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  candidateId?: string;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;
}
