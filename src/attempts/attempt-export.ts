import { EntityManager } from 'typeorm';
import { AttemptRow, checklistOf, readAttempt } from './attempt-records';
import { AttemptRecordDto } from './dto/export.dto';

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

/**
 * Everything recorded about the person in one attempt: consent, self-ratings, checklist answers
 * with their terms, each question with the option chosen and the times, the page signals. Never
 * the keys, the foil flags or the scoring. Shared by the candidate's own export and the staff
 * export of src/candidates/personal-data.service.ts.
 */
export async function attemptRecord(
  manager: EntityManager,
  attempt: AttemptRow,
): Promise<AttemptRecordDto> {
  const ratings = await manager.query<{ skill_id: string; level: number; rated_at: Date }[]>(
    'SELECT skill_id, level, rated_at FROM attempt_self_ratings WHERE attempt_id = $1 ORDER BY skill_id',
    [attempt.id],
  );
  const checklist = await checklistOf(manager, attempt.id);
  const responses = await manager.query<
    {
      seq: number;
      skill_id: string;
      stem: string;
      code: string | null;
      served_at: Date;
      choice: number | null;
      chosen_option: string | null;
      answered_at: Date | null;
      response_ms: number | null;
    }[]
  >(
    `SELECT r.seq, r.skill_id, i.stem, i.code, r.served_at, r.choice,
            i.options ->> (r.option_order[r.choice + 1])::int AS chosen_option, r.answered_at, r.response_ms
       FROM attempt_responses r JOIN items i ON i.id = r.item_id
      WHERE r.attempt_id = $1 ORDER BY r.seq`,
    [attempt.id],
  );
  const events = await manager.query<{ kind: string; seq: number | null; at: Date }[]>(
    'SELECT kind, seq, at FROM attempt_events WHERE attempt_id = $1 ORDER BY id',
    [attempt.id],
  );
  return {
    attempt: {
      phase: attempt.phase,
      startedAt: attempt.createdAt.toISOString(),
      noticeVersion: attempt.noticeVersion,
      consentedAt: iso(attempt.consentedAt),
      deadline: iso(attempt.deadlineAt),
      finishedAt: iso(attempt.finishedAt),
      finishReason: attempt.finishReason,
      timeMultiplier: attempt.timeMultiplier,
      skills: attempt.plan.skills.map((s) => ({ id: s.id, name: s.name })),
    },
    selfRatings: ratings.map((r) => ({
      skill: r.skill_id,
      level: r.level,
      ratedAt: r.rated_at.toISOString(),
    })),
    // Term and answer only: whether a term is a foil is part of the method, not the person's data.
    checklist: checklist.map((row) => ({
      position: row.position,
      term: row.term,
      rating: row.rating,
      answeredAt: iso(row.answeredAt),
    })),
    responses: responses.map((r) => ({
      seq: r.seq,
      skill: r.skill_id,
      stem: r.stem,
      code: r.code,
      servedAt: r.served_at.toISOString(),
      choice: r.choice,
      chosenOption: r.chosen_option,
      answeredAt: iso(r.answered_at),
      responseMs: r.response_ms,
    })),
    events: events.map((e) => ({ kind: e.kind, seq: e.seq, at: e.at.toISOString() })),
  };
}

/** The attempts of the given applications (voided ones included), for the staff export. */
export async function attemptRecords(
  manager: EntityManager,
  applicationIds: string[],
): Promise<(AttemptRecordDto & { applicationId: string })[]> {
  if (applicationIds.length === 0) return [];
  const rows = await manager.query<{ id: string; application_id: string }[]>(
    'SELECT id, application_id FROM attempts WHERE application_id = ANY($1::uuid[]) ORDER BY created_at, id',
    [applicationIds],
  );
  const records: (AttemptRecordDto & { applicationId: string })[] = [];
  for (const row of rows) {
    const attempt = await readAttempt(manager, row.id, { lock: false, voided: true });
    records.push({ applicationId: row.application_id, ...(await attemptRecord(manager, attempt)) });
  }
  return records;
}
