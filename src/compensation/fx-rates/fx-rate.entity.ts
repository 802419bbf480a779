import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Units of the quote currency per one unit of the base currency, from its effective date on. */
@Entity({ name: 'fx_rates' })
export class FxRate {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('char', { name: 'base_currency', length: 3 })
  base!: string;

  @Column('char', { name: 'quote_currency', length: 3 })
  quote!: string;

  /** numeric(24,12), read as the exact decimal string. */
  @Column('numeric', { precision: 24, scale: 12 })
  rate!: string;

  @Column('date', { name: 'effective_from' })
  effectiveFrom!: string;

  @Column('text')
  source!: string;

  @Column('text', { name: 'source_url', nullable: true })
  sourceUrl!: string | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;
}
