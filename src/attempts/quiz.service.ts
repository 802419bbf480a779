import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { nextStep, skillResult } from '../assessment/engine/cat';
import { RequestOrigin } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { AttemptRef } from './attempt-access';
import { cryptoRandom, shuffle } from './attempt-plan';
import {
  AttemptRow,
  insertSkillResult,
  poolOf,
  ratingsOf,
  readAttempt,
  responsesOf,
  skillResultsOf,
  StoredResponse,
} from './attempt-records';
import { decideAnswer, settingsFor, skillStateOf } from './attempt-rules';
import { assertPhase, progressOf } from './attempt-view';
import { AnswerResultDto, NextItemDto } from './dto/attempt.dto';
import { Finaliser } from './finaliser';
import { deadlinePassed } from './live-attempt';

const FINISHED: NextItemDto = { status: 'finished' };

/**
 * Stores the choice if `seq` is the pending item; false otherwise. Correctness and the time are
 * computed in the database: the key never enters this process, and the time is the database clock.
 */
/**
 * Records the answer to the pending item when the attempt is in its quiz and before its deadline,
 * in one statement that first locks the attempt row (so it queues behind any request changing the
 * attempt, and sees its result). Safe outside a transaction: one statement is atomic. False when
 * anything is unusual; the caller then sorts it out under the lock.
 */
async function recordAnswer(
  manager: EntityManager,
  attemptId: string,
  seq: number,
  choice: number,
): Promise<boolean> {
  // For an UPDATE, TypeORM's query gives [rows, affected].
  const [, affected] = await manager.query<[unknown, number]>(
    `WITH live AS (
       SELECT id FROM attempts
        WHERE id = $1 AND phase = 'quiz' AND deadline_at > now()
        FOR UPDATE
     )
     UPDATE attempt_responses r
        SET choice = $3::smallint, answered_at = now(),
            correct = (r.option_order[$3::int + 1] = i.answer_key),
            response_ms = greatest(0, round(extract(epoch FROM now() - r.served_at) * 1000))::int
       FROM items i, live
      WHERE r.attempt_id = live.id AND r.seq = $2 AND i.id = r.item_id AND r.answered_at IS NULL`,
    [attemptId, seq, choice],
  );
  return affected === 1;
}

/**
 * The adaptive quiz over HTTP. Nothing about the quiz lives in memory: every request locks the
 * attempt row and recomputes the engine's step from the stored responses, so a reload, a retry or
 * a second app instance continues exactly where the attempt stands.
 */
@Injectable()
export class QuizService {
  constructor(
    private readonly db: Transactions,
    private readonly finaliser: Finaliser,
  ) {}

  /** The pending item (the same one on every reload) or the next one the engine picks. */
  next(ref: AttemptRef, origin: RequestOrigin): Promise<NextItemDto> {
    return this.db.run(async (manager) => {
      const attempt = await readAttempt(manager, ref.id, true);
      if (attempt.phase === 'finished') return FINISHED;
      if (attempt.overdue) {
        await this.finaliser.finalise(manager, attempt, 'deadline', origin);
        return FINISHED;
      }
      assertPhase(attempt, 'quiz');
      const responses = await responsesOf(manager, attempt.id);
      const pending = responses.find((r) => r.choice === null);
      if (pending) return this.itemView(manager, attempt, pending);
      const served = await this.advance(manager, attempt, responses);
      if (served) return this.itemView(manager, attempt, served);
      await this.finaliser.finalise(manager, attempt, 'finished', origin);
      return FINISHED;
    });
  }

