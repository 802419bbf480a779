import { Inject, Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { visibleTo } from '../auth/scope';
import { decodeKeyIdCursor, isIsoMillis, Page, toPage } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { requireSomeChange } from '../common/validation/is-omittable';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';
import { RoleFamily } from '../taxonomy/role-family.entity';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { User } from '../users/user.entity';
import {
  CreateRequisitionDto,
  RequiredSkillDto,
  UpdateRequisitionDto,
} from './dto/requisition-input.dto';
import { RequisitionQueryDto, TeamMemberDto } from './dto/requisition.dto';
import {
  Requisition,
  RequisitionSkill,
  RequisitionStatusChange,
  RequisitionTeamMember,
} from './requisition.entity';
import { requisitionScope } from './requisition-scope';

export const REQUISITION_VISIBILITY = requisitionScope('id');

/** The minimum level a role family's default skills get when a requisition does not say. */
const DEFAULT_MIN_LEVEL = 3;

export interface RequisitionView {
  row: Requisition;
  skills: RequisitionSkill[];
  team: TeamMemberDto[];
}

@Injectable()
export class RequisitionsService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
    private readonly taxonomy: TaxonomyService,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  async create(caller: Caller, input: CreateRequisitionDto): Promise<RequisitionView> {
    assertBudget(input.budget);
    return this.db.run(async (manager) => {
      if (!(await manager.existsBy(RoleFamily, { id: input.roleFamilyId }))) {
        throw new AppError('UNKNOWN_ROLE_FAMILY', `Unknown role family: ${input.roleFamilyId}`);
      }
      const skills = input.skills ?? (await this.defaultSkills(manager, input.roleFamilyId));
      await this.taxonomy.assertSkillsExist(
        manager,
        skills.map((s) => s.skillId),
      );
      await assertHiringManagers(manager, input.hiringTeam ?? []);
      const inserted = await manager.insert(Requisition, {
        title: input.title,
        roleFamilyId: input.roleFamilyId,
        level: input.level,
        country: input.region.country,
        city: input.region.city ?? null,
        remotePolicy: input.remotePolicy,
        headcount: input.headcount,
        budgetCurrency: input.budget.min.currency,
        budgetMin: input.budget.min.amount,
        budgetMax: input.budget.max.amount,
        budgetPayBasis: input.budget.payBasis,
        description: input.description ?? '',
        status: 'draft',
        createdBy: caller.userId,
      });
      const id = (inserted.identifiers[0] as { id: string }).id;
      await replaceSkills(manager, id, skills);
      await replaceTeam(manager, id, input.hiringTeam ?? []);
      await manager.insert(RequisitionStatusChange, {
        requisitionId: id,
        fromStatus: null,
        toStatus: 'draft',
        actorId: caller.userId,
      });
      await this.audit.record(manager, {
        actor: caller,
        action: 'requisition.created',
        subject: { type: 'requisition', id },
        details: {
          roleFamilyId: input.roleFamilyId,
          level: input.level,
          country: input.region.country,
        },
      });
      return this.view(manager, id);
    });
  }

  async update(
    caller: Caller,
    id: string,
    changes: UpdateRequisitionDto,
  ): Promise<RequisitionView> {
    requireSomeChange(changes, [
      'title',
      'level',
      'region',
      'remotePolicy',
      'headcount',
      'skills',
      'budget',
      'description',
      'hiringTeam',
    ]);
    if (changes.budget) assertBudget(changes.budget);
    return this.db.run(async (manager) => {
      const row = await this.lockVisible(manager, caller, id);
      if (row.status === 'closed')
        throw new AppError('REQUISITION_NOT_EDITABLE', 'A closed requisition cannot be edited');
      if (changes.skills)
        await this.taxonomy.assertSkillsExist(
          manager,
          changes.skills.map((s) => s.skillId),
        );
      if (changes.hiringTeam) await assertHiringManagers(manager, changes.hiringTeam);
      const columns: Partial<Requisition> = {};
      if (changes.title !== undefined) columns.title = changes.title;
      if (changes.level !== undefined) columns.level = changes.level;
      if (changes.region !== undefined)
        Object.assign(columns, {
          country: changes.region.country,
          city: changes.region.city ?? null,
        });
      if (changes.remotePolicy !== undefined) columns.remotePolicy = changes.remotePolicy;
      if (changes.headcount !== undefined) columns.headcount = changes.headcount;
      if (changes.description !== undefined) columns.description = changes.description;
      if (changes.budget) {
        Object.assign(columns, {
          budgetCurrency: changes.budget.min.currency,
          budgetMin: changes.budget.min.amount,
          budgetMax: changes.budget.max.amount,
          budgetPayBasis: changes.budget.payBasis,
        });
      }
      if (Object.keys(columns).length) await manager.update(Requisition, { id }, columns);
      if (changes.skills) await replaceSkills(manager, id, changes.skills);
      if (changes.hiringTeam) await replaceTeam(manager, id, changes.hiringTeam);
      await this.audit.record(manager, {
        actor: caller,
        action: 'requisition.updated',
        subject: { type: 'requisition', id },
        details: {
          fields: Object.keys(changes).filter(
            (k) => changes[k as keyof UpdateRequisitionDto] !== undefined,
          ),
        },
      });
      return this.view(manager, id);
    });
  }

  async get(caller: Caller, id: string): Promise<RequisitionView> {
    await this.findVisible(this.db.manager, caller, id);
    return this.view(this.db.manager, id);
  }

  async history(caller: Caller, id: string): Promise<RequisitionStatusChange[]> {
    await this.findVisible(this.db.manager, caller, id);
    return this.db.manager.find(RequisitionStatusChange, {
      where: { requisitionId: id },
      order: { id: 'ASC' },
    });
  }

  /** Three queries whatever the page size: the page, its skills, its teams. */
  async list(
    caller: Caller,
    query: RequisitionQueryDto,
    limit: number,
  ): Promise<Page<RequisitionView>> {
    const sort = query.sort ?? '-createdAt';
    const descending = sort.startsWith('-');
    const key = sort.replace('-', '') === 'title' ? 'r.title' : 'r.created_at';
    const qb = this.db.manager
      .createQueryBuilder(Requisition, 'r')
      .orderBy(key, descending ? 'DESC' : 'ASC')
      .addOrderBy('r.id', descending ? 'DESC' : 'ASC')
      .limit(limit + 1);
    visibleTo(qb, 'r', caller, REQUISITION_VISIBILITY);
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.roleFamilyId)
      qb.andWhere('r.role_family_id = :family', { family: query.roleFamilyId });
    if (query.country) qb.andWhere('r.country = :country', { country: query.country });
    if (query.hiringManagerId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM requisition_team ft WHERE ft.requisition_id = r.id AND ft.user_id = :hm)',
        {
          hm: query.hiringManagerId,
        },
      );
    }
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(r.title ILIKE :pattern OR r.description ILIKE :pattern)', { pattern });
    }
    if (query.cursor) {
      const after = decodeKeyIdCursor(query.cursor, key === 'r.title' ? () => true : isIsoMillis);
      qb.andWhere(
        new Brackets((w) => {
          w.where(`(${key}, r.id) ${descending ? '<' : '>'} (:afterKey, :afterId)`, {
            afterKey: after.key,
            afterId: after.id,
          });
        }),
      );
    }
    const rows = await qb.getMany();
    const page = toPage(
      rows,
      limit,
      (r) => [key === 'r.title' ? r.title : r.createdAt.toISOString(), r.id],
      (r) => r,
    );
    const ids = page.items.map((r) => r.id);
    const skills = ids.length
      ? await this.db.manager.find(RequisitionSkill, { where: { requisitionId: In(ids) } })
      : [];
    const teams = await loadTeams(this.db.manager, ids);
    return {
      items: page.items.map((row) => ({ row, skills, team: teams.get(row.id) ?? [] })),
      nextCursor: page.nextCursor,
    };
  }

  /** The requisition if the caller may see it; 404 otherwise, so its existence is not revealed. */
  async findVisible(manager: EntityManager, caller: Caller, id: string): Promise<Requisition> {
    const qb = manager.createQueryBuilder(Requisition, 'r').where('r.id = :id', { id });
    const row = await visibleTo(qb, 'r', caller, REQUISITION_VISIBILITY).getOne();
    if (!row) throw new AppError('REQUISITION_NOT_FOUND', 'No such requisition');
    return row;
  }

  async lockVisible(manager: EntityManager, caller: Caller, id: string): Promise<Requisition> {
    const qb = manager
      .createQueryBuilder(Requisition, 'r')
      .where('r.id = :id', { id })
      .setLock('pessimistic_write');
    const row = await visibleTo(qb, 'r', caller, REQUISITION_VISIBILITY).getOne();
    if (!row) throw new AppError('REQUISITION_NOT_FOUND', 'No such requisition');
    return row;
  }

  get approvalsRequired(): boolean {
    return this.config.requisitionApprovals;
  }

  async view(manager: EntityManager, id: string): Promise<RequisitionView> {
    const row = await manager.findOneByOrFail(Requisition, { id });
    const skills = await manager.find(RequisitionSkill, { where: { requisitionId: id } });
    const teams = await loadTeams(manager, [id]);
    return { row, skills, team: teams.get(id) ?? [] };
  }

  private async defaultSkills(
    manager: EntityManager,
    roleFamilyId: string,
  ): Promise<RequiredSkillDto[]> {
    const defaults = await this.taxonomy.roleFamilySkills(manager, roleFamilyId);
    return defaults.map((s) => ({
      skillId: s.skillId,
      weight: s.weight,
      minLevel: DEFAULT_MIN_LEVEL,
    }));
  }
}

