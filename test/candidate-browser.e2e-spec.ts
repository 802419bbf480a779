import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { digest, newSecret } from '../src/auth/secrets';
import { createApplication, createCandidate } from './factories/candidates';
import { insertRequisition } from './factories/requisitions';
import { createStaff, signIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';
import { freePort } from './harness/process';
import { sql } from './harness/sql';

const CHROMIUM = '/usr/bin/chromium';
/** STACK.md: without the background-networking flags Chromium keeps dialling out of a closed network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const END_HEADING = 'Thank you, you are done';

const heading = (page: Page) => page.locator('#step-heading');

/** Waits until the step heading is no longer `previous` and returns the new one. */
async function nextHeading(page: Page, previous: string): Promise<string> {
  const exactly = new RegExp(`^${previous.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const changed = heading(page).filter({ hasNotText: exactly });
  await changed.waitFor({ timeout: 15_000 });
  return (await changed.textContent()) ?? '';
}

/** Records CSP violations in the page (the test's tsconfig has no DOM types, hence a string). */
const RECORD_CSP_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) =>
    window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
`;

/**
 * A whole attempt in Debian's Chromium against the real app on a real port: the start page, the
 * notice, self-rating, checklist and the quiz by keyboard, a reload mid-quiz, the end page, then
 * the data export and erasure. The browser sees exactly what a candidate's browser would.
 */
describe('the candidate pages in a browser', () => {
  let t: TestApp;
  let context: BrowserContext;
  let profile: string;
  let base: string;
  let token: string;
  let applicationId: string;
  let adminId: string;
  let requisitionId: string;

  /** An application of a new candidate with an invitation of its own, as a recruiter would send. */
  async function invite(createdBy: string, requisition: string) {
    const candidate = await createCandidate(t);
    const application = await createApplication(t, {
      candidateId: candidate.id,
      requisitionId: requisition,
      actorId: createdBy,
    });
    const link = newSecret();
    await sql(
      t,
      `INSERT INTO invitations (application_id, token_hash, expires_at, delivery, created_by)
       VALUES ($1, $2, now() + interval '7 days', 'copy', $3)`,
      [application, digest(link), createdBy],
    );
    return { token: link, applicationId: application };
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does)`,
      );
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The app's public URL is the origin the browser uses, so its same-origin checks pass.
    t = await startTestApp({ env: { SIFT_PUBLIC_URL: base } });
    await t.app.listen(port, '127.0.0.1');

    const admin = await createStaff(t, ['admin']);
    adminId = admin.id;
    const recruiter = await signIn(t, await createStaff(t, ['recruiter']));
    requisitionId = await insertRequisition(t, { createdBy: admin.id });
    // Two skills with the smallest cap keep the quiz short (at most 8 questions).
    await recruiter
      .put(`/api/requisitions/${requisitionId}/assessment-blueprint`)
      .send({ skills: ['python', 'llm-nlp'], itemCap: 4, timeLimitMinutes: 20, checklistSize: 10 })
      .expect(200);
    ({ token, applicationId } = await invite(admin.id, requisitionId));

    profile = mkdtempSync(join(tmpdir(), 'sift-test-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 390, height: 844 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('runs a whole attempt, including a reload mid-quiz', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleErrors: string[] = [];
    // While the test cuts the network, Chromium logs each failed request; nothing else may be logged.
    let offline = false;
    page.on('console', (message) => {
      if (message.type() === 'error' && !offline) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.addInitScript(RECORD_CSP_VIOLATIONS);
    const violations = () => page.evaluate<string[]>('window.cspViolations');

    // The start page: describes the link and changes nothing.
    const start = await page.goto(`${base}/invite/${token}`);
    expect(start?.status()).toBe(200);
    expect(start?.headers()['cache-control']).toBe('no-store');
    expect(start?.headers()['referrer-policy']).toBe('same-origin');
    await expect(page.locator('h1').textContent()).resolves.toBe('Your assessment is ready');
    expect(await page.locator('body').textContent()).toContain('timed once started');
    expect(
      await sql(t, 'SELECT id FROM attempts WHERE application_id = $1', [applicationId]),
    ).toEqual([]);
    await Promise.all([
      page.waitForURL(`${base}/assessment`),
      page.getByRole('button', { name: 'Start the assessment' }).click(),
    ]);

    // Notice and consent; the checkbox is required.
    expect(await nextHeading(page, 'Loading your assessment…')).toBe('Before you start');
    expect(await page.getByRole('region', { name: 'Privacy notice' }).textContent()).toContain(
      'What is recorded',
    );
    await page.getByRole('button', { name: 'Agree and continue' }).click();
    await expect(page.locator('#agree-error').textContent()).resolves.toContain('Tick the box');
    await page.getByLabel('I have read the notice and agree to take part.').check();
    await page.getByRole('button', { name: 'Agree and continue' }).click();

    // Self-rating: one group per skill, the level names from DESIGN.md's table.
    expect(await nextHeading(page, 'Before you start')).toBe('Rate your own skills');
    const ratingGroups = page.locator('form fieldset');
    expect(await ratingGroups.count()).toBe(2);
    expect(await ratingGroups.first().locator('label').allTextContents()).toEqual([
      '0 · none',
      '1 · aware',
      '2 · beginner',
      '3 · working',
      '4 · advanced',
      '5 · expert',
    ]);
    // The form names skills; the API's ids follow the same order as the attempt's skills.
    const [firstSkill, secondSkill] = (
      await sql<{ skills: { id: string }[] }>(
        t,
        "SELECT plan->'skills' AS skills FROM attempts WHERE application_id = $1",
        [applicationId],
      )
    )[0]!.skills.map((skill) => skill.id);
    await ratingGroups.nth(0).getByLabel('4 · advanced').check();
    await ratingGroups.nth(1).getByLabel('3 · working').check();
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // The checklist: every term needs an answer before it saves.
    expect(await nextHeading(page, 'Rate your own skills')).toBe(
      'Which of these terms do you know?',
    );
    const terms = page.locator('form fieldset');
    expect(await terms.count()).toBe(10);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.locator('#form-error').textContent()).resolves.toBe(
      '10 of 10 terms still need an answer.',
    );
    // Familiarity 0-4 as the API takes it; a spread of ratings.
    const scale = [
      '0 · never heard of it',
      '1 · heard the name',
      '2 · know what it is',
      '3 · have used it',
      '4 · know it well',
    ];
    expect(await terms.first().locator('label').allTextContents()).toEqual(scale);
    for (let i = 0; i < 10; i++) {
      await terms
        .nth(i)
        .getByLabel(scale[i % 5]!, { exact: true })
        .check();
    }
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // The quiz, answered by keyboard only.
    let current = await nextHeading(page, 'Which of these terms do you know?');
    expect(current).toBe('Question 1');
    expect(await page.locator('#timer').textContent()).toMatch(/^Time left (19|20):\d\d$/);
    const progress = page.getByRole('progressbar');
    expect(await progress.getAttribute('aria-valuemax')).toBe('8');

    const answerByKeyboard = async (n: number) => {
      expect(await progress.getAttribute('aria-valuenow')).toBe(String(n - 1));
      if (n % 3 === 1) {
        await page.keyboard.press('2');
        await page.keyboard.press('Enter');
      } else if (n % 3 === 2) {
        // From the heading the first arrow lands on option 1, the next moves to option 2.
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        expect(await page.locator('input[name="answer"]:checked').getAttribute('value')).toBe('1');
        await page.keyboard.press('Enter');
      } else {
        // Space on a chosen option submits it.
        await page.keyboard.press('4');
        await page.keyboard.press(' ');
      }
      return nextHeading(page, `Question ${n}`);
    };

    current = await answerByKeyboard(1);
    current = await answerByKeyboard(2);
    expect(current).toBe('Question 3');

    // Reloading shows the same pending question and serves nothing new.
    const stem = await page.locator('#stem').textContent();
    const served = await sql(t, 'SELECT count(*)::int AS n FROM attempt_responses');
    await page.reload();
    expect(await nextHeading(page, 'Loading your assessment…')).toBe('Question 3');
    expect(await page.locator('#stem').textContent()).toBe(stem);
    expect(await sql(t, 'SELECT count(*)::int AS n FROM attempt_responses')).toEqual(served);
    expect(await progress.getAttribute('aria-valuenow')).toBe('2');

    // The network drops as question 3 is answered: the page says so, waits, and carries on.
    offline = true;
    await context.setOffline(true);
    const answeringOffline = answerByKeyboard(3);
    await page.locator('#status', { hasText: 'Reconnecting' }).waitFor({ timeout: 10_000 });
    await context.setOffline(false);
    current = await answeringOffline;
    offline = false;

    for (let n = 4; current !== END_HEADING; n++) {
      expect(current).toBe(`Question ${n}`);
      expect(n).toBeLessThanOrEqual(8);
      current = await answerByKeyboard(n);
    }

    // Finished: the attempt is final and the application moved on.
    const [attempt] = await sql<{ phase: string; finished: boolean; answered: number }>(
      t,
      `SELECT a.phase, a.finished_at IS NOT NULL AS finished,
              (SELECT count(*)::int FROM attempt_responses r WHERE r.attempt_id = a.id AND r.answered_at IS NOT NULL) AS answered
       FROM attempts a WHERE a.application_id = $1`,
      [applicationId],
    );
    expect(attempt).toMatchObject({ phase: 'finished', finished: true });
    expect(attempt!.answered).toBeGreaterThanOrEqual(3);
    const [application] = await sql<{ stage: string }>(
      t,
      'SELECT stage FROM applications WHERE id = $1',
      [applicationId],
    );
    expect(application?.stage).toBe('assessed');
    expect(await page.locator('#timer').isHidden()).toBe(true);

    // The candidate's copy of their data, as a download.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data (JSON)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('sift-assessment-data.json');
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      attempt: { phase: string };
      selfRatings: { skill: string; level: number }[];
      checklist: { position: number; rating: number | null }[];
      responses: { seq: number; choice: number | null }[];
    };
    // What the keyboard and the forms chose is exactly what the server recorded.
    expect(exported.attempt.phase).toBe('finished');
    expect(exported.selfRatings.map((r) => `${r.skill}=${r.level}`).sort()).toEqual(
      [`${firstSkill}=4`, `${secondSkill}=3`].sort(),
    );
    expect(
      [...exported.checklist].sort((a, b) => a.position - b.position).map((c) => c.rating),
    ).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    const answeredChoices = [...exported.responses]
      .sort((a, b) => a.seq - b.seq)
      .map((r) => r.choice);
    expect(answeredChoices).toEqual(answeredChoices.map((_, i) => ((i + 1) % 3 === 0 ? 3 : 1)));
    expect(answeredChoices).toHaveLength(attempt!.answered);

    // The finished attempt's link now explains itself, with no button, as 410 Gone.
    const closed = await context.newPage();
    expect((await closed.goto(`${base}/invite/${token}`))?.status()).toBe(410);
    expect(await closed.locator('h1').textContent()).toBe('This assessment is over');
    expect(await closed.getByRole('button').count()).toBe(0);
    await closed.close();

    // Erasure asks first; "Keep my data" changes nothing.
    await page.getByRole('button', { name: 'Erase my data' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep my data' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Erase my data' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Erase everything' }).click();
    expect(await nextHeading(page, END_HEADING)).toBe('Your data has been erased');

    expect(await violations()).toEqual([]);
    expect(consoleErrors).toEqual([]);

    // After erasure the link is gone for good (closed or withdrawn), still without a button.
    const gone = await page.goto(`${base}/invite/${token}`);
    expect(gone?.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toMatch(
      /^(This assessment is over|This invitation link no longer works)$/,
    );
    expect(await page.getByRole('button').count()).toBe(0);

    // Without the attempt cookie the app says how to get back in.
    await context.clearCookies();
    await page.goto(`${base}/assessment`);
    expect(await nextHeading(page, 'Loading your assessment…')).toBe(
      'Open your invitation link again',
    );
  }, 90_000);

  it('counts down from the server deadline and ends the attempt when it passes', async () => {
    const timed = await invite(adminId, requisitionId);
    const page = await context.newPage();
    await page.goto(`${base}/invite/${timed.token}`);
    await Promise.all([
      page.waitForURL(`${base}/assessment`),
      page.getByRole('button', { name: 'Start the assessment' }).click(),
    ]);
    expect(await nextHeading(page, 'Loading your assessment…')).toBe('Before you start');
    await page.getByLabel('I have read the notice and agree to take part.').check();
    await page.getByRole('button', { name: 'Agree and continue' }).click();
    expect(await nextHeading(page, 'Before you start')).toBe('Rate your own skills');
    for (const group of await page.locator('form fieldset').all()) {
      await group.getByLabel('3 · working').check();
    }
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await nextHeading(page, 'Rate your own skills');
    for (const group of await page.locator('form fieldset').all()) {
      await group.getByLabel('0 · never heard of it').check();
    }
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await nextHeading(page, 'Which of these terms do you know?')).toBe('Question 1');

    // The server's deadline moves to 3 s from now; the reloaded page counts down from it.
    await sql(
      t,
      "UPDATE attempts SET deadline_at = now() + interval '3 seconds' WHERE application_id = $1",
      [timed.applicationId],
    );
    await page.reload();
    expect(await nextHeading(page, 'Loading your assessment…')).toBe('Question 1');
    expect(await page.locator('#timer').textContent()).toMatch(/^Time left 00:0[0-3]$/);
    expect(await nextHeading(page, 'Question 1')).toBe(END_HEADING);
    expect(await page.locator('main').textContent()).toContain('The time limit was reached');

    const [row] = await sql<{ phase: string; stage: string }>(
      t,
      `SELECT a.phase, ap.stage FROM attempts a JOIN applications ap ON ap.id = a.application_id
       WHERE a.application_id = $1`,
      [timed.applicationId],
    );
    expect(row).toEqual({ phase: 'finished', stage: 'assessed' });
    await page.close();
  }, 60_000);

  it('answers unknown links with 404 echoing nothing, and serves only public/ under /assets/', async () => {
    for (const bad of ['zzNotATokenzz', `${'A'.repeat(42)}*`, newSecret()]) {
      const res = await t.http.get(`/invite/${encodeURIComponent(bad)}`).expect(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('We do not recognise this link');
      expect(res.text).not.toContain('<form');
      expect(res.text).not.toContain(bad);
      expect(res.text).not.toMatch(/<script|style=/);
    }
    const shell = await t.http.get('/assessment').expect(200);
    expect(shell.text).toContain('<script src="/assets/candidate.js" defer></script>');
    expect(shell.text).not.toMatch(/<script>|style=/);
    const script = await t.http.get('/assets/candidate.js').expect(200);
    expect(script.headers['content-type']).toMatch(/^application\/javascript|^text\/javascript/);
    expect(script.text).not.toContain('innerHTML');
    // Only the files in public/: nothing else is reachable through /assets/.
    await t.http.get('/assets/missing.js').expect(404);
    for (const escape of ['/assets/..%2fpackage.json', '/assets/%2e%2e/package.json']) {
      const res = await t.http.get(escape);
      expect([400, 403, 404]).toContain(res.status);
      expect(res.text).not.toContain('"devDependencies"');
    }
  });
});
