import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { visibleTo } from '../auth/scope';
import { isCurrencyCode } from '../common/dto/currency';
import { formatMajorAmount } from '../common/dto/money';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { requisitionScope } from '../requisitions/requisition-scope';
import { csvLine } from './csv-writer';
import { IntakeColumn, INTAKE_COLUMNS } from './intake-row';

const PAGE = 1000;

/** The export's columns: the intake's own (résumés left out), so an export can be uploaded again. */
export const EXPORT_COLUMNS: IntakeColumn[] = INTAKE_COLUMNS.filter((c) => c !== 'resume_text');

interface ExportRow {
  created_at: Date;
  id: string;
  full_name: string;
  email: string;
  phone: string | null;
  location: string | null;
  source: string | null;
  links: string[];
  expected_salary_amount: string | null;
  expected_salary_currency: string | null;
  expected_salary_pay_basis: string | null;
}

/**
 * CSV that Sift writes: the rejection report of an intake job and a requisition's candidates.
 * Both are streamed page by page (keyset order), and every cell goes through csvLine, which
 * neutralises formula-like values: stored as given, never executed by a spreadsheet.
 */
@Injectable()
export class IntakeExportService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** line, field, outcome, reason: what was wrong and where, never the rejected values. */
  async rejections(jobId: string): Promise<Readable> {
    const found = await this.db.manager.query<unknown[]>(
      'SELECT 1 FROM intake_jobs WHERE id = $1',
      [jobId],
    );
    if (found.length === 0) throw new AppError('INTAKE_JOB_NOT_FOUND', 'No such intake job');
    return Readable.from(this.rejectionLines(jobId), { objectMode: false });
  }

  private async *rejectionLines(jobId: string): AsyncGenerator<string> {
    yield csvLine(['line', 'field', 'outcome', 'reason']);
    let after: [number, string] = [0, ''];
    for (;;) {
      const rows = await this.db.manager.query<
        { line: number; field: string; outcome: string; reason: string }[]
      >(
        `SELECT line, field, outcome, reason FROM intake_rejections
         WHERE job_id = $1 AND (line, field) > ($2, $3)
         ORDER BY line, field LIMIT ${PAGE}`,
        [jobId, ...after],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => csvLine([r.line, r.field, r.outcome, r.reason])).join('');
      const last = rows[rows.length - 1]!;
      after = [last.line, last.field];
    }
  }

  /** The requisition's candidates (erased people left out), oldest application first. */
  async candidates(caller: Caller, requisitionId: string): Promise<Readable> {
    const qb = this.db.manager
      .createQueryBuilder()
      .select('r.id', 'id')
      .from('requisitions', 'r')
      .where('r.id = :requisitionId', { requisitionId });
    const visible = await visibleTo(qb, 'r', caller, requisitionScope('id')).getRawOne<{
      id: string;
    }>();
    if (!visible) throw new AppError('REQUISITION_NOT_FOUND', 'No such requisition');
    await this.audit.record(this.db.manager, {
      actor: caller,
      action: 'requisition.candidates_exported',
      subject: { type: 'requisition', id: requisitionId },
    });
    return Readable.from(this.candidateLines(requisitionId), { objectMode: false });
  }

  private async *candidateLines(requisitionId: string): AsyncGenerator<string> {
    yield csvLine(EXPORT_COLUMNS);
    let after: [Date, string] | undefined;
    for (;;) {
      const rows = await this.db.manager.query<ExportRow[]>(
        `SELECT a.created_at, a.id, c.full_name, c.email, c.phone, c.location, c.source, c.links,
                a.expected_salary_amount, a.expected_salary_currency, a.expected_salary_pay_basis
         FROM applications a JOIN candidates c ON c.id = a.candidate_id
         WHERE a.requisition_id = $1 AND c.anonymised_at IS NULL
           AND ($2::timestamptz IS NULL OR (a.created_at, a.id) > ($2, $3::uuid))
         ORDER BY a.created_at, a.id LIMIT ${PAGE}`,
        [requisitionId, after?.[0] ?? null, after?.[1] ?? null],
      );
      if (rows.length === 0) return;
      yield rows.map(exportLine).join('');
      const last = rows[rows.length - 1]!;
      after = [last.created_at, last.id];
    }
  }
}

function exportLine(row: ExportRow): string {
  const currency = row.expected_salary_currency;
  const salary =
    row.expected_salary_amount !== null && isCurrencyCode(currency)
      ? formatMajorAmount({ amount: Number(row.expected_salary_amount), currency })
      : null;
  const values: Record<IntakeColumn, string | null> = {
    full_name: row.full_name,
    email: row.email,
    phone: row.phone,
    location: row.location,
    source: row.source,
    links: row.links.length > 0 ? row.links.join(' ') : null,
    resume_text: null,
    expected_salary: salary,
    expected_currency: salary === null ? null : currency,
    expected_pay_basis: salary === null ? null : row.expected_salary_pay_basis,
  };
  return csvLine(EXPORT_COLUMNS.map((column) => values[column]));
}
