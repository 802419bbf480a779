import { Injectable } from '@nestjs/common';
import { EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { requireSomeChange } from '../common/validation/is-omittable';
import { Transactions } from '../database/transactions';
import { RoleFamily, RoleFamilySkill } from './role-family.entity';
import { Skill } from './skill.entity';

export interface SkillWeight {
  skillId: string;
  weight: number;
}

/** The whole taxonomy is small (tens of rows): lists return it in one page. */
const TAXONOMY_CAP = 1000;

@Injectable()
export class TaxonomyService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  listSkills(): Promise<Skill[]> {
    return this.db.manager.find(Skill, { order: { id: 'ASC' }, take: TAXONOMY_CAP });
  }

  async createSkill(
    caller: Caller,
    input: { id: string; name: string; description?: string },
  ): Promise<Skill> {
    return this.db.run(async (manager) => {
      await insertOrConflict(
        manager,
        Skill,
        { ...input, description: input.description ?? '' },
        'SKILL_EXISTS',
      );
      await this.audit.record(manager, {
        actor: caller,
        action: 'skill.created',
        subject: { type: 'skill', id: input.id },
      });
      return manager.findOneByOrFail(Skill, { id: input.id });
    });
  }

  async updateSkill(
    caller: Caller,
    id: string,
    changes: { name?: string; description?: string },
  ): Promise<Skill> {
    requireSomeChange(changes, ['name', 'description']);
    return this.db.run(async (manager) => {
      const result = await manager.update(Skill, { id }, changes);
      if (!result.affected) throw new AppError('SKILL_NOT_FOUND', 'No such skill');
      await this.audit.record(manager, {
        actor: caller,
        action: 'skill.updated',
        subject: { type: 'skill', id },
        details: { fields: changedFields(changes) },
      });
      return manager.findOneByOrFail(Skill, { id });
    });
  }

  async listRoleFamilies(): Promise<{ families: RoleFamily[]; skills: RoleFamilySkill[] }> {
    const families = await this.db.manager.find(RoleFamily, {
      order: { id: 'ASC' },
      take: TAXONOMY_CAP,
    });
    const skills = await this.db.manager.find(RoleFamilySkill, {
      where: { roleFamilyId: In(families.map((f) => f.id)) },
    });
    return { families, skills };
  }

  async roleFamilySkills(manager: EntityManager, roleFamilyId: string): Promise<RoleFamilySkill[]> {
    return manager.find(RoleFamilySkill, {
      where: { roleFamilyId },
      order: { weight: 'DESC', skillId: 'ASC' },
    });
  }

  async createRoleFamily(
    caller: Caller,
    input: { id: string; name: string; skills: SkillWeight[] },
  ) {
    return this.db.run(async (manager) => {
      await this.assertSkillsExist(
        manager,
        input.skills.map((s) => s.skillId),
      );
      await insertOrConflict(
        manager,
        RoleFamily,
        { id: input.id, name: input.name },
        'ROLE_FAMILY_EXISTS',
      );
      await this.replaceWeights(manager, input.id, input.skills);
      await this.audit.record(manager, {
        actor: caller,
        action: 'role_family.created',
        subject: { type: 'role_family', id: input.id },
        details: { skills: input.skills.map((s) => `${s.skillId}:${s.weight}`) },
      });
      return this.loadFamily(manager, input.id);
    });
  }

  async updateRoleFamily(
    caller: Caller,
    id: string,
    changes: { name?: string; skills?: SkillWeight[] },
  ) {
    requireSomeChange(changes, ['name', 'skills']);
    return this.db.run(async (manager) => {
      const family = await manager.findOne(RoleFamily, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!family) throw new AppError('ROLE_FAMILY_NOT_FOUND', 'No such role family');
      if (changes.name !== undefined)
        await manager.update(RoleFamily, { id }, { name: changes.name });
      if (changes.skills) {
        await this.assertSkillsExist(
          manager,
          changes.skills.map((s) => s.skillId),
        );
        await this.replaceWeights(manager, id, changes.skills);
      }
      await this.audit.record(manager, {
        actor: caller,
        action: 'role_family.updated',
        subject: { type: 'role_family', id },
        details: {
          fields: changedFields(changes),
          ...(changes.skills
            ? { skills: changes.skills.map((s) => `${s.skillId}:${s.weight}`) }
            : {}),
        },
      });
      return this.loadFamily(manager, id);
    });
  }

  /** Refuses unknown and repeated skill ids, naming them. */
  async assertSkillsExist(manager: EntityManager, skillIds: string[]): Promise<void> {
    const repeated = skillIds.filter((id, i) => skillIds.indexOf(id) !== i);
    if (repeated.length) {
      throw new AppError('VALIDATION_FAILED', 'A skill is listed twice', [
        {
          field: 'skills',
          messages: [`listed more than once: ${[...new Set(repeated)].join(', ')}`],
        },
      ]);
    }
    const found = await manager.find(Skill, { where: { id: In(skillIds) }, select: { id: true } });
    const missing = skillIds.filter((id) => !found.some((s) => s.id === id));
    if (missing.length)
      throw new AppError('UNKNOWN_SKILL', `Unknown skills: ${missing.join(', ')}`);
  }

  private async replaceWeights(
    manager: EntityManager,
    roleFamilyId: string,
    skills: SkillWeight[],
  ): Promise<void> {
    await manager.delete(RoleFamilySkill, { roleFamilyId });
    await manager.insert(
      RoleFamilySkill,
      skills.map((s) => ({ roleFamilyId, skillId: s.skillId, weight: s.weight })),
    );
  }

  private async loadFamily(manager: EntityManager, id: string) {
    const family = await manager.findOneByOrFail(RoleFamily, { id });
    return { family, skills: await this.roleFamilySkills(manager, id) };
  }
}

async function insertOrConflict<T extends object>(
  manager: EntityManager,
  entity: new () => T,
  values: Partial<T>,
  code: 'SKILL_EXISTS' | 'ROLE_FAMILY_EXISTS',
): Promise<void> {
  try {
    await manager.insert(entity, values as never);
  } catch (error) {
    if (
      error instanceof QueryFailedError &&
      (error.driverError as { code?: string }).code === '23505'
    ) {
      throw new AppError(code, 'An entry with this id already exists');
    }
    throw error;
  }
}

function changedFields(changes: object): string[] {
  return Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}
