import { ParseUUIDPipe } from '@nestjs/common';
import { AppError } from '../errors/app-error';

/**
 * Path ids are validated before any lookup: TypeORM's findOneBy({ id: undefined }) returns the
 * first row of the table instead of nothing.
 */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new AppError('INVALID_ID', 'id must be a UUID'),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
