import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream';
import type { PoolClient } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page, toPage } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { JsonLogger } from '../common/logging/json-logger';
import { uuidv7 } from '../common/uuidv7';
import { Transactions } from '../database/transactions';
import {
  CsvFileError,
  CsvRecord,
  CsvRecordStream,
  FileDigest,
  MalformedRecord,
} from './csv-records';
import { IntakeJob } from './intake-job.entity';
import { JobSlots } from './job-slots';
import { LatestWrite } from './latest-write';
import { IntakeColumn, readHeader, validateRow } from './intake-row';
import { IntakeSettings } from './intake-settings';
import {
  ACCEPTING_STATUSES,
  acceptedLine,
  analyzeStaging,
  mergeBatch,
  rejectedLine,
  settleStaging,
  stagedRanges,
  StagingWriter,
  tryLockJob,
  unlockJob,
} from './intake-store';

/** How often an instance looks for jobs whose worker died (another instance's, or its own before a restart). */
const RECOVERY_INTERVAL_MS = 5 * 60 * 1000;

interface Worker {
  runner: QueryRunner;
  job: IntakeJob;
}

/**
 * Bulk CSV intake. An upload is streamed end to end: multipart file -> SHA-256 -> CSV parser ->
 * row validation -> COPY into staging, then merged in batches, each batch one transaction with
 * the job's counters. The request answers when the job is done; meanwhile the job is readable
 * from any instance. A worker holds an advisory lock on its job for as long as it works on it,
 * so a job whose worker died is recognised (lock free, job unfinished) and resumed from its last
 * committed batch, or failed if its file had not been received in full.
 */
