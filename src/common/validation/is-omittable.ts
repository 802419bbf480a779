import { AppError } from '../errors/app-error';
import { ValidateIf } from 'class-validator';

/**
 * For optional fields of a change (PATCH): the field may be left out, but null is validated like any
 * other value and so refused. class-validator's IsOptional would let null through to the database.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** A PATCH must change something: an empty body is a 400, not a silent no-op or an ORM error. */
export function requireSomeChange(changes: object, fields: string[]): void {
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new AppError('VALIDATION_FAILED', `Give at least one of ${fields.join(', ')}`, [
      { field: '(body)', messages: ['nothing to change'] },
    ]);
  }
}
