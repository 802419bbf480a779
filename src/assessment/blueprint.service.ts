import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { requireSomeChange } from '../common/validation/is-omittable';
import { Transactions } from '../database/transactions';
import { RequisitionSkill } from '../requisitions/requisition.entity';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { AssessmentBlueprint } from './blueprint.entity';
import {
  BlueprintSettings,
  blueprintProblems,
  defaultBlueprint,
  RequiredSkill,
  SkillSupply,
} from './blueprint-rules';
import { BlueprintDto } from './dto/blueprint.dto';

/** Requisitions whose blueprint may be changed: not once closed. */
const EDITABLE = ['draft', 'pending_approval', 'open', 'on_hold'];

@Injectable()
export class BlueprintService {
  constructor(
    private readonly db: Transactions,
    private readonly requisitions: RequisitionsService,
    private readonly audit: AuditService,
  ) {}

  async get(caller: Caller, requisitionId: string): Promise<BlueprintDto> {
    await this.requisitions.findVisible(this.db.manager, caller, requisitionId);
    return this.view(this.db.manager, requisitionId);
  }

  async update(
    caller: Caller,
    requisitionId: string,
    changes: Partial<BlueprintSettings>,
  ): Promise<BlueprintDto> {
    requireSomeChange(changes, ['skills', 'itemCap', 'timeLimitMinutes', 'checklistSize']);
    return this.db.run(async (manager) => {
      const requisition = await this.requisitions.lockVisible(manager, caller, requisitionId);
      if (!EDITABLE.includes(requisition.status)) {
        throw new AppError(
          'REQUISITION_NOT_EDITABLE',
          `The requisition is ${requisition.status}: its blueprint is fixed`,
        );
      }
      const { required, supply, saved } = await this.load(manager, requisitionId);
      const current = saved ?? defaultBlueprint(required, supply);
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      );
      const next: BlueprintSettings = { ...current, ...defined };
      next.skills = [...next.skills].sort();
      const problems = blueprintProblems(next, required, supply);
      if (problems.length > 0) {
        throw new AppError(
          'BLUEPRINT_INVALID',
          'The blueprint cannot run a quiz with the active item bank',
          problems.map((p) => ({ field: p.field, messages: [p.message] })),
        );
      }
      await manager.upsert(
        AssessmentBlueprint,
        { requisitionId, ...next, updatedBy: caller.userId },
        ['requisitionId'],
      );
      await this.audit.record(manager, {
        actor: caller,
        action: 'assessment_blueprint.saved',
        subject: { type: 'requisition', id: requisitionId },
        details: {
          skills: next.skills,
          item_cap: next.itemCap,
          time_limit_minutes: next.timeLimitMinutes,
          checklist_size: next.checklistSize,
        },
      });
      return this.view(manager, requisitionId);
    });
  }

  /**
   * The blueprint a new attempt or invitation runs on (saved or default), the requisition's
   * required skills for the fit score, and what would stop a quiz on it. No access check: callers
   * have already scoped the requisition.
   */
  async effective(
    manager: EntityManager,
    requisitionId: string,
  ): Promise<{ blueprint: BlueprintSettings; required: RequiredSkill[]; problems: string[] }> {
    const { required, supply, saved } = await this.load(manager, requisitionId);
    const blueprint = saved ?? defaultBlueprint(required, supply);
    const problems = blueprintProblems(blueprint, required, supply).map((p) => p.message);
    return { blueprint, required, problems };
  }

  private async view(manager: EntityManager, requisitionId: string): Promise<BlueprintDto> {
    const { required, supply, saved, savedAt } = await this.load(manager, requisitionId);
    const blueprint = saved ?? defaultBlueprint(required, supply);
    const weights = new Map(required.map((skill) => [skill.skillId, skill]));
    return {
      requisitionId,
      customised: saved !== undefined,
      skills: blueprint.skills.map((skillId) => ({
        skillId,
        weight: weights.get(skillId)?.weight ?? 0,
        minLevel: weights.get(skillId)?.minLevel ?? 0,
        activeItems: supply.get(skillId)?.items ?? 0,
        activeTerms: supply.get(skillId)?.terms ?? 0,
      })),
      itemCap: blueprint.itemCap,
      timeLimitMinutes: blueprint.timeLimitMinutes,
      checklistSize: blueprint.checklistSize,
      problems: blueprintProblems(blueprint, required, supply).map((p) => p.message),
      updatedAt: savedAt?.toISOString() ?? null,
    };
  }

  /** Three queries: the requisition's skills, the active bank per skill, the saved blueprint. */
  private async load(
    manager: EntityManager,
    requisitionId: string,
  ): Promise<{
    required: RequiredSkill[];
    supply: Map<string, SkillSupply>;
    saved: BlueprintSettings | undefined;
    savedAt: Date | undefined;
  }> {
    const required = await manager.find(RequisitionSkill, { where: { requisitionId } });
    const rows = await manager.query<
      { skill_id: string; items: number; terms: number; foils: number }[]
    >(
      `SELECT s.skill_id,
              (SELECT count(*)::int FROM items i WHERE i.skill_id = s.skill_id AND i.status = 'active') AS items,
              (SELECT count(*)::int FROM checklist_terms t
                WHERE t.skill_id = s.skill_id AND t.status = 'active') AS terms,
              (SELECT count(*)::int FROM checklist_terms t
                WHERE t.skill_id = s.skill_id AND t.status = 'active' AND t.is_foil) AS foils
       FROM requisition_skills s WHERE s.requisition_id = $1`,
      [requisitionId],
    );
    const supply = new Map(
      rows.map((r) => [r.skill_id, { items: r.items, terms: r.terms, foils: r.foils }]),
    );
    const row = await manager.findOneBy(AssessmentBlueprint, { requisitionId });
    return {
      required: required.map(({ skillId, weight, minLevel }) => ({ skillId, weight, minLevel })),
      supply,
      saved: row
        ? {
            skills: row.skills,
            itemCap: row.itemCap,
            timeLimitMinutes: row.timeLimitMinutes,
            checklistSize: row.checklistSize,
          }
        : undefined,
      savedAt: row?.updatedAt,
    };
  }
}
