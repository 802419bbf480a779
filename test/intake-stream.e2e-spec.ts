import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { insertRequisition } from './factories/requisitions';
import {
  eventually,
  HEADER,
  JobBody,
  personRow,
  sql,
  streamUpload,
} from './fixtures/intake/intake-helpers';
import { startTestApp, TestApp } from './harness/app';

const ROWS = Number(process.env.SIFT_TEST_INTAKE_ROWS ?? 100_000);
/** Each row carries a résumé of this many bytes, so the file is far larger than what Sift may hold. */
const RESUME =
  'Built retrieval pipelines in Python; fine-tuned transformers; shipped models. '.repeat(6);

/**
 * A large file generated on the fly and sent as a chunked multipart body. The generator stops
 * half way until the job, read by a second request, shows rows already staged: only a server
 * that streams can get there. Memory is sampled throughout and must stay far below the file size.
 */
describe('intake: a large file is streamed end to end', () => {
  let t: TestApp;
  let recruiter: StaffAccount;
  let asRecruiter: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    recruiter = await createStaff(t, ['recruiter']);
    asRecruiter = await signIn(t, recruiter);
  });
  afterAll(() => t.close());

  it(`${ROWS} rows: observable while running, never buffered, all merged`, async () => {
    const req = await insertRequisition(t, { createdBy: recruiter.id });
    let generated = 0;
    let bytes = 0;
    let seenWhileUploading: JobBody | undefined;

    async function latestJob(): Promise<JobBody | undefined> {
      const res = await asRecruiter.get(`/api/requisitions/${req}/intake-jobs?limit=1`).expect(200);
      return (res.body as { items: JobBody[] }).items[0];
    }

    async function* csv(): AsyncGenerator<string> {
      yield `${HEADER}\n`;
      for (let start = 0; start < ROWS; start += 1000) {
        let chunk = '';
        for (let i = start; i < Math.min(start + 1000, ROWS); i++) {
          chunk += `${personRow(i, 'stream.example.com').replace('Python and PyTorch', RESUME)}\n`;
        }
        generated = Math.min(start + 1000, ROWS);
        bytes += Buffer.byteLength(chunk);
        yield chunk;
        if (generated === ROWS / 2) {
          // Half the file has been sent: a second request must already see the job at work.
          seenWhileUploading = await eventually(latestJob, (job) => (job?.rows.total ?? 0) > 0);
        }
      }
    }

    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = used();
    let peak = baseline;
    // Collect garbage before each sample, so the figure is what is held, not what awaits GC.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, used());
    }, 250);
    const began = Date.now();
    let res: { status: number; body: unknown };
    try {
      res = await streamUpload(t, asRecruiter, req, csv());
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - began) / 1000;
    const body = res.body as JobBody;

    expect(res.status).toBe(201);
    expect(seenWhileUploading).toMatchObject({ status: 'running', id: body.id });
    expect(seenWhileUploading!.rows.total).toBeLessThan(ROWS);
    expect(body).toMatchObject({
      status: 'completed',
      rows: {
        total: ROWS,
        done: ROWS,
        accepted: ROWS,
        created: ROWS,
        attached: ROWS,
        duplicate: 0,
        rejected: 0,
      },
    });
    expect(body.fileBytes).toBe(bytes + HEADER.length + 1);
    const [count] = await sql<{ n: string }>(
      t,
      'SELECT count(*) AS n FROM applications WHERE requisition_id = $1',
      [req],
    );
    expect(Number(count!.n)).toBe(ROWS);
    const growth = peak - baseline;
    console.log(
      `${ROWS} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s; peak heap+buffers growth ${(growth / 1e6).toFixed(1)} MB; staged after ${(Date.parse(body.stagedAt!) - Date.parse(body.startedAt!)) / 1000} s, merged in ${(Date.parse(body.finishedAt!) - Date.parse(body.stagedAt!)) / 1000} s`,
    );
    expect(growth).toBeLessThan(Math.min(bytes / 4, 32e6));
    // A limit for a stuck upload, not a speed check: a shared 2-core machine once took 160 s.
  }, 300_000);
});
