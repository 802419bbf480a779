import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestOrigin } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { AttemptRef } from './attempt-access';
import { checklistOf, readAttempt } from './attempt-records';
import {
  checklistProblems,
  effectiveMinutes,
  Phase,
  Problem,
  selfRatingProblems,
} from './attempt-rules';
import { assertPhase, attemptView, lockInPhase } from './attempt-view';
import {
  AttemptEventDto,
  AttemptViewDto,
  ChecklistAnswerDto,
  ChecklistDto,
  SelfRatingDto,
} from './dto/attempt.dto';
import { Finaliser } from './finaliser';
import { changeLiveAttempt } from './live-attempt';
import { NoticeService } from './notices';

/** Client signals kept per attempt; beyond this a script could only fill the table, so they are dropped. */
export const EVENT_CAP = 1000;

function invalid(problems: Problem[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    'The answers do not match the assessment',
    problems.map((p) => ({ field: p.field, messages: [p.message] })),
  );
}

/** The candidate's steps before and around the quiz: consent, self-ratings, checklist, signals, finish. */
@Injectable()
export class AttemptService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
    private readonly notices: NoticeService,
    private readonly finaliser: Finaliser,
  ) {}

  async view(ref: AttemptRef): Promise<AttemptViewDto> {
    const attempt = await readAttempt(this.db.manager, ref.id, false);
    return attemptView(this.db.manager, attempt, this.notices.current);
  }

  /** Starts the clock: the deadline is set from the database's time at consent. */
  consent(ref: AttemptRef, noticeVersion: string, origin: RequestOrigin): Promise<AttemptViewDto> {
    return this.db.run(async (manager) => {
      const attempt = await lockInPhase(manager, ref.id, 'consent');
      const notice = this.notices.current;
      if (noticeVersion !== notice.version) {
        throw new AppError(
          'NOTICE_VERSION_MISMATCH',
          'The notice has changed since the page was loaded; please read the current one',
          { current: notice.version },
        );
      }
      const minutes = effectiveMinutes(attempt.plan.timeLimitMinutes, attempt.timeMultiplier);
      await manager.query(
        `UPDATE attempts SET notice_version = $2, consented_at = now(), phase = 'self_rating',
                deadline_at = now() + make_interval(mins => $3), last_seen_at = now()
          WHERE id = $1`,
        [ref.id, notice.version, minutes],
      );
      // Consent is the candidate's own act, so this is the one place that records it.
      await manager.query(
        `UPDATE candidates c
            SET consent_status = 'given', consent_version = $2, consent_at = now(), last_activity_at = now()
           FROM applications a
          WHERE a.id = $1 AND c.id = a.candidate_id AND c.anonymised_at IS NULL`,
        [attempt.applicationId, notice.version],
      );
      await this.audit.record(manager, {
        actor: origin,
        action: 'attempt.consented',
        subject: { type: 'attempt', id: ref.id },
        details: { notice_version: notice.version, time_limit_minutes: minutes },
      });
      return this.reread(manager, ref.id);
    });
  }

  rateSelf(
    ref: AttemptRef,
    ratings: SelfRatingDto[],
    origin: RequestOrigin,
  ): Promise<AttemptViewDto> {
    return this.change(ref, 'self_rating', origin, async (manager, attempt) => {
      const problems = selfRatingProblems(
        attempt.plan.skills.map((s) => s.id),
        ratings,
      );
      if (problems.length > 0) throw invalid(problems);
      await manager.query(
        `INSERT INTO attempt_self_ratings (attempt_id, skill_id, level)
         SELECT $1, r.skill, r.level FROM unnest($2::text[], $3::smallint[]) AS r(skill, level)`,
        [ref.id, ratings.map((r) => r.skill), ratings.map((r) => r.level)],
      );
      await this.advance(manager, ref.id, 'checklist');
    });
  }

  async checklist(ref: AttemptRef): Promise<ChecklistDto> {
    const attempt = await readAttempt(this.db.manager, ref.id, false);
    assertPhase(attempt, 'checklist');
    const rows = await checklistOf(this.db.manager, ref.id);
    // Position and text only: which terms are foils must not be inferable from anything sent.
    return { terms: rows.map((row) => ({ position: row.position, term: row.term })) };
  }

  answerChecklist(
    ref: AttemptRef,
    answers: ChecklistAnswerDto[],
    origin: RequestOrigin,
  ): Promise<AttemptViewDto> {
    return this.change(ref, 'checklist', origin, async (manager) => {
      const rows = await checklistOf(manager, ref.id);
      const problems = checklistProblems(
        rows.map((row) => row.position),
        answers,
      );
      if (problems.length > 0) throw invalid(problems);
      await manager.query(
        `UPDATE attempt_checklist c SET rating = v.rating, answered_at = now()
           FROM unnest($2::smallint[], $3::smallint[]) AS v(position, rating)
          WHERE c.attempt_id = $1 AND c.position = v.position`,
        [ref.id, answers.map((a) => a.position), answers.map((a) => a.rating)],
      );
      await this.advance(manager, ref.id, 'quiz');
    });
  }

  /** A signal from the page; past the cap it is accepted and dropped. */
  async recordEvent(ref: AttemptRef, event: AttemptEventDto): Promise<void> {
    await this.db.run(async (manager) => {
      const attempt = await readAttempt(manager, ref.id, true);
      if (attempt.phase === 'finished') assertPhase(attempt, 'quiz');
      await manager.query(
        `INSERT INTO attempt_events (attempt_id, kind, seq)
         SELECT $1, $2, $3 WHERE (SELECT count(*) FROM attempt_events WHERE attempt_id = $1) < $4`,
        [ref.id, event.kind, event.seq ?? null, EVENT_CAP],
      );
    });
  }

  /**
   * Ends the quiz now; skills not reached are summarised from what they have. Finishing a finished
   * attempt returns it as it is.
   */
  finish(ref: AttemptRef, origin: RequestOrigin): Promise<AttemptViewDto> {
    return this.db.run(async (manager) => {
      const attempt = await readAttempt(manager, ref.id, true);
      if (attempt.phase !== 'finished') {
        if (!attempt.overdue) assertPhase(attempt, 'quiz');
        await this.finaliser.finalise(
          manager,
          attempt,
          attempt.overdue ? 'deadline' : 'finished',
          origin,
        );
      }
      return this.reread(manager, ref.id);
    });
  }

  /** A change allowed in one phase before the deadline; answers with the new view. */
  private async change(
    ref: AttemptRef,
    phase: Phase,
    origin: RequestOrigin,
    work: (
      manager: EntityManager,
      attempt: Awaited<ReturnType<typeof readAttempt>>,
    ) => Promise<void>,
  ): Promise<AttemptViewDto> {
    return changeLiveAttempt(
      this.db,
      this.finaliser,
      { attemptId: ref.id, phase, origin },
      async (manager, attempt) => {
        await work(manager, attempt);
        return this.reread(manager, ref.id);
      },
    );
  }

  private async advance(manager: EntityManager, attemptId: string, to: Phase): Promise<void> {
    await manager.query('UPDATE attempts SET phase = $2, last_seen_at = now() WHERE id = $1', [
      attemptId,
      to,
    ]);
  }

  private async reread(manager: EntityManager, attemptId: string): Promise<AttemptViewDto> {
    return attemptView(manager, await readAttempt(manager, attemptId, false), this.notices.current);
  }
}
