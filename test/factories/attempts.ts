import request from 'supertest';
import { digest, newSecret } from '../../src/auth/secrets';
import { TestApp } from '../harness/app';
import { sql } from '../harness/sql';

export interface Invitation {
  id: string;
  token: string;
}

/** An invitation written straight into the database (delivery 'copy'), as the invitations API would. */
export async function insertInvitation(
  t: TestApp,
  seed: {
    applicationId: string;
    createdBy: string;
    expiresInMinutes?: number;
    multiplier?: number;
  },
): Promise<Invitation> {
  const token = newSecret();
  const [row] = await sql<{ id: string }>(
    t,
    `INSERT INTO invitations (application_id, token_hash, expires_at, time_multiplier, delivery, created_by, created_at)
     VALUES ($1, $2, now() + make_interval(mins => $3), $4, 'copy', $5, now() - interval '1 minute')
     RETURNING id`,
    [
      seed.applicationId,
      digest(token),
      seed.expiresInMinutes ?? 7 * 24 * 60,
      seed.multiplier ?? 1,
      seed.createdBy,
    ],
  );
  return { id: row!.id, token };
}

/** The blueprint a test's requisition runs on, saved directly (the blueprint API has its own tests). */
export async function saveBlueprint(
  t: TestApp,
  requisitionId: string,
  blueprint: { skills: string[]; itemCap: number; timeLimitMinutes: number; checklistSize: number },
  updatedBy: string,
): Promise<void> {
  await sql(
    t,
    `INSERT INTO assessment_blueprints (requisition_id, skills, item_cap, time_limit_minutes, checklist_size, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      requisitionId,
      blueprint.skills,
      blueprint.itemCap,
      blueprint.timeLimitMinutes,
      blueprint.checklistSize,
      updatedBy,
    ],
  );
}

/** POST /invite/:token as the start page's form would, asking for JSON errors. */
export function redeem(t: TestApp, token: string): request.Test {
  return t.http.post(`/invite/${token}`).set('Origin', t.origin).set('Accept', 'application/json');
}

export interface CandidateClient {
  cookie: string;
  get(path: string): request.Test;
  post(path: string): request.Test;
  put(path: string): request.Test;
}

/** A client holding an attempt cookie and sending this site's Origin, as the candidate's browser does. */
export function candidateClient(t: TestApp, cookie: string): CandidateClient {
  const send = (test: request.Test) => test.set('Cookie', cookie).set('Origin', t.origin);
  return {
    cookie,
    get: (path) => send(t.http.get(path)),
    post: (path) => send(t.http.post(path)),
    put: (path) => send(t.http.put(path)),
  };
}

export function attemptCookieOf(res: request.Response): string {
  const cookie = ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('sift_attempt=') && c.length > 'sift_attempt='.length);
  if (!cookie) throw new Error(`redemption set no attempt cookie (status ${res.status})`);
  return cookie;
}

/** Redeems the link and returns the candidate's client. */
export async function startAttempt(t: TestApp, token: string): Promise<CandidateClient> {
  const res = await redeem(t, token).expect(303);
  return candidateClient(t, attemptCookieOf(res));
}

export interface ServedItem {
  status: 'item';
  seq: number;
  skill: { id: string; name: string };
  stem: string;
  code: string | null;
  options: string[];
  serverNow?: string;
}

/** Consent, self-ratings (`level` per skill, default 3) and a checklist rated by `rating` (default 0). */
export async function throughToQuiz(
  candidate: CandidateClient,
  options: { level?: (skill: string) => number; rating?: (position: number) => number } = {},
): Promise<void> {
  const view = await candidate.get('/api/attempts/current').expect(200);
  const body = view.body as { notice: { version: string }; skills: { id: string }[] };
  await candidate
    .post('/api/attempts/current/consent')
    .send({ noticeVersion: body.notice.version, agree: true })
    .expect(200);
  await candidate
    .put('/api/attempts/current/self-ratings')
    .send({
      ratings: body.skills.map((s) => ({ skill: s.id, level: options.level?.(s.id) ?? 3 })),
    })
    .expect(200);
  const list = await candidate.get('/api/attempts/current/checklist').expect(200);
  const terms = (list.body as { terms: { position: number }[] }).terms;
  await candidate
    .put('/api/attempts/current/checklist')
    .send({
      answers: terms.map((term) => ({
        position: term.position,
        rating: options.rating?.(term.position) ?? 0,
      })),
    })
    .expect(200);
}

/** The displayed position of the key of the item served at `seq` (tests only: read from the database). */
export async function keyPosition(t: TestApp, attemptId: string, seq: number): Promise<number> {
  const [row] = await sql<{ position: number }>(
    t,
    `SELECT array_position(r.option_order, i.answer_key) - 1 AS position
       FROM attempt_responses r JOIN items i ON i.id = r.item_id
      WHERE r.attempt_id = $1 AND r.seq = $2`,
    [attemptId, seq],
  );
  return row!.position;
}

/** The attempt behind an application (one per application in these tests). */
export async function attemptIdOf(t: TestApp, applicationId: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    t,
    'SELECT id FROM attempts WHERE application_id = $1 ORDER BY created_at DESC LIMIT 1',
    [applicationId],
  );
  return row!.id;
}