function assertBudget(budget: {
  min: { amount: number; currency: string };
  max: { amount: number; currency: string };
}) {
  if (budget.min.currency !== budget.max.currency) {
    throw new AppError('BUDGET_INVALID', 'The budget minimum and maximum must be in one currency');
  }
  if (budget.min.amount > budget.max.amount) {
    throw new AppError('BUDGET_INVALID', 'The budget minimum is above its maximum');
  }
}

async function assertHiringManagers(manager: EntityManager, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const rows = await manager.query<{ id: string }[]>(
    `SELECT id FROM users WHERE id = ANY($1::uuid[]) AND active AND 'hiring_manager' = ANY(roles)`,
    [userIds],
  );
  const missing = userIds.filter((id) => !rows.some((r) => r.id === id.toLowerCase()));
  if (missing.length) {
    throw new AppError('NOT_A_HIRING_MANAGER', `Not active hiring managers: ${missing.join(', ')}`);
  }
}

async function replaceSkills(
  manager: EntityManager,
  requisitionId: string,
  skills: RequiredSkillDto[],
): Promise<void> {
  await manager.delete(RequisitionSkill, { requisitionId });
  if (skills.length) {
    await manager.insert(
      RequisitionSkill,
      skills.map((s) => ({
        requisitionId,
        skillId: s.skillId,
        weight: s.weight,
        minLevel: s.minLevel,
      })),
    );
  }
}

