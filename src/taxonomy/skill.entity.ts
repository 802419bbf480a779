import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'skills' })
export class Skill {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  description!: string;
}
