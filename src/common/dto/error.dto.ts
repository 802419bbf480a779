import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS } from '../errors/error-codes';

class FieldErrorDto {
  @ApiProperty({ example: 'budget.min' })
  field!: string;

  @ApiProperty({ type: [String], example: ['amount must be an integer number'] })
  messages!: string[];
}

/** The one error shape every route returns (documented once, referenced by every route). */
export class ErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ enum: Object.keys(ERROR_STATUS), example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiProperty({ example: 'The request is not valid' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'Quote this when reporting a problem', example: 'b1c2...' })
  requestId?: string;
}
