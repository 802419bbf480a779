import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A calendar date as ISO `YYYY-MM-DD` that exists (2025-02-30 does not), from 1900 on: PostgreSQL
 * has no year 0, and no band or offer predates 1900.
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^(19|[2-9]\d)\d{2}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown) => isIsoDate(value),
        defaultMessage: () => '$property must be a date as YYYY-MM-DD (1900 on), e.g. 2026-01-31',
      },
    },
    options,
  );
}
