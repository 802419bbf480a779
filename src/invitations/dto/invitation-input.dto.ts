import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../common/dto/pagination';
import { IsOmittable } from '../../common/validation/is-omittable';
import {
  DEFAULT_EXPIRY_DAYS,
  DELIVERIES,
  Delivery,
  INVITATION_STATUSES,
  InvitationStatus,
  MAX_EXPIRY_DAYS,
  MAX_TIME_MULTIPLIER,
  MIN_EXPIRY_DAYS,
  MIN_TIME_MULTIPLIER,
} from '../invitation-rules';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** 1.00 to 3.00 in hundredths, as a JSON number. */
function TimeMultiplier(): PropertyDecorator {
  return (target, key) => {
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
      { message: 'timeMultiplier must be a number with at most two decimals' },
    )(target, key);
    Min(MIN_TIME_MULTIPLIER)(target, key);
    Max(MAX_TIME_MULTIPLIER)(target, key);
  };
}

const MULTIPLIER_DOC = {
  minimum: MIN_TIME_MULTIPLIER,
  maximum: MAX_TIME_MULTIPLIER,
  multipleOf: 0.01,
  example: 1.5,
};

export class CreateInvitationDto {
  @ApiProperty({ format: 'uuid', description: 'The application (candidate x requisition)' })
  @IsUUID('all')
  applicationId!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_EXPIRY_DAYS,
    maximum: MAX_EXPIRY_DAYS,
    default: DEFAULT_EXPIRY_DAYS,
    description: 'Days until the link stops working if unused',
  })
  @IsOmittable()
  @IsInt()
  @Min(MIN_EXPIRY_DAYS)
  @Max(MAX_EXPIRY_DAYS)
  expiresInDays?: number;

  @ApiPropertyOptional({
    ...MULTIPLIER_DOC,
    default: 1,
    description: 'Accommodation: the time limit is multiplied by this',
  })
  @IsOmittable()
  @TimeMultiplier()
  timeMultiplier?: number;

  @ApiPropertyOptional({
    enum: DELIVERIES,
    description:
      'email: sent through the outbox (needs SIFT_SMTP_URL); copy: the recruiter passes the link on. Default: email when mail is configured, else copy',
  })
  @IsOmittable()
  @IsIn(DELIVERIES)
  delivery?: Delivery;
}

export class UpdateInvitationDto {
  @ApiProperty({
    ...MULTIPLIER_DOC,
    description:
      "The new accommodation multiplier; a live attempt's deadline moves with it (from consent)",
  })
  @TimeMultiplier()
  timeMultiplier!: number;
}

export class ReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'Why (kept with the record)' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(1000)
  reason!: string;
}

export class InvitationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  applicationId?: string;

  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}
