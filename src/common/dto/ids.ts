import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Path ids are validated before any lookup (TypeORM's findOneBy({ id: undefined }) returns the
 * first row of the table) and lower-cased: PostgreSQL treats 'ABC…' and 'abc…' as one uuid, so
 * comparisons in code (is this my own id?) must see one spelling.
 */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isUuid(value)) throw new AppError('INVALID_ID', 'id must be a UUID');
    return value.toLowerCase();
  }
}

export const UuidParam = new UuidPipe();
