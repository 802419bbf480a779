import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'role_families' })
export class RoleFamily {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;
}

@Entity({ name: 'role_family_skills' })
export class RoleFamilySkill {
  @PrimaryColumn('text', { name: 'role_family_id' })
  roleFamilyId!: string;

  @PrimaryColumn('text', { name: 'skill_id' })
  skillId!: string;

  @Column('integer')
  weight!: number;
}
