import { ModuleRef } from '@nestjs/core';
import { probability } from '../assessment/engine/irt';
import { levelOf } from '../assessment/engine/levels';
import { mulberry32 } from '../assessment/engine/random';
import { digest, newSecret } from '../auth/secrets';
import { RequestOrigin } from '../auth/caller';
import { AttemptRef } from '../attempts/attempt-access';
import { AttemptService } from '../attempts/attempt.service';
import { NoticeService } from '../attempts/notices';
import { QuizService } from '../attempts/quiz.service';
import { RedemptionService } from '../attempts/redemption.service';
import { JsonLogger } from '../common/logging/json-logger';
import { Transactions } from '../database/transactions';

/** Simulated people: true ability, how they rate themselves, how they treat the checklist. */
const PROFILES = [
  { label: 'honest expert', theta: 1.3, claim: (level: number) => level, bluff: false },
  { label: 'overclaimer', theta: -0.9, claim: () => 4, bluff: true },
  { label: 'modest', theta: 0.9, claim: (level: number) => Math.max(0, level - 2), bluff: false },
] as const;

const ORIGIN: RequestOrigin = { requestId: 'demo-seed', clientAddress: null };

/**
 * A few finished attempts for demo applications, made the way a candidate makes them: an
 * invitation, redemption, consent, self-ratings, checklist and the adaptive quiz through the real
 * services, with answers simulated from a known ability (seeded, so each profile answers alike on
 * every run; the engine's randomesque selection still varies the items). Runs after the demo seed
 * has committed, and only once: nothing happens if any attempt exists.
 */
export async function seedDemoAttempts(modules: ModuleRef): Promise<number> {
  const db = modules.get(Transactions, { strict: false });
  const existing = await db.manager.query<unknown[]>('SELECT 1 FROM attempts LIMIT 1');
  if (existing.length > 0) return 0;
  const applications = await db.manager.query<{ id: string; created_by: string }[]>(
    `SELECT a.id, r.created_by FROM applications a
       JOIN requisitions r ON r.id = a.requisition_id
       JOIN candidates c ON c.id = a.candidate_id
      WHERE a.stage = 'applied' AND r.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.application_id = a.id)
      ORDER BY c.email LIMIT $1`,
    [PROFILES.length],
  );
  const started = Date.now();
  await Promise.all(applications.map((application, i) => takeAttempt(modules, db, application, i)));
  modules.get(JsonLogger, { strict: false }).event('info', 'demo attempts ready', {
    attempts: applications.length,
    ms: Date.now() - started,
  });
  return applications.length;
}

async function takeAttempt(
  modules: ModuleRef,
  db: Transactions,
  application: { id: string; created_by: string },
  index: number,
): Promise<void> {
  const profile = PROFILES[index % PROFILES.length]!;
  const random = mulberry32(index + 11);
  const token = newSecret();
  await db.manager.query(
    `INSERT INTO invitations (application_id, token_hash, expires_at, delivery, created_by)
     VALUES ($1, $2, now() + interval '7 days', 'copy', $3)`,
    [application.id, digest(token), application.created_by],
  );
  await modules.get(RedemptionService, { strict: false }).redeem(token, ORIGIN);
  const [row] = await db.manager.query<AttemptRef[]>(
    `SELECT a.id, a.application_id AS "applicationId", a.invitation_id AS "invitationId", a.phase
       FROM attempts a WHERE a.application_id = $1`,
    [application.id],
  );
  const ref = row!;
  const attempts = modules.get(AttemptService, { strict: false });
  const quiz = modules.get(QuizService, { strict: false });
  const notice = modules.get(NoticeService, { strict: false }).current;
  const view = await attempts.consent(ref, notice.version, ORIGIN);
  await attempts.rateSelf(
    ref,
    view.skills.map((skill) => ({ skill: skill.id, level: profile.claim(levelOf(profile.theta)) })),
    ORIGIN,
  );
  const terms = await db.manager.query<{ position: number; is_foil: boolean }[]>(
    `SELECT c.position, t.is_foil FROM attempt_checklist c JOIN checklist_terms t ON t.id = c.term_id
      WHERE c.attempt_id = $1 ORDER BY c.position`,
    [ref.id],
  );
  await attempts.answerChecklist(
    ref,
    terms.map((term) => ({
      position: term.position,
      // A bluffer claims half the foils; everyone knows most real terms near their level.
      rating: term.is_foil ? (profile.bluff && random() < 0.5 ? 3 : 0) : random() < 0.7 ? 3 : 1,
    })),
    ORIGIN,
  );
  for (;;) {
    const item = await quiz.next(ref, ORIGIN);
    if (item.status === 'finished' || item.seq === undefined) return;
    // Simulated thinking time (8-40 s), so the response-time signals read like a person's; the
    // simulated person knows the right answer with the model's probability at their ability.
    const [[served]] = await db.manager.query<
      [{ key: number; a: number; b: number; c: number }[], number]
    >(
      `UPDATE attempt_responses r SET served_at = r.served_at - make_interval(secs => $3)
         FROM items i
        WHERE r.attempt_id = $1 AND r.seq = $2 AND i.id = r.item_id
        RETURNING array_position(r.option_order, i.answer_key) - 1 AS key, i.a, i.b, i.c`,
      [ref.id, item.seq, 8 + Math.floor(random() * 32)],
    );
    const right = random() < probability(profile.theta, served!);
    const choice = right ? served!.key : (served!.key + 1 + Math.floor(random() * 3)) % 4;
    await quiz.answer(ref, item.seq, choice, ORIGIN);
  }
}
