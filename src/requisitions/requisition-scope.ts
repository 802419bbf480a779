import { ScopePolicy } from '../auth/scope';

/**
 * Who sees which requisitions, and everything hanging off them: admins and recruiters see all;
 * a hiring manager sees a requisition only while on its hiring team. `column` names the column of
 * the scoped alias that holds the requisition id ('id' on requisitions, 'requisition_id' on
 * applications).
 */
export function requisitionScope(column: 'id' | 'requisition_id'): ScopePolicy {
  return {
    admin: 'all',
    recruiter: 'all',
    hiring_manager: (alias, caller) => ({
      sql: `EXISTS (SELECT 1 FROM requisition_team rt WHERE rt.requisition_id = ${alias}.${column} AND rt.user_id = :scopeUserId)`,
      params: { scopeUserId: caller.userId },
    }),
  };
}

/** Candidates: a hiring manager sees a person only through an application on one of their requisitions. */
export const CANDIDATE_SCOPE: ScopePolicy = {
  admin: 'all',
  recruiter: 'all',
  hiring_manager: (alias, caller) => ({
    sql: `EXISTS (SELECT 1 FROM applications sa JOIN requisition_team rt ON rt.requisition_id = sa.requisition_id
                  WHERE sa.candidate_id = ${alias}.id AND rt.user_id = :scopeUserId)`,
    params: { scopeUserId: caller.userId },
  }),
};
