import { Client } from 'pg';
import { TestApp } from '../harness/app';

export interface RequisitionSeed {
  title?: string;
  roleFamilyId?: string;
  level?: 'junior' | 'mid' | 'senior' | 'staff' | 'principal';
  country?: string;
  status?: 'draft' | 'pending_approval' | 'open' | 'on_hold' | 'closed';
  budget?: { min: number; max: number; currency: string; payBasis: 'base' | 'total' };
  /** Hiring managers on the team. */
  team?: string[];
  createdBy: string;
}

/**
 * A requisition written straight into the test's database (with its skills from the role family),
 * for tests of features that hang off requisitions. Tests of requisitions themselves use the API.
 */
export async function insertRequisition(t: TestApp, seed: RequisitionSeed): Promise<string> {
  const client = new Client({ connectionString: t.database!.url });
  await client.connect();
  try {
    const budget = seed.budget ?? {
      min: 12000000,
      max: 16000000,
      currency: 'USD',
      payBasis: 'base',
    };
    const status = seed.status ?? 'open';
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO requisitions (title, role_family_id, level, country, remote_policy, headcount,
                                 budget_currency, budget_min, budget_max, budget_pay_basis, status, close_reason, created_by)
       VALUES ($1, $2, $3, $4, 'hybrid', 1, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        seed.title ?? 'Test requisition',
        seed.roleFamilyId ?? 'ai-engineer',
        seed.level ?? 'senior',
        seed.country ?? 'US',
        budget.currency,
        budget.min,
        budget.max,
        budget.payBasis,
        status,
        status === 'closed' ? 'cancelled' : null,
        seed.createdBy,
      ],
    );
    const id = rows[0]!.id;
    await client.query(
      `INSERT INTO requisition_skills (requisition_id, skill_id, weight, min_level)
       SELECT $1, skill_id, weight, 3 FROM role_family_skills WHERE role_family_id = $2`,
      [id, seed.roleFamilyId ?? 'ai-engineer'],
    );
    for (const userId of seed.team ?? []) {
      await client.query('INSERT INTO requisition_team (requisition_id, user_id) VALUES ($1, $2)', [
        id,
        userId,
      ]);
    }
    return id;
  } finally {
    await client.end();
  }
}
