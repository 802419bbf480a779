import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ActorType = 'user' | 'candidate_attempt' | 'system' | 'anonymous';

/** Structured facts only: ids, codes, counts. Never passwords, tokens or personal data. */
export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

@Entity({ name: 'audit_events' })
export class AuditEvent {
  // bigint identity: node-postgres returns it as a string, which is how it leaves the API too.
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'timestamptz', name: 'occurred_at', insert: false, update: false })
  occurredAt!: Date;

  @Column('text', { name: 'actor_type' })
  actorType!: ActorType;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text')
  action!: string;

  @Column('text', { name: 'subject_type', nullable: true })
  subjectType!: string | null;

  @Column('text', { name: 'subject_id', nullable: true })
  subjectId!: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;

  @Column('inet', { name: 'client_address', nullable: true })
  clientAddress!: string | null;

  @Column('jsonb')
  details!: AuditDetails;
}
