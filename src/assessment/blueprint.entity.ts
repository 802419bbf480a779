import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'assessment_blueprints' })
export class AssessmentBlueprint {
  @PrimaryColumn('uuid', { name: 'requisition_id' })
  requisitionId!: string;

  @Column('text', { array: true })
  skills!: string[];

  @Column('integer', { name: 'item_cap' })
  itemCap!: number;

  @Column('integer', { name: 'time_limit_minutes' })
  timeLimitMinutes!: number;

  @Column('integer', { name: 'checklist_size' })
  checklistSize!: number;

  @Column('uuid', { name: 'updated_by' })
  updatedBy!: string;

  @Column({ type: 'timestamptz', name: 'updated_at', insert: false, update: false })
  updatedAt!: Date;
}
