import { ApiProperty } from '@nestjs/swagger';
import { toIsoTime, toIsoTimeOrNull } from '../../common/dto/time';
import { INTAKE_JOB_STATUSES, IntakeJob, IntakeJobStatus } from '../intake-job.entity';

export class IntakeRowCountsDto {
  @ApiProperty({
    description: 'Data rows read from the file so far (the header not counted)',
    example: 1200,
  })
  total!: number;

  @ApiProperty({
    description: 'Rows fully handled: merged, rejected or found to be duplicates',
    example: 1200,
  })
  done!: number;

  @ApiProperty({
    description: 'Valid rows, each the first in the file with its email',
    example: 1150,
  })
  accepted!: number;

  @ApiProperty({
    description: 'New candidates created (the others already existed, by email)',
    example: 900,
  })
  created!: number;

  @ApiProperty({
    description: 'New applications to the requisition (the others were already on it)',
    example: 1100,
  })
  attached!: number;

  @ApiProperty({
    description: 'Rows whose email (any case) appeared on an earlier row: the first wins',
    example: 10,
  })
  duplicate!: number;

  @ApiProperty({ description: 'Rows refused by validation; see rejections.csv', example: 40 })
  rejected!: number;
}

export class IntakeJobDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  requisitionId!: string;

  @ApiProperty({
    enum: INTAKE_JOB_STATUSES,
    description:
      'queued (accepted, waiting to be processed or resumed), running, completed, failed (see error)',
  })
  status!: IntakeJobStatus;

  @ApiProperty({ type: IntakeRowCountsDto })
  rows!: IntakeRowCountsDto;

  @ApiProperty({ description: 'Bytes of the file received so far', example: 123456 })
  fileBytes!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SHA-256 of the file, once read in full',
  })
  fileSha256!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'An earlier completed job of this requisition with the byte-identical file: nothing was merged again',
  })
  sameFileAs!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the job failed' })
  error!: string | null;

  @ApiProperty({ format: 'uuid', description: 'The staff member who uploaded the file' })
  createdBy!: string;

  @ApiProperty({ example: '2026-11-28T15:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true })
  startedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the whole file had been read and checked',
  })
  stagedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ description: 'Where to download the report of rejected and duplicate rows' })
  rejectionsUrl!: string;

  static from(job: IntakeJob): IntakeJobDto {
    return {
      id: job.id,
      requisitionId: job.requisitionId,
      status: job.status,
      rows: {
        total: job.rowsTotal,
        done: job.rowsDone,
        accepted: job.rowsAccepted,
        created: job.rowsCreated,
        attached: job.rowsAttached,
        duplicate: job.rowsDuplicate,
        rejected: job.rowsRejected,
      },
      fileBytes: job.fileBytes,
      fileSha256: job.fileSha256,
      sameFileAs: job.sameFileAs,
      error: job.error,
      createdBy: job.createdBy,
      createdAt: toIsoTime(job.createdAt),
      startedAt: toIsoTimeOrNull(job.startedAt),
      stagedAt: toIsoTimeOrNull(job.stagedAt),
      finishedAt: toIsoTimeOrNull(job.finishedAt),
      rejectionsUrl: `/api/intake-jobs/${job.id}/rejections.csv`,
    };
  }
}

export class IntakeJobPageDto {
  @ApiProperty({ type: [IntakeJobDto] })
  items!: IntakeJobDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
