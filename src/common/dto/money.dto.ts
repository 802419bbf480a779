import { ApiProperty } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { CURRENCY_CODES, CurrencyCode } from './currency';
import { Money } from './money';

/** Request and response shape for money: `{ amount: <integer minor units>, currency }`. */
export class MoneyDto implements Money {
  @ApiProperty({
    description: 'Integer amount in minor units of the currency (cents for USD); never a decimal',
    example: 12500000,
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;

  @ApiProperty({ description: 'ISO 4217 currency code', enum: CURRENCY_CODES, example: 'USD' })
  @IsIn(CURRENCY_CODES, { message: 'currency must be a supported ISO 4217 code' })
  currency!: CurrencyCode;
}

/**
 * A money field: validated as a nested MoneyDto. ValidateNested alone lets a missing or
 * non-object value through, so IsObject comes with it; combine with IsOptional when optional.
 */
export function IsMoney(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: MoneyDto }),
    IsObject({ message: '$property must be a money object { amount, currency }' }),
    ValidateNested(),
    Type(() => MoneyDto),
  );
}
