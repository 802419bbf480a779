import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../auth/roles';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  @Column('text', { array: true })
  roles!: Role[];

  @Column('text', { name: 'password_hash', select: false })
  passwordHash!: string;

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz', { name: 'deactivated_at', nullable: true })
  deactivatedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'password_changed_at', insert: false })
  passwordChangedAt!: Date;

  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', insert: false, update: false })
  updatedAt!: Date;
}
