/**
 * The shortlist's order, stated once so the page can print it: fit score, highest first (no score
 * last); then fewer skills judged overstated; then fewer integrity flags; then the earlier
 * finished assessment; then the earlier application; then the id, so the order is total and the
 * same on every request.
 */

export interface RankedEntry {
  applicationId: string;
  fitScore: number | undefined;
  overstated: number;
  integrityFlags: number;
  assessedAt: Date | undefined;
  appliedAt: Date;
}

export const SHORTLIST_ORDER = [
  'fit score, highest first; applications without one last',
  'fewer skills judged overstated',
  'fewer integrity flags',
  'assessment finished earlier',
  'applied earlier',
  'application id',
] as const;

export function compareEntries(a: RankedEntry, b: RankedEntry): number {
  return (
    descendingDefinedFirst(a.fitScore, b.fitScore) ||
    a.overstated - b.overstated ||
    a.integrityFlags - b.integrityFlags ||
    ascendingDefinedFirst(a.assessedAt?.getTime(), b.assessedAt?.getTime()) ||
    a.appliedAt.getTime() - b.appliedAt.getTime() ||
    (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0)
  );
}

export function rank<T extends RankedEntry>(entries: readonly T[]): T[] {
  return [...entries].sort(compareEntries);
}

function descendingDefinedFirst(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined)
    return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return b - a;
}

function ascendingDefinedFirst(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined)
    return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return a - b;
}
