import { QueryFailedError } from 'typeorm';
import { EntityManager } from 'typeorm';

/** A unique constraint refused the row (PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}

export async function roleFamilyIds(manager: EntityManager): Promise<Set<string>> {
  const rows = await manager.query<{ id: string }[]>('SELECT id FROM role_families');
  return new Set(rows.map((row) => row.id));
}

/** Today by the database clock (sessions run in UTC), as YYYY-MM-DD. */
export async function databaseToday(manager: EntityManager): Promise<string> {
  const [row] = await manager.query<[{ today: string }]>('SELECT current_date::text AS today');
  return row.today;
}
