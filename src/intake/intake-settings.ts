import { Injectable } from '@nestjs/common';

/** Largest CSV file accepted by POST /api/requisitions/:id/intake (distinct from the JSON body limit). */
export const INTAKE_FILE_LIMIT_BYTES = 200 * 1024 * 1024;

/** @fastify/multipart limits for the whole app: intake is the only route that takes files. */
export const MULTIPART_LIMITS = {
  fileSize: INTAKE_FILE_LIMIT_BYTES,
  files: 1,
  fields: 10,
  parts: 20,
  fieldSize: 1024,
  headerPairs: 100,
} as const;

/**
 * Sizes of the intake pipeline. One instance per app; the defaults are the product's settings,
 * and tests shrink them to exercise limits and batch boundaries without huge files.
 */
@Injectable()
export class IntakeSettings {
  /** Uploads larger than this get 413 INTAKE_FILE_TOO_LARGE. */
  fileLimitBytes: number = INTAKE_FILE_LIMIT_BYTES;
  /** One CSV record (a row, quoted line breaks included) larger than this makes the file invalid. */
  maxRecordBytes = 2 * 1024 * 1024;
  /** Rows read between two updates of a job's progress while its file is arriving. */
  progressEveryRows = 5_000;
  /** A COPY into staging is ended and a new one begun once it has been open this long. */
  stageCopyMaxMs = 10_000;
  /** Rows merged into candidates and applications per transaction. */
  mergeBatchRows = 5_000;
  /**
   * Connections merging one job's batches side by side (each batch still one transaction). Two
   * keep both cores of a small machine busy; the pool has ten.
   */
  mergeWorkers = 2;
  /** Intake jobs running at once in one Sift process; further uploads wait (the pool has ten). */
  concurrentJobs = 2;
}