@Injectable()
export class IntakeService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private recovery: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly slots = new JobSlots(() => this.settings.concurrentJobs);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly audit: AuditService,
    private readonly settings: IntakeSettings,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduleRecovery();
    this.timer = setInterval(() => this.scheduleRecovery(), RECOVERY_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.recovery;
  }

  async get(id: string): Promise<IntakeJob> {
    const job = await this.db.manager.findOneBy(IntakeJob, { id });
    if (!job) throw new AppError('INTAKE_JOB_NOT_FOUND', 'No such intake job');
    return job;
  }

  /** A requisition's jobs, newest first. */
  async list(requisitionId: string, limit: number, cursor?: string): Promise<Page<IntakeJob>> {
    await this.requisitionStatus(requisitionId);
    const qb = this.db.manager
      .createQueryBuilder(IntakeJob, 'j')
      .where('j.requisition_id = :requisitionId', { requisitionId })
      .orderBy('j.created_at', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .limit(limit + 1);
    if (cursor) {
      const { createdAt, id } = decodeTimeIdCursor(cursor);
      qb.andWhere('(j.created_at, j.id) < (:createdAt, :id)', { createdAt, id });
    }
    const rows = await qb.getMany();
    return toPage(
      rows,
      limit,
      (job) => encodeTimeIdCursor(job.createdAt, job.id),
      (job) => job,
    );
  }

  /** Streams the uploaded CSV into a new job and answers when it has completed (or failed). */
  async upload(caller: Caller, requisitionId: string, request: FastifyRequest): Promise<IntakeJob> {
    const part = await this.filePart(requisitionId, request).catch((error: unknown) => {
      request.raw.resume(); // drain the unread body, so the client gets the answer
      throw error;
    });
    return this.receive(caller, requisitionId, part, request);
  }

  private async filePart(requisitionId: string, request: FastifyRequest): Promise<MultipartFile> {
    const status = await this.requisitionStatus(requisitionId);
    if (!ACCEPTING_STATUSES.includes(status)) {
      throw new AppError(
        'REQUISITION_NOT_ACCEPTING',
        `The requisition is ${status}; candidates can be added while it is open or on hold`,
      );
    }
    if (!request.isMultipart()) {
      throw new AppError(
        'INTAKE_FILE_INVALID',
        'Send the CSV as multipart/form-data with one file field named "file"',
      );
    }
    const part = await request
      .file({ limits: { fileSize: this.settings.fileLimitBytes } })
      .catch((error: unknown) => {
        throw multipartError(error);
      });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw new AppError('INTAKE_FILE_INVALID', 'The form has no file field named "file"');
    }
    return part;
  }

  private async receive(
    caller: Caller,
    requisitionId: string,
    part: MultipartFile,
    request: FastifyRequest,
  ): Promise<IntakeJob> {
    const digest = new FileDigest();
    const parser = new CsvRecordStream(this.settings.maxRecordBytes);
    part.file.once('limit', () =>
      parser.destroy(
        new AppError(
          'INTAKE_FILE_TOO_LARGE',
          `The file is larger than ${this.settings.fileLimitBytes} bytes`,
        ),
      ),
    );
    pipeline(part.file, digest, parser, () => undefined); // errors surface through the parser
    const batches = parser[Symbol.asyncIterator]() as AsyncIterator<CsvRecord[]>;

    const runner = this.dataSource.createQueryRunner();
    let job: IntakeJob | undefined;
    let locked = false;
    let release: () => void = () => undefined;
    try {
      const first = await batches.next().catch((error: unknown) => {
        throw fileError(error);
      });
      if (first.done)
        throw new AppError('INTAKE_FILE_INVALID', 'The file is empty: a header row is required');
      const [headerRecord, ...firstRecords] = first.value as [CsvRecord, ...CsvRecord[]];
      const header = readHeader(headerRecord.cells);
      if (!header.ok) {
        throw new AppError(
          'INTAKE_FILE_INVALID',
          'The header row is not valid',
          header.problems.map((p) => ({
            field: p.field,
            messages: [p.reason],
          })),
        );
      }
      release = await this.slots.acquire();
      const client = (await runner.connect()) as PoolClient;
      const id = randomUUID();
      locked = await tryLockJob(runner, id);
      await runner.query(
        'INSERT INTO intake_jobs (id, requisition_id, created_by) VALUES ($1, $2, $3)',
        [id, requisitionId, caller.userId],
      );
      await runner.query(
        `UPDATE intake_jobs SET status = 'running', started_at = greatest(now(), created_at) WHERE id = $1`,
        [id],
      );
      job = await runner.manager.findOneByOrFail(IntakeJob, { id });
      await this.stage(runner, client, job, header.columns, firstRecords, batches, parser, digest);
      return await this.finish({ runner, job }, caller);
    } catch (error) {
      // Stop reading, and let the rest of the body drain so the client receives the answer.
      parser.destroy();
      request.raw.resume();
      const mapped = fileError(error);
      if (job) await this.fail(job, mapped, caller);
      throw mapped;
    } finally {
      if (locked && job) await unlockJob(runner, job.id).catch(() => undefined);
      await runner.release();
      release();
    }
  }

  /** Reads every record, validates it and COPYs it into staging, reporting progress as it goes. */
  private async stage(
    runner: QueryRunner,
    client: PoolClient,
    job: IntakeJob,
    columns: IntakeColumn[],
    firstRecords: CsvRecord[],
    batches: AsyncIterator<CsvRecord[]>,
    parser: CsvRecordStream,
    digest: FileDigest,
  ): Promise<void> {
    const writer = new StagingWriter(client, this.settings.stageCopyMaxMs);
    // Progress goes out through the pool while the job's own connection is busy with the COPY,
    // and the reader never waits for it.
    const progress = new LatestWrite<[number, number, number]>(
      ([rows, rejectedRows, bytes]) =>
        this.dataSource.query(
          'UPDATE intake_jobs SET rows_total = $2, rows_rejected = $3, file_bytes = $4 WHERE id = $1',
          [job.id, rows, rejectedRows, bytes],
        ),
      (error) =>
        this.logger.event('warn', 'intake progress not recorded', {
          jobId: job.id,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
    let total = 0;
    let rejected = 0;
    const counted = () => {
      total++;
      if (total % this.settings.progressEveryRows === 0) {
        progress.offer([total, rejected, digest.bytes]);
      }
    };
    const malformed = async (items: MalformedRecord[]) => {
      for (const item of items) {
        rejected++;
        counted();
        await writer.write(
          rejectedLine(job.id, item.line, [{ field: '(row)', reason: item.reason }]),
        );
      }
    };
    const take = async (records: CsvRecord[]) => {
      for (const record of records) {
        if (record.malformed.length > 0) await malformed(record.malformed);
        const result = validateRow(columns, record.cells);
        let wait: Promise<void> | undefined;
        if (result.ok) {
          const ids = { candidateId: uuidv7(), applicationId: uuidv7() };
          wait = writer.write(acceptedLine(job.id, record.line, result.row, ids));
        } else {
          rejected++;
          wait = writer.write(rejectedLine(job.id, record.line, result.problems));
        }
        counted();
        if (wait) await wait;
      }
    };
    try {
      await take(firstRecords);
      for (;;) {
        const next = await batches.next();
        if (next.done) break;
        await take(next.value);
      }
      await malformed(parser.trailing());
      await writer.end();
    } catch (error) {
      writer.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    } finally {
      // The counts below are final; no earlier report may land after them.
      await progress.close();
    }
    await analyzeStaging(runner);
    await runner.startTransaction('READ COMMITTED');
    try {
      const { duplicate } = await settleStaging(runner.manager, job.id);
      const same = await runner.manager.query<{ id: string }[]>(
        `SELECT id FROM intake_jobs
         WHERE requisition_id = $1 AND file_sha256 = $2 AND status = 'completed' AND id <> $3
         ORDER BY created_at LIMIT 1`,
        [job.requisitionId, digest.sha256, job.id],
      );
      await runner.query(
        `UPDATE intake_jobs SET staged_at = now(), file_sha256 = $2, file_bytes = $3,
                rows_total = $4::int, rows_rejected = $5::int, rows_duplicate = $6::int,
                rows_accepted = $4::int - $5::int - $6::int, rows_done = $5::int + $6::int,
                same_file_as = $7
         WHERE id = $1`,
        [job.id, digest.sha256, digest.bytes, total, rejected, duplicate, same[0]?.id ?? null],
      );
      if (same.length > 0) {
        // The very same bytes were imported here before: nothing to merge again.
        await runner.query('DELETE FROM intake_staging WHERE job_id = $1', [job.id]);
        await runner.query('UPDATE intake_jobs SET rows_done = rows_total WHERE id = $1', [job.id]);
      }
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Merges the staged rows batch by batch (ranges of lines, taken in order by whichever connection
   * is free), each batch one transaction, on the worker's connection and (mergeWorkers - 1) more
   * side by side; then completes the job. When a batch fails the
   * others stop after their current batch: every committed batch is whole, with its counters.
   */
  private async finish(worker: Worker, actor: Caller | 'system'): Promise<IntakeJob> {
    const { runner, job } = worker;
    const ranges = await stagedRanges(runner.manager, job.id, this.settings.mergeBatchRows);
    const extra = Array.from({ length: Math.max(0, this.settings.mergeWorkers - 1) }, () =>
      this.dataSource.createQueryRunner(),
    );
    const stop = { failed: false };
    const merge = async (merger: QueryRunner): Promise<void> => {
      for (let lines = ranges.shift(); lines && !stop.failed; lines = ranges.shift()) {
        await merger.startTransaction('READ COMMITTED');
        try {
          // A batch need not wait for its WAL flush: after a database crash the staging table is
          // empty anyway (UNLOGGED) and the job is repeated; the final commit below is synchronous
          // and makes every earlier batch durable.
          await merger.query('SET LOCAL synchronous_commit = off');
          await mergeBatch(merger.manager, job, lines);
          await merger.commitTransaction();
        } catch (error) {
          stop.failed = true;
          await merger.rollbackTransaction().catch(() => undefined);
          throw error;
        }
      }
    };
    try {
      const results = await Promise.allSettled([runner, ...extra].map(merge));
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    } finally {
      await Promise.all(extra.map((merger) => merger.release()));
    }
    await runner.startTransaction('READ COMMITTED');
    try {
      const done = await runner.manager.findOneByOrFail(IntakeJob, { id: job.id });
      if (done.rowsDone !== done.rowsTotal) {
        // Staging is UNLOGGED: after a database crash it is empty and the rest is lost.
        throw new IntakeInterrupted(
          'the staged rows were lost (the database restarted); upload the file again: rows already merged are not repeated',
        );
      }
      await runner.query(
        `UPDATE intake_jobs SET status = 'completed', finished_at = now() WHERE id = $1`,
        [job.id],
      );
      await this.audit.record(runner.manager, {
        actor,
        action: 'intake.completed',
        subject: { type: 'intake_job', id: job.id },
        details: counts(done),
      });
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
    return this.get(job.id);
  }

  /** Records the failure (on a fresh connection: the worker's may be the one that broke). */
  private async fail(job: IntakeJob, error: unknown, actor: Caller | 'system'): Promise<void> {
    const reason =
      error instanceof AppError || error instanceof IntakeInterrupted
        ? error.message
        : 'an internal error stopped the import; rows already merged are kept, upload the file again to finish';
    if (!(error instanceof AppError)) {
      this.logger.event('error', 'intake job failed', {
        jobId: job.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    try {
      await this.db.run(async (manager) => {
        await manager.query('DELETE FROM intake_staging WHERE job_id = $1', [job.id]);
        const updated = await manager.query<IntakeJob[]>(
          `UPDATE intake_jobs SET status = 'failed', error = $2, finished_at = now()
           WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
          [job.id, reason.slice(0, 1000)],
        );
        if (updated.length === 0) return;
        const current = await manager.findOneByOrFail(IntakeJob, { id: job.id });
        await this.audit.record(manager, {
          actor,
          action: 'intake.failed',
          subject: { type: 'intake_job', id: job.id },
          details: counts(current),
        });
      });
    } catch (failure) {
      this.logger.event('error', 'could not record an intake job failure; it will be recovered', {
        jobId: job.id,
        error: failure instanceof Error ? failure.message : String(failure),
      });
    }
  }

  private scheduleRecovery(): void {
    this.recovery = this.recovery.then(() =>
      this.recoverInterrupted().catch((error: unknown) =>
        this.logger.event('warn', 'intake recovery failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      ),
    );
  }

  /**
   * Jobs left unfinished by a worker that is gone (its lock is free): resumed from the last
   * committed batch when the file had been staged in full, failed otherwise. Returns how many
   * jobs it took over.
   */
  async recoverInterrupted(): Promise<number> {
    const unfinished = await this.db.manager.query<{ id: string }[]>(
      `SELECT id FROM intake_jobs WHERE status IN ('queued', 'running') ORDER BY created_at`,
    );
    let recovered = 0;
    for (const { id } of unfinished) {
      const runner = this.dataSource.createQueryRunner();
      let locked = false;
      const release = await this.slots.acquire();
      try {
        await runner.connect();
        locked = await tryLockJob(runner, id);
        if (!locked) continue;
        const job = await runner.manager.findOneByOrFail(IntakeJob, { id });
        if (job.status !== 'queued' && job.status !== 'running') continue;
        recovered++;
        this.logger.event('warn', 'resuming an interrupted intake job', { jobId: id });
        if (!job.stagedAt) {
          await this.fail(
            job,
            new IntakeInterrupted(
              'the upload was interrupted before the whole file had been received; upload it again',
            ),
            'system',
          );
          continue;
        }
        await runner.query(`UPDATE intake_jobs SET status = 'running' WHERE id = $1`, [id]);
        try {
          await analyzeStaging(runner);
          await this.finish({ runner, job }, 'system');
        } catch (error) {
          await this.fail(job, error, 'system');
        }
      } finally {
        if (locked) await unlockJob(runner, id).catch(() => undefined);
        await runner.release();
        release();
      }
    }
    return recovered;
  }

  private async requisitionStatus(id: string): Promise<string> {
    const rows = await this.db.manager.query<{ status: string }[]>(
      'SELECT status FROM requisitions WHERE id = $1',
      [id],
    );
    if (rows.length === 0) throw new AppError('REQUISITION_NOT_FOUND', 'No such requisition');
    return rows[0]!.status;
  }
}

class IntakeInterrupted extends Error {
  override name = 'IntakeInterrupted';
}

function counts(job: IntakeJob): Record<string, number> {
  return {
    total: job.rowsTotal,
    accepted: job.rowsAccepted,
    created: job.rowsCreated,
    attached: job.rowsAttached,
    duplicate: job.rowsDuplicate,
    rejected: job.rowsRejected,
  };
}

/** Errors of the file itself become INTAKE_FILE_INVALID; everything else passes through. */
function fileError(error: unknown): unknown {
  if (error instanceof CsvFileError)
    return new AppError('INTAKE_FILE_INVALID', `The file cannot be read as CSV: ${error.message}`);
  const code = (error as { code?: unknown })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('INTAKE_FILE_TOO_LARGE', 'The file is larger than the upload limit');
  }
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    return new AppError('INTAKE_FILE_INVALID', 'The file cannot be read as CSV');
  }
  if (error instanceof Error && /terminated early|premature close|aborted/i.test(error.message)) {
    return new AppError('INTAKE_FILE_INVALID', 'The upload was interrupted before the file ended');
  }
  return error;
}

function multipartError(error: unknown): unknown {
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (status === 413)
    return new AppError('INTAKE_FILE_TOO_LARGE', 'The upload is larger than the limit');
  if (typeof status === 'number' && status < 500) {
    return new AppError('INTAKE_FILE_INVALID', 'The multipart body is not valid');
  }
  return error;
}
