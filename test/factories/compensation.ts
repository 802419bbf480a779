import request from 'supertest';
import { BAND_CSV_COLUMNS } from '../../src/compensation/bands/band-rules';
import { TestApp } from '../harness/app';
import { sql } from '../harness/sql';
import { createApplication, createCandidate } from './candidates';
import { insertRequisition, RequisitionSeed } from './requisitions';
import { SignedIn } from './staff';

export interface BandRow {
  family: string;
  level: string;
  country: string;
  currency: string;
  basis: 'base' | 'total';
  date: string;
  /** p10, p25, p50, p75, p90 in major units; null leaves one out. */
  p: (number | null)[];
  sample?: number;
  source?: string;
  method?: string;
}

/** A band CSV with every column, in the import's order. */
export function bandsCsv(rows: BandRow[]): string {
  const lines = rows.map((r) =>
    [
      r.family,
      r.level,
      r.country,
      r.currency,
      r.basis,
      r.date,
      ...[0, 1, 2, 3, 4].map((i) => r.p[i] ?? ''),
      '',
      r.sample ?? '',
      r.source ?? 'Test survey',
      'https://example.com/survey',
      r.method ?? 'published',
    ].join(','),
  );
  return [BAND_CSV_COLUMNS.join(','), ...lines].join('\n') + '\n';
}

/** POST /api/salary-bands/import with the CSV as the multipart field "file". */
export function importBands(
  client: SignedIn,
  csv: BandRow[] | string,
  dryRun = false,
): request.Test {
  const text = typeof csv === 'string' ? csv : bandsCsv(csv);
  return client
    .post(`/api/salary-bands/import${dryRun ? '?dryRun=true' : ''}`)
    .attach('file', Buffer.from(text, 'utf8'), 'bands.csv');
}

export interface OfferSubject {
  requisitionId: string;
  applicationId: string;
}

/** An open requisition with one application on it (and the candidate's expectation, if given). */
export async function offerSubject(
  t: TestApp,
  seed: RequisitionSeed & {
    remote?: boolean;
    expected?: { amount: number; currency: string; payBasis: 'base' | 'total' };
  },
): Promise<OfferSubject> {
  const requisitionId = await insertRequisition(t, seed);
  if (seed.remote)
    await sql(t, `UPDATE requisitions SET remote_policy = 'remote' WHERE id = $1`, [requisitionId]);
  const candidate = await createCandidate(t);
  const applicationId = await createApplication(t, {
    candidateId: candidate.id,
    requisitionId,
    actorId: seed.createdBy,
  });
  if (seed.expected)
    await sql(
      t,
      `UPDATE applications SET expected_salary_amount = $2, expected_salary_currency = $3,
              expected_salary_pay_basis = $4 WHERE id = $1`,
      [applicationId, seed.expected.amount, seed.expected.currency, seed.expected.payBasis],
    );
  return { requisitionId, applicationId };
}

export const usd = (amount: number) => ({ amount, currency: 'USD' });
