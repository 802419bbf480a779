import { ValidateBy, ValidationOptions } from 'class-validator';

/** Times leave Sift as ISO 8601 in UTC with milliseconds: 2026-11-28T15:00:00.000Z. */
export function toIsoTime(value: Date): string {
  return value.toISOString();
}

export function toIsoTimeOrNull(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Parses an ISO 8601 timestamp that names its zone; a zoneless time is ambiguous and refused, and
 * so is a calendar date that does not exist (Date would roll 2026-02-31 over to March).
 */
export function parseIsoTime(value: string): Date | undefined {
  const match = ISO_WITH_ZONE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  calendar.setUTCFullYear(year, month - 1, day);
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function IsIsoTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoTime',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && parseIsoTime(value) !== undefined,
        defaultMessage: () =>
          '$property must be an ISO 8601 time with a zone, e.g. 2026-01-31T09:00:00Z',
      },
    },
    options,
  );
}
