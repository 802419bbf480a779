import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Caller } from './caller';
import { Role } from './roles';

/** A SQL condition on the scoped alias, with its named parameters. */
export interface ScopeCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** What one role may see of a kind of record: everything, nothing, or rows matching a condition. */
export type RoleScope = 'all' | 'none' | ((alias: string, caller: Caller) => ScopeCondition);

/** One entry per role, so adding a role is a compile error until every kind of record decides. */
export type ScopePolicy = Record<Role, RoleScope>;

/**
 * Restricts a query to the records the caller may see, as the union over the caller's roles.
 * Services apply it to every list and lookup and answer 404 for what it hides, so a hiring manager
 * cannot even learn that a requisition outside their team exists.
 */
export function visibleTo<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  caller: Caller,
  policy: ScopePolicy,
): SelectQueryBuilder<T> {
  const scopes = caller.roles.map((role) => policy[role]);
  if (scopes.includes('all')) return qb;
  const conditions = scopes
    .filter((scope): scope is Exclude<RoleScope, 'all' | 'none'> => typeof scope === 'function')
    .map((scope) => scope(alias, caller));
  if (conditions.length === 0) return qb.andWhere('false');
  return qb.andWhere(
    new Brackets((where) => {
      for (const condition of conditions) where.orWhere(condition.sql, condition.params);
    }),
  );
}
