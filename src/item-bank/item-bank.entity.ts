import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const BANK_STATUSES = ['draft', 'active', 'retired'] as const;
export type BankStatus = (typeof BANK_STATUSES)[number];

/** Exposure counts are bigint in the database; they stay far below 2^53. */
const countColumn = { to: (value: number) => value, from: (value: string) => Number(value) };

/** What items and checklist terms share: one immutable version of a stable ref. */
abstract class BankVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  ref!: string;

  @Column('integer')
  version!: number;

  @Column('text', { name: 'skill_id' })
  skillId!: string;

  @Column('text')
  locale!: string;

  @Column('text')
  author!: string;

  @Column('text', { name: 'reviewed_by', nullable: true })
  reviewedBy!: string | null;

  @Column('text')
  status!: BankStatus;

  @Column('bigint', { name: 'exposure_count', transformer: countColumn })
  exposureCount!: number;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'status_changed_at', insert: false })
  statusChangedAt!: Date;
}

@Entity({ name: 'items' })
export class Item extends BankVersion {
  @Column('smallint')
  level!: number;

  @Column('text')
  stem!: string;

  @Column('text', { nullable: true })
  code!: string | null;

  @Column('jsonb')
  options!: string[];

  @Column('smallint', { name: 'answer_key' })
  key!: number;

  @Column('text')
  rationale!: string;

  @Column('double precision')
  a!: number;

  @Column('double precision')
  b!: number;

  @Column('double precision')
  c!: number;
}

@Entity({ name: 'checklist_terms' })
export class ChecklistTerm extends BankVersion {
  @Column('text')
  term!: string;

  @Column('boolean', { name: 'is_foil' })
  isFoil!: boolean;

  @Column('text', { name: 'foil_check', nullable: true })
  foilCheck!: string | null;
}
