import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { insertRequisition } from './factories/requisitions';
import {
  csvFile,
  HEADER,
  JobBody,
  parseCsv,
  personRow,
  sql,
  uploadFile,
} from './fixtures/intake/intake-helpers';
import { startTestApp, TestApp } from './harness/app';
import { IntakeSettings } from '../src/intake/intake-settings';
import { uuidv7Time } from '../src/common/uuidv7';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; messages: string[] }[];
}

const job = (res: request.Response) => res.body as JobBody;
const error = (res: request.Response) => res.body as ErrorBody;

describe('bulk intake (POST /api/requisitions/:id/intake)', () => {
  let t: TestApp;
  let admin: StaffAccount;
  let recruiter: StaffAccount;
  let manager: StaffAccount;
  let asRecruiter: SignedIn;
  let asAdmin: SignedIn;
  let asManager: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createStaff(t, ['admin']);
    recruiter = await createStaff(t, ['recruiter']);
    manager = await createStaff(t, ['hiring_manager']);
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, recruiter);
    asManager = await signIn(t, manager);
  });
  afterAll(() => t.close());
  // Bad files and bad rows are the client's problem: none of them may log an error.
  afterEach(() => {
    const errors = t.logs.filter((line) => line.level === 'error');
    t.logs.length = 0;
    expect(errors).toEqual([]);
  });

  const requisition = (
    status: 'open' | 'on_hold' | 'draft' | 'closed' = 'open',
    team: string[] = [],
  ) => insertRequisition(t, { createdBy: admin.id, status, team });

  async function rejections(client: SignedIn, body: JobBody): Promise<string[][]> {
    const res = await client.get(body.rejectionsUrl).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    return parseCsv(res.text);
  }

  describe('good rows', () => {
    it('creates candidates and applications, with stage history, consent pending and the audit event', async () => {
      const req = await requisition();
      const res = await uploadFile(
        asRecruiter,
        req,
        csvFile(
          HEADER,
          'Ada Lovelace,ada@example.com,+44 20 7946 0000,London,referral,https://ada.example.com;https://github.com/ada,"Analytical engine\nnotes",150000.50,USD,base',
          'Grace Hopper,grace@example.com,,,,,,,,',
          '"Lee, Yuna",yuna@example.kr,,Seoul,,,,90000000,KRW,total',
        ),
      ).expect(201);
      const body = job(res);
      expect(body).toMatchObject({
        requisitionId: req,
        status: 'completed',
        rows: {
          total: 3,
          done: 3,
          accepted: 3,
          created: 3,
          attached: 3,
          duplicate: 0,
          rejected: 0,
        },
        sameFileAs: null,
        error: null,
        createdBy: recruiter.id,
      });
      expect(body.fileSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(body.finishedAt).not.toBeNull();

      const people = await sql<Record<string, unknown>>(
        t,
        `SELECT c.full_name, c.email, c.phone, c.location, c.source, c.links, c.resume_text, c.consent_status,
                c.last_activity_at > now() - interval '1 minute' AS active,
                a.stage, a.expected_salary_amount, a.expected_salary_currency, a.expected_salary_pay_basis,
                h.from_stage, h.to_stage, h.actor_id
         FROM applications a JOIN candidates c ON c.id = a.candidate_id
         JOIN application_stage_history h ON h.application_id = a.id
         WHERE a.requisition_id = $1 ORDER BY c.email`,
        [req],
      );
      expect(people).toEqual([
        {
          full_name: 'Ada Lovelace',
          email: 'ada@example.com',
          phone: '+44 20 7946 0000',
          location: 'London',
          source: 'referral',
          links: ['https://ada.example.com', 'https://github.com/ada'],
          resume_text: 'Analytical engine\nnotes',
          consent_status: 'pending',
          active: true,
          stage: 'applied',
          expected_salary_amount: '15000050',
          expected_salary_currency: 'USD',
          expected_salary_pay_basis: 'base',
          from_stage: null,
          to_stage: 'applied',
          actor_id: recruiter.id,
        },
        expect.objectContaining({
          full_name: 'Grace Hopper',
          phone: null,
          links: [],
          expected_salary_amount: null,
          expected_salary_currency: null,
          expected_salary_pay_basis: null,
        }),
        expect.objectContaining({
          full_name: 'Lee, Yuna',
          expected_salary_amount: '90000000',
          expected_salary_currency: 'KRW',
          expected_salary_pay_basis: 'total',
        }),
      ]);

      // Ids are made while the rows are received (migration StagedIds): version 7, carrying a
      // millisecond within the job's run, one distinct id per person and per application.
      const ids = await sql<{ candidate_id: string; application_id: string }>(
        t,
        'SELECT candidate_id, id AS application_id FROM applications WHERE requisition_id = $1',
        [req],
      );
      const all = ids.flatMap((row) => [row.candidate_id, row.application_id]);
      expect(new Set(all).size).toBe(6);
      const started = Date.parse(body.startedAt as string);
      const finished = Date.parse(body.finishedAt as string);
      for (const id of all) {
        expect(id[14]).toBe('7');
        // the app's clock against the database's: a second of slack either way
        expect(uuidv7Time(id)).toBeGreaterThanOrEqual(started - 1000);
        expect(uuidv7Time(id)).toBeLessThanOrEqual(finished + 1000);
      }

      const events = await sql<{ actor_id: string; subject_id: string; details: unknown }>(
        t,
        `SELECT actor_id, subject_id, details FROM audit_events WHERE action = 'intake.completed' AND subject_id = $1`,
        [body.id],
      );
      expect(events).toEqual([
        {
          actor_id: recruiter.id,
          subject_id: body.id,
          details: { total: 3, accepted: 3, created: 3, attached: 3, duplicate: 0, rejected: 0 },
        },
      ]);
      const staging = await sql(t, 'SELECT 1 FROM intake_staging WHERE job_id = $1', [body.id]);
      expect(staging).toEqual([]);
    });

    it('accepts columns in any order and any case, a BOM, CRLF line ends and blank lines', async () => {
      const req = await requisition('on_hold');
      const file = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('EMAIL,Full_Name\r\n\r\nzoe@example.com,Zoë Ünal\r\n,\r\n'),
      ]);
      const body = job(await uploadFile(asAdmin, req, file).expect(201));
      expect(body.rows).toMatchObject({ total: 1, accepted: 1, created: 1, rejected: 0 });
      const [row] = await sql<{ full_name: string }>(
        t,
        `SELECT full_name FROM candidates WHERE email = 'zoe@example.com'`,
      );
      expect(row?.full_name).toBe('Zoë Ünal');
    });

    it('completes a file with a header and no rows', async () => {
      const body = job(
        await uploadFile(asRecruiter, await requisition(), csvFile(HEADER)).expect(201),
      );
      expect(body).toMatchObject({ status: 'completed', rows: { total: 0, done: 0 } });
    });
  });

  describe('bad rows are rejected one by one, never blocking good ones', () => {
    it('reports line, field and reason, without echoing the values', async () => {
      const req = await requisition();
      const longName = 'N'.repeat(10_000);
      const file = Buffer.concat([
        csvFile(
          HEADER,
          personRow(1), // line 2
          ',nobody@example.com,,,,,,,,', // 3: no name
          'No Email,,,,,,,,,', // 4
          'Bad Email,not-an-email,,,,,,,,', // 5
          'Money,money@example.com,,,,,,100,XYZ,base', // 6: unknown currency
          `${longName},long@example.com,,,,,,,,`, // 7: 10 kB name
        ),
        Buffer.from('Caf'),
        Buffer.from([0xe9]), // 8: latin-1 byte, not UTF-8
        Buffer.from(',cafe@example.com,,,,,,,,\n'),
        csvFile(
          'Cents,cents@example.com,,,,,,1.234,USD,base', // 9: 3 decimals for USD
          'Basis,basis@example.com,,,,,,1000,USD,hourly', // 10
          'Half,half@example.com,,,,,,1000,,', // 11: salary without currency and basis
          'Phone,phone@example.com,call me,,,,,,,', // 12
          'Links,links@example.com,,,,ftp://x.example.com,,,,', // 13
          'Ctrl\u0007Char,ctrl@example.com,,,,,,,,', // 14
          'Too,few,fields', // 15
          'Negative,neg@example.com,,,,,,-5,USD,base', // 16
          'Orphan,orphan@example.com,,,,,,,USD,', // 17: currency without salary
          personRow(2), // 18
        ),
      ]);
      const body = job(await uploadFile(asRecruiter, req, file).expect(201));
      expect(body.rows).toEqual({
        total: 17,
        done: 17,
        accepted: 2,
        created: 2,
        attached: 2,
        duplicate: 0,
        rejected: 15,
      });
      const report = await rejections(asRecruiter, body);
      expect(report[0]).toEqual(['line', 'field', 'outcome', 'reason']);
      expect(report.slice(1)).toEqual([
        ['3', 'full_name', 'rejected', 'required'],
        ['4', 'email', 'rejected', 'required'],
        ['5', 'email', 'rejected', 'not a valid email address'],
        ['6', 'expected_currency', 'rejected', 'not a supported ISO 4217 currency code (e.g. USD)'],
        ['7', 'full_name', 'rejected', 'longer than 200 characters'],
        ['8', 'full_name', 'rejected', 'not valid UTF-8'],
        ['9', 'expected_salary', 'rejected', 'more than 2 decimal places for USD'],
        ['10', 'expected_pay_basis', 'rejected', 'must be base or total'],
        ['11', 'expected_currency', 'rejected', 'required with expected_salary'],
        ['11', 'expected_pay_basis', 'rejected', 'required with expected_salary (base or total)'],
        ['12', 'phone', 'rejected', 'not a valid phone number'],
        ['13', 'links', 'rejected', 'link 1 is not an http(s) URL of at most 500 characters'],
        ['14', 'full_name', 'rejected', 'contains control characters'],
        ['15', '(row)', 'rejected', 'has 3 fields; the header has 10'],
        ['16', 'expected_salary', 'rejected', 'must not be negative'],
        ['17', 'expected_currency', 'rejected', 'given without expected_salary'],
      ]);
      const report2 = report.flat().join('|');
      for (const secret of [
        'not-an-email',
        'XYZ',
        'NNNNNNNNNN',
        'hourly',
        'call me',
        'ftp://',
        'nobody@',
      ]) {
        expect(report2).not.toContain(secret);
      }
      const stored = await sql<{ email: string }>(
        t,
        `SELECT c.email FROM candidates c JOIN applications a ON a.candidate_id = c.id WHERE a.requisition_id = $1 ORDER BY 1`,
        [req],
      );
      expect(stored.map((r) => r.email)).toEqual(['person1@example.com', 'person2@example.com']);
      const longStored = await sql(t, 'SELECT 1 FROM candidates WHERE length(full_name) > 200');
      expect(longStored).toEqual([]);
    });

    it('rejects an unreadable record by its line and keeps reading', async () => {
      const req = await requisition();
      const file = csvFile(
        'full_name,email',
        'Good One,one@example.com',
        'Bad "quote,bad@example.com',
        '"Multi',
        'line",multi@example.com',
        'Good Two,two@example.com',
      );
      const body = job(await uploadFile(asRecruiter, req, file).expect(201));
      expect(body.rows).toMatchObject({ total: 4, accepted: 2, rejected: 2 });
      expect((await rejections(asRecruiter, body)).slice(1)).toEqual([
        [
          '3',
          '(row)',
          'rejected',
          'a quote inside an unquoted value (quote the whole value and double inner quotes)',
        ],
        // A record over two lines is reported at the line where it starts; names are one line.
        ['4', 'full_name', 'rejected', 'contains control characters'],
      ]);
      const stored = await sql<{ email: string }>(
        t,
        `SELECT c.email FROM candidates c JOIN applications a ON a.candidate_id = c.id WHERE a.requisition_id = $1 ORDER BY 1`,
        [req],
      );
      expect(stored.map((r) => r.email)).toEqual(['one@example.com', 'two@example.com']);
    });
  });

  describe('files that cannot be taken', () => {
    it.each<[string, Buffer, RegExp]>([
      ['an unknown column', csvFile('full_name,email,salary', 'A,a@example.com,1'), /header/],
      ['a missing required column', csvFile('full_name,phone', 'A,123456'), /header/],
      ['a repeated column', csvFile('email,full_name,Email', 'a@x.io,A,a@x.io'), /header/],
      ['an empty file', Buffer.alloc(0), /empty/],
      ['a UTF-16 file', Buffer.from('\ufefffull_name,email\n', 'utf16le'), /UTF-16/],
      ['a header that is not UTF-8', Buffer.from([0x66, 0xff, 0x0a]), /header/],
    ])('%s -> 400 INTAKE_FILE_INVALID', async (_name, file, message) => {
      const req = await requisition();
      const res = await uploadFile(asRecruiter, req, file).expect(400);
      expect(error(res)).toMatchObject({ code: 'INTAKE_FILE_INVALID' });
      expect(error(res).message).toMatch(message);
    });

    it('names the unknown columns in the details', async () => {
      const res = await uploadFile(
        asRecruiter,
        await requisition(),
        csvFile('full_name,email,salary', 'A,a@example.com,1'),
      ).expect(400);
      expect(error(res).details).toEqual([
        { field: 'column 3', messages: [expect.stringContaining('unknown column "salary"')] },
      ]);
    });

    it('refuses a request without a file field named "file"', async () => {
      const req = await requisition();
      const other = await asRecruiter
        .post(`/api/requisitions/${req}/intake`)
        .attach('upload', csvFile(HEADER), 'candidates.csv')
        .expect(400);
      expect(error(other).code).toBe('INTAKE_FILE_INVALID');
      const json = await asRecruiter
        .post(`/api/requisitions/${req}/intake`)
        .send({ file: 'full_name,email' })
        .expect(400);
      expect(error(json).code).toBe('INTAKE_FILE_INVALID');
    });

    it('a file over the size limit -> 413 INTAKE_FILE_TOO_LARGE, and the job is failed and cleaned up', async () => {
      const settings = t.app.get(IntakeSettings);
      const limit = settings.fileLimitBytes;
      settings.fileLimitBytes = 64 * 1024;
      try {
        const req = await requisition();
        const rows = Array.from({ length: 2000 }, (_, i) => personRow(i, 'big.example.com'));
        const res = await uploadFile(asRecruiter, req, csvFile(HEADER, ...rows)).expect(413);
        expect(error(res).code).toBe('INTAKE_FILE_TOO_LARGE');
        const jobs = await sql<{ id: string; status: string; error: string }>(
          t,
          'SELECT id, status, error FROM intake_jobs WHERE requisition_id = $1',
          [req],
        );
        expect(jobs).toEqual([
          { id: expect.any(String), status: 'failed', error: expect.stringMatching(/larger/) },
        ]);
        expect(
          await sql(t, 'SELECT 1 FROM intake_staging WHERE job_id = $1', [jobs[0]!.id]),
        ).toEqual([]);
        expect(await sql(t, 'SELECT 1 FROM applications WHERE requisition_id = $1', [req])).toEqual(
          [],
        );
        const failed = await sql(
          t,
          `SELECT 1 FROM audit_events WHERE action = 'intake.failed' AND subject_id = $1`,
          [jobs[0]!.id],
        );
        expect(failed).toHaveLength(1);
      } finally {
        settings.fileLimitBytes = limit;
      }
    });
  });

  describe('duplicates', () => {
    it('within the file, the first row with an email (any case, any spaces) wins', async () => {
      const req = await requisition();
      const body = job(
        await uploadFile(
          asRecruiter,
          req,
          csvFile(
            'full_name,email',
            'First Sam,sam@example.com', // 2
            'Second Sam,SAM@Example.COM', // 3
            'Bad Sam,sam@', // 4: rejected, claims nothing
            'Third Sam," sam@example.com "', // 5
            'Kim,kim@example.com', // 6
          ),
        ).expect(201),
      );
      expect(body.rows).toMatchObject({
        total: 5,
        accepted: 2,
        created: 2,
        attached: 2,
        duplicate: 2,
        rejected: 1,
      });
      expect((await rejections(asRecruiter, body)).slice(1)).toEqual([
        ['3', 'email', 'duplicate', 'same email as line 2 (the first row wins)'],
        ['4', 'email', 'rejected', 'not a valid email address'],
        ['5', 'email', 'duplicate', 'same email as line 2 (the first row wins)'],
      ]);
      const [sam] = await sql<{ full_name: string; email: string }>(
        t,
        `SELECT full_name, email FROM candidates WHERE email_normalized = 'sam@example.com'`,
      );
      expect(sam).toEqual({ full_name: 'First Sam', email: 'sam@example.com' });
    });

    it('against existing candidates, by email in any case: attached, not created, not changed', async () => {
      const [existing] = await sql<{ id: string }>(
        t,
        `INSERT INTO candidates (full_name, email, phone) VALUES ('Known Person', 'Known.Person@Example.com', NULL) RETURNING id`,
      );
      const before = await sql<{ n: string }>(t, 'SELECT count(*) AS n FROM candidates');
      const req = await requisition();
      const body = job(
        await uploadFile(
          asRecruiter,
          req,
          csvFile(
            'full_name,email,phone',
            'Someone Else,known.person@example.COM,+1 555 0100',
            'New Person,new.person@example.com,',
          ),
        ).expect(201),
      );
      expect(body.rows).toMatchObject({ accepted: 2, created: 1, attached: 2, duplicate: 0 });
      const after = await sql<{ n: string }>(t, 'SELECT count(*) AS n FROM candidates');
      expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
      const [known] = await sql<{
        full_name: string;
        email: string;
        phone: string;
        recent: boolean;
      }>(
        t,
        `SELECT full_name, email, phone, last_activity_at > now() - interval '1 minute' AS recent FROM candidates WHERE id = $1`,
        [existing!.id],
      );
      // The record on file stays as it was (as with the candidates API); only its activity time moves.
      expect(known).toEqual({
        full_name: 'Known Person',
        email: 'Known.Person@Example.com',
        phone: null,
        recent: true,
      });
      const apps = await sql(
        t,
        'SELECT 1 FROM applications WHERE candidate_id = $1 AND requisition_id = $2',
        [existing!.id, req],
      );
      expect(apps).toHaveLength(1);
    });

    it('a person already on the requisition is counted as accepted but not attached again', async () => {
      const req = await requisition();
      await uploadFile(asRecruiter, req, csvFile('full_name,email', 'Pat,pat@example.com')).expect(
        201,
      );
      const body = job(
        await uploadFile(
          asRecruiter,
          req,
          csvFile('email,full_name', 'PAT@example.com,Pat', 'quinn@example.com,Quinn'),
        ).expect(201),
      );
      expect(body.rows).toMatchObject({ accepted: 2, created: 1, attached: 1 });
      expect(body.sameFileAs).toBeNull();
      const history = await sql<{ n: string }>(
        t,
        `SELECT count(*) AS n FROM application_stage_history h JOIN applications a ON a.id = h.application_id WHERE a.requisition_id = $1`,
        [req],
      );
      expect(Number(history[0]!.n)).toBe(2);
    });
  });

  describe('formula-like values', () => {
    it('are stored as given and neutralised on export; the export can be uploaded again', async () => {
      const req = await requisition();
      const file = csvFile(
        'full_name,email,location,source,phone',
        '"=HYPERLINK(""http://evil.example.com"")",formula@example.com,+cmd|calc,@SUM(A1),+1 555 0199',
        '-Minus Sign,minus@example.com,"Berlin, DE",plain,',
      );
      const body = job(await uploadFile(asRecruiter, req, file).expect(201));
      expect(body.rows).toMatchObject({ accepted: 2, rejected: 0 });
      const [stored] = await sql<Record<string, string>>(
        t,
        `SELECT full_name, location, source, phone FROM candidates WHERE email = 'formula@example.com'`,
      );
      expect(stored).toEqual({
        full_name: '=HYPERLINK("http://evil.example.com")',
        location: '+cmd|calc',
        source: '@SUM(A1)',
        phone: '+1 555 0199',
      });

      const exported = await asRecruiter.get(`/api/requisitions/${req}/candidates.csv`).expect(200);
      expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(exported.headers['cache-control']).toBe('no-store');
      const rows = parseCsv(exported.text);
      expect(rows[0]).toEqual([
        'full_name',
        'email',
        'phone',
        'location',
        'source',
        'links',
        'expected_salary',
        'expected_currency',
        'expected_pay_basis',
      ]);
      // One batch shares a timestamp: order within it is by application id, so sort by email.
      const byEmail = (a: string[], b: string[]) => a[1]!.localeCompare(b[1]!);
      expect(rows.slice(1).sort(byEmail)).toEqual([
        [
          `'=HYPERLINK("http://evil.example.com")`,
          'formula@example.com',
          "'+1 555 0199",
          "'+cmd|calc",
          "'@SUM(A1)",
          '',
          '',
          '',
          '',
        ],
        ["'-Minus Sign", 'minus@example.com', '', 'Berlin, DE', 'plain', '', '', '', ''],
      ]);
      // No cell of the export starts with a formula trigger.
      for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

      // Round trip: the export is a valid intake file for another requisition.
      const other = await requisition();
      const again = job(
        await uploadFile(asRecruiter, other, Buffer.from(exported.text)).expect(201),
      );
      expect(again.rows).toMatchObject({
        total: 2,
        accepted: 2,
        created: 0,
        attached: 2,
        rejected: 0,
      });
    });

    it('exports salaries in major units, links space-separated, and hides erased people', async () => {
      const req = await requisition();
      await uploadFile(
        asRecruiter,
        req,
        csvFile(
          'full_name,email,links,expected_salary,expected_currency,expected_pay_basis',
          'Rich,rich@example.com,https://a.example.com https://b.example.com,"1,234,567.5",USD,total',
          'Erased,erased@example.com,,,,',
        ),
      ).expect(201);
      await sql(
        t,
        `UPDATE candidates SET full_name = NULL, email = NULL, anonymised_at = now() WHERE email = 'erased@example.com'`,
      );
      const rows = parseCsv(
        (await asAdmin.get(`/api/requisitions/${req}/candidates.csv`).expect(200)).text,
      );
      expect(rows.slice(1)).toEqual([
        [
          'Rich',
          'rich@example.com',
          '',
          '',
          '',
          'https://a.example.com https://b.example.com',
          '1234567.50',
          'USD',
          'total',
        ],
      ]);
    });
  });

  describe('uploading the same file again', () => {
    it('creates nothing and says which earlier job had it', async () => {
      const req = await requisition();
      const file = csvFile(HEADER, personRow(10), personRow(11), 'Bad,bad,,,,,,,,', personRow(10));
      const first = job(await uploadFile(asRecruiter, req, file).expect(201));
      expect(first.rows).toMatchObject({
        total: 4,
        accepted: 2,
        created: 2,
        attached: 2,
        duplicate: 1,
        rejected: 1,
      });
      const counts = async () =>
        (
          await sql<{ c: string; a: string; h: string }>(
            t,
            `SELECT (SELECT count(*) FROM candidates) AS c, (SELECT count(*) FROM applications) AS a,
                    (SELECT count(*) FROM application_stage_history) AS h`,
          )
        )[0];
      const before = await counts();
      const second = job(await uploadFile(asAdmin, req, file).expect(201));
      expect(second.id).not.toBe(first.id);
      expect(second).toMatchObject({
        status: 'completed',
        sameFileAs: first.id,
        fileSha256: first.fileSha256,
        rows: {
          total: 4,
          done: 4,
          accepted: 2,
          created: 0,
          attached: 0,
          duplicate: 1,
          rejected: 1,
        },
      });
      expect(await counts()).toEqual(before);
      // Its own report is complete too.
      expect((await rejections(asAdmin, second)).length).toBe(3);

      // The same bytes into another requisition are a different import.
      const other = await requisition();
      const third = job(await uploadFile(asRecruiter, other, file).expect(201));
      expect(third).toMatchObject({ sameFileAs: null, rows: { created: 0, attached: 2 } });
    });
  });

  describe('the job resource', () => {
    it('is listed per requisition, newest first, and read by id', async () => {
      const req = await requisition();
      const a = job(
        await uploadFile(asRecruiter, req, csvFile('full_name,email', 'A,a1@example.com')).expect(
          201,
        ),
      );
      const b = job(
        await uploadFile(asRecruiter, req, csvFile('full_name,email', 'B,b1@example.com')).expect(
          201,
        ),
      );
      const page1 = await asRecruiter
        .get(`/api/requisitions/${req}/intake-jobs?limit=1`)
        .expect(200);
      expect((page1.body as { items: JobBody[] }).items.map((j) => j.id)).toEqual([b.id]);
      const cursor = (page1.body as { nextCursor: string }).nextCursor;
      const page2 = await asRecruiter
        .get(`/api/requisitions/${req}/intake-jobs?limit=1&cursor=${cursor}`)
        .expect(200);
      expect(page2.body).toEqual({
        items: [expect.objectContaining({ id: a.id })],
        nextCursor: null,
      });
      const one = await asAdmin.get(`/api/intake-jobs/${a.id}`).expect(200);
      expect(one.body).toEqual(a);
      expect(Object.keys(one.body as object).sort()).toEqual(
        [
          'createdAt',
          'createdBy',
          'error',
          'fileBytes',
          'fileSha256',
          'finishedAt',
          'id',
          'rejectionsUrl',
          'requisitionId',
          'rows',
          'sameFileAs',
          'stagedAt',
          'startedAt',
          'status',
        ].sort(),
      );
    });

    it('uploads beyond the concurrency limit wait their turn, then run', async () => {
      const settings = t.app.get(IntakeSettings);
      settings.concurrentJobs = 1;
      try {
        const req = await requisition();
        const files = [0, 1, 2].map((n) =>
          csvFile(
            HEADER,
            ...Array.from({ length: 300 }, (_, i) => personRow(n * 1000 + i, 'queue.example.com')),
          ),
        );
        const done = await Promise.all(
          files.map((file) => uploadFile(asRecruiter, req, file).expect(201)),
        );
        expect(done.map((res) => job(res).rows.created)).toEqual([300, 300, 300]);
        const [jobs] = await sql<{ overlapping: string }>(
          t,
          `SELECT count(*) AS overlapping FROM intake_jobs a JOIN intake_jobs b ON a.id < b.id
           WHERE a.requisition_id = $1 AND b.requisition_id = $1
             AND a.started_at < b.finished_at AND b.started_at < a.finished_at`,
          [req],
        );
        expect(Number(jobs!.overlapping)).toBe(0);
      } finally {
        settings.concurrentJobs = 2;
      }
    });

    it('unknown ids -> 404, malformed ids -> 400', async () => {
      expect(
        error(await asRecruiter.get(`/api/intake-jobs/${randomUUID()}`).expect(404)).code,
      ).toBe('INTAKE_JOB_NOT_FOUND');
      expect(
        error(await asRecruiter.get(`/api/intake-jobs/${randomUUID()}/rejections.csv`).expect(404))
          .code,
      ).toBe('INTAKE_JOB_NOT_FOUND');
      expect(error(await asRecruiter.get('/api/intake-jobs/nope').expect(400)).code).toBe(
        'INVALID_ID',
      );
      expect(
        error(await asRecruiter.get(`/api/requisitions/${randomUUID()}/intake-jobs`).expect(404))
          .code,
      ).toBe('REQUISITION_NOT_FOUND');
    });
  });

  describe('which requisitions take candidates', () => {
    it('unknown -> 404 REQUISITION_NOT_FOUND; draft or closed -> 409 REQUISITION_NOT_ACCEPTING', async () => {
      const file = csvFile('full_name,email', 'A,a@example.com');
      const missing = await uploadFile(asRecruiter, randomUUID(), file).expect(404);
      expect(error(missing).code).toBe('REQUISITION_NOT_FOUND');
      for (const status of ['draft', 'closed'] as const) {
        const res = await uploadFile(asRecruiter, await requisition(status), file).expect(409);
        expect(error(res).code).toBe('REQUISITION_NOT_ACCEPTING');
      }
      expect(error(await uploadFile(asRecruiter, 'not-a-uuid', file).expect(400)).code).toBe(
        'INVALID_ID',
      );
      // A large file refused before it is read still gets its answer (the body is drained).
      const big = csvFile(HEADER, ...Array.from({ length: 20_000 }, (_, i) => personRow(i)));
      const refused = await uploadFile(asRecruiter, await requisition('closed'), big).expect(409);
      expect(error(refused).code).toBe('REQUISITION_NOT_ACCEPTING');
    });
  });

  describe('OpenAPI', () => {
    it('documents the multipart body, the job and the CSV downloads', async () => {
      const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, Record<string, unknown>>>;
      };
      const upload = doc.paths['/api/requisitions/{id}/intake']!.post!;
      expect(upload.requestBody).toMatchObject({
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', format: 'binary' } },
            },
          },
        },
      });
      expect(Object.keys(upload.responses as object).sort()).toEqual([
        '201',
        '400',
        '401',
        '403',
        '404',
        '409',
        '413',
      ]);
      for (const path of [
        '/api/intake-jobs/{id}/rejections.csv',
        '/api/requisitions/{id}/candidates.csv',
      ]) {
        expect(doc.paths[path]!.get!.responses).toMatchObject({
          200: { content: { 'text/csv': expect.anything() } },
        });
      }
    });
  });

  describe('access', () => {
    it('hiring managers cannot upload or read jobs (403); anonymous callers get 401', async () => {
      const req = await requisition('open', [manager.id]);
      const file = csvFile('full_name,email', 'A,access@example.com');
      expect(error(await uploadFile(asManager, req, file).expect(403)).code).toBe('FORBIDDEN');
      const done = job(await uploadFile(asRecruiter, req, file).expect(201));
      expect(error(await asManager.get(`/api/intake-jobs/${done.id}`).expect(403)).code).toBe(
        'FORBIDDEN',
      );
      expect(error(await asManager.get(done.rejectionsUrl).expect(403)).code).toBe('FORBIDDEN');
      expect(
        error(await asManager.get(`/api/requisitions/${req}/intake-jobs`).expect(403)).code,
      ).toBe('FORBIDDEN');

      expect(
        error(
          await t.http
            .post(`/api/requisitions/${req}/intake`)
            .attach('file', file, 'c.csv')
            .expect(401),
        ).code,
      ).toBe('UNAUTHENTICATED');
      expect(error(await t.http.get(`/api/intake-jobs/${done.id}`).expect(401)).code).toBe(
        'UNAUTHENTICATED',
      );
      expect(
        error(await t.http.get(`/api/requisitions/${req}/candidates.csv`).expect(401)).code,
      ).toBe('UNAUTHENTICATED');
    });

    it('a cookie upload from another origin is refused (CSRF)', async () => {
      const req = await requisition();
      const res = await t.http
        .post(`/api/requisitions/${req}/intake`)
        .set('Cookie', asRecruiter.cookie)
        .set('Origin', 'https://evil.example.com')
        .attach('file', csvFile('full_name,email', 'A,csrf@example.com'), 'c.csv')
        .expect(403);
      expect(error(res).code).toBe('CSRF_REJECTED');
    });

    it('hiring managers cannot export candidates, not even of their own requisitions', async () => {
      const mine = await requisition('open', [manager.id]);
      const res = await asManager.get(`/api/requisitions/${mine}/candidates.csv`).expect(403);
      expect(error(res).code).toBe('FORBIDDEN');
      const exported = await sql(
        t,
        `SELECT 1 FROM audit_events WHERE action = 'requisition.candidates_exported' AND subject_id = $1`,
        [mine],
      );
      expect(exported).toHaveLength(0);
    });

    it('a recruiter export is audited', async () => {
      const req = await requisition('open');
      await asRecruiter.get(`/api/requisitions/${req}/candidates.csv`).expect(200);
      const exported = await sql(
        t,
        `SELECT 1 FROM audit_events WHERE action = 'requisition.candidates_exported' AND subject_id = $1`,
        [req],
      );
      expect(exported).toHaveLength(1);
    });
  });
});
