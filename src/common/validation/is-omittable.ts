import { ValidateIf } from 'class-validator';

/**
 * For optional fields of a change (PATCH): the field may be left out, but null is validated like any
 * other value and so refused. class-validator's IsOptional would let null through to the database.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