  /**
   * Records the answer to the pending item. A retry of a stored answer gets the same reply; after
   * the deadline the attempt is finalised (committed) and the answer refused.
   */
  async answer(
    ref: AttemptRef,
    seq: number,
    choice: number,
    origin: RequestOrigin,
  ): Promise<AnswerResultDto> {
    // The usual case, the pending item in time, in one round trip and no explicit transaction.
    if (await recordAnswer(this.db.manager, ref.id, seq, choice)) {
      return { seq, recorded: true, finished: false };
    }
    const outcome = await this.db.run(async (manager) => {
      const attempt = await readAttempt(manager, ref.id, true);
      if (attempt.phase !== 'finished') assertPhase(attempt, 'quiz');
      const [row] = await manager.query<{ seq: number; choice: number | null }[]>(
        'SELECT seq, choice FROM attempt_responses WHERE attempt_id = $1 AND seq = $2',
        [ref.id, seq],
      );
      const decision = decideAnswer(row, choice);
      if (decision === 'repeat')
        return { seq, recorded: true, finished: attempt.phase === 'finished' } as const;
      if (decision === 'conflict') {
        throw new AppError(
          'ANSWER_ALREADY_RECORDED',
          'This question already has a different answer; answers cannot be changed',
          { seq },
        );
      }
      if (attempt.phase === 'finished') {
        if (attempt.finishReason === 'deadline') return 'deadline' as const;
        assertPhase(attempt, 'quiz');
      }
      if (attempt.overdue) {
        await this.finaliser.finalise(manager, attempt, 'deadline', origin);
        return 'deadline' as const;
      }
      if (decision === 'record' && (await recordAnswer(manager, ref.id, seq, choice))) {
        // Served between the first try and this lock: now the pending item after all.
        return { seq, recorded: true, finished: false } as const;
      }
      throw new AppError(
        'ANSWER_OUT_OF_ORDER',
        'That question is not the one waiting for an answer; ask for the current question',
        { seq },
      );
    });
    if (outcome === 'deadline') throw deadlinePassed();
    return outcome;
  }

  /**
   * Walks the plan from the first undecided skill: records each skill the engine stops, and serves
   * the first item it picks. Undefined when every skill is decided.
   */
  private async advance(
    manager: EntityManager,
    attempt: AttemptRow,
    responses: StoredResponse[],
  ): Promise<StoredResponse | undefined> {
    const settings = settingsFor(attempt.plan.itemCap);
    const ratings = await ratingsOf(manager, attempt.id);
    const decided = new Set((await skillResultsOf(manager, attempt.id)).map((r) => r.skill));
    for (const { id: skill } of attempt.plan.skills) {
      if (decided.has(skill)) continue;
      const state = skillStateOf(skill, ratings.get(skill) ?? 0, responses);
      const pool = await poolOf(manager, skill);
      const step = nextStep(pool, state, settings, cryptoRandom);
      if (step.done) {
        await insertSkillResult(
          manager,
          attempt.id,
          skill,
          skillResult(state, step.reason, settings),
          step.reason,
        );
        continue;
      }
      const entry = pool.find((p) => p.id === step.item.id);
      if (!entry) throw new Error(`the engine chose ${step.item.id}, which is not in the pool`);
      const seq = (responses[responses.length - 1]?.seq ?? 0) + 1;
      const optionOrder = shuffle([0, 1, 2, 3], cryptoRandom);
      await manager.query(
        `INSERT INTO attempt_responses (attempt_id, seq, skill_id, item_id, option_order)
         VALUES ($1, $2, $3, $4, $5)`,
        [attempt.id, seq, skill, entry.itemId, optionOrder],
      );
      await manager.query('UPDATE items SET exposure_count = exposure_count + 1 WHERE id = $1', [
        entry.itemId,
      ]);
      return {
        seq,
        skill,
        itemId: entry.itemId,
        ref: entry.id,
        item: { a: entry.a, b: entry.b, c: entry.c },
        optionOrder,
        choice: null,
        correct: null,
        responseMs: null,
      };
    }
    return undefined;
  }

  /** What the candidate sees of an item: text and options in this attempt's order, nothing more. */
  private async itemView(
    manager: EntityManager,
    attempt: AttemptRow,
    served: StoredResponse,
  ): Promise<NextItemDto> {
    const [item] = await manager.query<{ stem: string; code: string | null; options: string[] }[]>(
      'SELECT stem, code, options FROM items WHERE id = $1',
      [served.itemId],
    );
    if (!item) throw new Error(`served item ${served.itemId} is missing`);
    const skill = attempt.plan.skills.find((s) => s.id === served.skill);
    return {
      status: 'item',
      seq: served.seq,
      skill: { id: served.skill, name: skill?.name ?? served.skill },
      stem: item.stem,
      code: item.code,
      options: served.optionOrder.map((index) => item.options[index] ?? ''),
      progress: await progressOf(manager, attempt),
      deadline: attempt.deadlineAt?.toISOString() ?? null,
      serverNow: attempt.serverNow.toISOString(),
    };
  }
}
