import { ModuleRef } from '@nestjs/core';
import { Caller } from '../auth/caller';
import { Transactions } from '../database/transactions';
import { DecisionsService } from '../decisions/decisions.service';
import { JsonLogger } from '../common/logging/json-logger';

/**
 * Demo decisions, so a newcomer's reports show the whole story: each demo application with a
 * finished assessment gets a decision from its requisition's hiring manager through the real
 * service (stage move, history, audit), chosen by what the assessment found: a hold when a skill
 * was judged overstated, else an advance to the shortlist. Runs after the demo attempts, once:
 * nothing happens if any decision exists. Returns the number of decisions made.
 */
export async function seedDemoDecisions(modules: ModuleRef): Promise<number> {
  const db = modules.get(Transactions, { strict: false });
  const existing = await db.manager.query<unknown[]>('SELECT 1 FROM decisions LIMIT 1');
  if (existing.length > 0) return 0;
  const assessed = await db.manager.query<
    { application_id: string; manager_id: string; overstated: number }[]
  >(
    `SELECT a.id AS application_id,
            (SELECT rt.user_id FROM requisition_team rt JOIN users u ON u.id = rt.user_id
              WHERE rt.requisition_id = a.requisition_id ORDER BY u.email LIMIT 1) AS manager_id,
            (SELECT count(*)::int FROM attempt_skill_results s
              WHERE s.attempt_id = t.id AND s.verdict = 'overstated') AS overstated
       FROM attempts t
       JOIN applications a ON a.id = t.application_id
       JOIN candidates c ON c.id = a.candidate_id
      WHERE t.phase = 'finished' AND a.stage = 'assessed'
      ORDER BY c.email`,
  );
  const decisions = modules.get(DecisionsService, { strict: false });
  let made = 0;
  for (const row of assessed) {
    if (!row.manager_id) continue;
    const caller: Caller = {
      userId: row.manager_id,
      roles: ['hiring_manager'],
      via: 'session',
      requestId: 'demo-seed',
      clientAddress: null,
    };
    await decisions.record(
      caller,
      row.overstated > 0
        ? {
            applicationId: row.application_id,
            outcome: 'hold',
            reason: `${row.overstated} claimed skill${row.overstated === 1 ? ' was' : 's were'} judged overstated: ask about ${row.overstated === 1 ? 'it' : 'them'} in a call before deciding. (demo)`,
          }
        : {
            applicationId: row.application_id,
            outcome: 'advance',
            reason: 'The measured skills back the claims; worth an interview. (demo)',
          },
    );
    made++;
  }
  modules.get(JsonLogger, { strict: false }).event('info', 'demo decisions ready', {
    decisions: made,
  });
  return made;
}
