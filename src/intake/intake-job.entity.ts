import { Column, Entity, PrimaryColumn } from 'typeorm';

export const INTAKE_JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type IntakeJobStatus = (typeof INTAKE_JOB_STATUSES)[number];

/** One uploaded CSV file and what became of its rows. Written with SQL by IntakeStore; read here. */
@Entity({ name: 'intake_jobs' })
export class IntakeJob {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'requisition_id' })
  requisitionId!: string;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('text')
  status!: IntakeJobStatus;

  // bigint: node-postgres returns it as a string; files are at most a few hundred MB.
  @Column('bigint', { name: 'file_bytes', transformer: { to: String, from: Number } })
  fileBytes!: number;

  @Column('text', { name: 'file_sha256', nullable: true })
  fileSha256!: string | null;

  @Column('uuid', { name: 'same_file_as', nullable: true })
  sameFileAs!: string | null;

  @Column('integer', { name: 'rows_total' })
  rowsTotal!: number;

  @Column('integer', { name: 'rows_done' })
  rowsDone!: number;

  @Column('integer', { name: 'rows_accepted' })
  rowsAccepted!: number;

  @Column('integer', { name: 'rows_created' })
  rowsCreated!: number;

  @Column('integer', { name: 'rows_attached' })
  rowsAttached!: number;

  @Column('integer', { name: 'rows_duplicate' })
  rowsDuplicate!: number;

  @Column('integer', { name: 'rows_rejected' })
  rowsRejected!: number;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'staged_at', nullable: true })
  stagedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
