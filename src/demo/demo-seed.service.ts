import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isCurrencyCode, minorUnits } from '../common/dto/currency';
import { JsonLogger } from '../common/logging/json-logger';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';
import { DEMO_STAFF, StaffBootstrapService } from '../users/staff-bootstrap.service';
import { DEMO_REQUISITIONS, demoCandidates, DemoRequisition } from './demo-content';
import { seedDemoOffers } from './demo-offers';
import { seedDemoInvitations } from './demo-invitations';
import { seedDemoAttempts } from './demo-attempts';
import { seedDemoDecisions } from './demo-decisions';
import { BankContentLoader } from '../item-bank/bank-content-loader.service';

const DEMO_LOCK = 7_351_902_116;
const STAGE_ORDER = ['applied', 'screening', 'assessed', 'shortlisted', 'offer'] as const;

/** In demo mode, once: the demo requisitions, candidates and applications, written in one transaction. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  constructor(
    private readonly db: Transactions,
    private readonly staff: StaffBootstrapService,
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
    private readonly modules: ModuleRef,
    private readonly bank: BankContentLoader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    await this.staff.ready();
    await this.db.run(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
      const users = await manager.query<{ id: string; email: string }[]>(
        'SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1)',
        [DEMO_STAFF.map((s) => s.email)],
      );
      const userId = (email: string) => users.find((u) => u.email === email)?.id;
      const admin = userId(DEMO_STAFF[0]!.email);
      if (!admin) return;
      const seeded = await manager.query<unknown[]>(
        'SELECT 1 FROM requisitions WHERE created_by = $1 LIMIT 1',
        [admin],
      );
      if (seeded.length > 0) return;
      const requisitions = new Map<string, string>();
      for (const demo of DEMO_REQUISITIONS) {
        requisitions.set(demo.key, await insertRequisition(manager, demo, admin, userId));
      }
      let applications = 0;
      const candidates = demoCandidates();
      for (const person of candidates) {
        const [{ id }] = await manager.query<[{ id: string }]>(
          `INSERT INTO candidates (full_name, email, location, source) VALUES ($1, $2, $3, $4) RETURNING id`,
          [person.fullName, person.email, person.location, person.source],
        );
        for (const application of person.applications) {
          await insertApplication(
            manager,
            id,
            requisitions.get(application.requisition)!,
            application.stage,
            admin,
          );
          applications++;
        }
      }
      await seedDemoInvitations(manager, this.audit, userId(DEMO_STAFF[1]!.email) ?? admin);
      const offers = await seedDemoOffers(manager, requisitions, admin);
      await this.audit.record(manager, {
        actor: 'system',
        action: 'demo.seeded',
        details: {
          requisitions: requisitions.size,
          candidates: candidates.length,
          applications,
          offers,
        },
      });
      this.logger.event('info', 'demo content ready', {
        requisitions: requisitions.size,
        candidates: candidates.length,
      });
    });
    // The finished attempts answer real items: the shipped bank must be loaded first.
    await this.bank.ready();
    await seedDemoAttempts(this.modules);
    await seedDemoDecisions(this.modules);
  }
}

async function insertRequisition(
  manager: EntityManager,
  demo: DemoRequisition,
  admin: string,
  userId: (email: string) => string | undefined,
): Promise<string> {
  if (!isCurrencyCode(demo.currency))
    throw new Error(`demo currency ${demo.currency} is not supported`);
  const scale = 10 ** minorUnits(demo.currency);
  const [{ id }] = await manager.query<[{ id: string }]>(
    `INSERT INTO requisitions (title, role_family_id, level, country, city, remote_policy, headcount, budget_currency,
                               budget_min, budget_max, budget_pay_basis, description, status, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, 'base', $10, $11, $12) RETURNING id`,
    [
      demo.title,
      demo.roleFamilyId,
      demo.level,
      demo.country,
      demo.city,
      demo.remotePolicy,
      demo.currency,
      demo.budget[0] * scale,
      demo.budget[1] * scale,
      `Demo requisition: ${demo.title} in ${demo.city}.`,
      demo.status,
      admin,
    ],
  );
  await manager.query(
    `INSERT INTO requisition_skills (requisition_id, skill_id, weight, min_level)
     SELECT $1, skill_id, weight, CASE WHEN weight >= 20 THEN 4 ELSE 3 END FROM role_family_skills WHERE role_family_id = $2`,
    [id, demo.roleFamilyId],
  );
  for (const email of demo.team) {
    const member = userId(email);
    if (member)
      await manager.query(
        'INSERT INTO requisition_team (requisition_id, user_id) VALUES ($1, $2)',
        [id, member],
      );
  }
  const path: string[] =
    demo.status === 'draft'
      ? ['draft']
      : demo.status === 'open'
        ? ['draft', 'open']
        : ['draft', 'open', 'on_hold'];
  for (const [i, status] of path.entries()) {
    await manager.query(
      'INSERT INTO requisition_status_history (requisition_id, from_status, to_status, actor_id) VALUES ($1, $2, $3, $4)',
      [id, i === 0 ? null : path[i - 1], status, admin],
    );
  }
  return id;
}

async function insertApplication(
  manager: EntityManager,
  candidateId: string,
  requisitionId: string,
  stage: (typeof STAGE_ORDER)[number] | 'rejected',
  actor: string,
): Promise<void> {
  const path: string[] =
    stage === 'rejected'
      ? ['applied', 'screening', 'rejected']
      : STAGE_ORDER.slice(0, STAGE_ORDER.indexOf(stage) + 1);
  const [{ id }] = await manager.query<[{ id: string }]>(
    `INSERT INTO applications (candidate_id, requisition_id, stage, rejection_reason) VALUES ($1, $2, $3, $4) RETURNING id`,
    [
      candidateId,
      requisitionId,
      stage,
      stage === 'rejected' ? 'Experience does not match the role (demo)' : null,
    ],
  );
  for (const [i, to] of path.entries()) {
    await manager.query(
      'INSERT INTO application_stage_history (application_id, from_stage, to_stage, actor_id) VALUES ($1, $2, $3, $4)',
      [id, i === 0 ? null : path[i - 1], to, actor],
    );
  }
}