async function replaceTeam(
  manager: EntityManager,
  requisitionId: string,
  userIds: string[],
): Promise<void> {
  await manager.delete(RequisitionTeamMember, { requisitionId });
  if (userIds.length) {
    await manager.insert(
      RequisitionTeamMember,
      userIds.map((userId) => ({ requisitionId, userId: userId.toLowerCase() })),
    );
  }
}

async function loadTeams(
  manager: EntityManager,
  ids: string[],
): Promise<Map<string, TeamMemberDto[]>> {
  const teams = new Map<string, TeamMemberDto[]>();
  if (ids.length === 0) return teams;
  const rows = await manager
    .createQueryBuilder(RequisitionTeamMember, 't')
    .innerJoin(User, 'u', 'u.id = t.user_id')
    .select([
      't.requisition_id AS requisition_id',
      't.user_id AS user_id',
      'u.display_name AS display_name',
    ])
    .where('t.requisition_id IN (:...ids)', { ids })
    .orderBy('u.display_name', 'ASC')
    .getRawMany<{ requisition_id: string; user_id: string; display_name: string }>();
  for (const row of rows) {
    const team = teams.get(row.requisition_id) ?? [];
    team.push({ userId: row.user_id, displayName: row.display_name });
    teams.set(row.requisition_id, team);
  }
  return teams;
}
