import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Caller } from '../../auth/caller';
import { decodeTimeIdCursor, encodeTimeIdCursor, Page, toPage } from '../../common/dto/pagination';
import { MoneyDto } from '../../common/dto/money.dto';
import { AppError } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { bandKey } from '../math/effective';
import { PERCENTILE_KEYS } from '../math/percentiles';
import { isUniqueViolation, roleFamilyIds } from '../store';
import {
  BandInput,
  bandCsvHeader,
  bandCsvLine,
  BandProblem,
  bandProblems,
  parseBandCsv,
} from './band-rules';
import { CreateSalaryBandDto, SalaryBandQueryDto } from './dto/salary-band.dto';
import { SalaryBand } from './salary-band.entity';

export interface BandImportResult {
  rows: number;
  created: number;
  unchanged: number;
  bands: SalaryBand[];
}

const KEY_COLUMNS = 'role_family_id, level, country, currency, pay_basis';
const COMPARED: (keyof BandInput)[] = [
  ...PERCENTILE_KEYS,
  'meanAmount',
  'sampleSize',
  'source',
  'sourceUrl',
  'method',
];

/** Salary bands: effective-dated rows, written once (a newer row supersedes), read by all staff. */
@Injectable()
export class SalaryBandsService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(query: SalaryBandQueryDto, limit: number): Promise<Page<SalaryBand>> {
    const qb = this.filtered(query)
      .orderBy('b.created_at', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(limit + 1);
    if (query.cursor) {
      const { createdAt, id } = decodeTimeIdCursor(query.cursor);
      qb.andWhere('(b.created_at, b.id) > (:createdAt, :id)', { createdAt, id });
    }
    return toPage(
      await qb.getMany(),
      limit,
      (row) => encodeTimeIdCursor(row.createdAt, row.id),
      (row) => row,
    );
  }

  async get(id: string): Promise<SalaryBand> {
    const row = await this.db.manager.findOneBy(SalaryBand, { id });
    if (!row) throw new AppError('SALARY_BAND_NOT_FOUND', 'No such salary band');
    return row;
  }

  async create(caller: Caller, input: CreateSalaryBandDto): Promise<SalaryBand> {
    const band = fromDto(input);
    return this.db.run(async (manager) => {
      const problems = bandProblems(band, await roleFamilyIds(manager));
      if (problems.length > 0)
        throw new AppError(
          'SALARY_BAND_INVALID',
          problems.map((p) => p.message).join('; '),
          problems.map((p) => ({ field: p.field, messages: [p.message] })),
        );
      const [row] = await this.insert(manager, caller, [band]);
      await this.audit.record(manager, {
        actor: caller,
        action: 'salary_band.created',
        subject: { type: 'salary_band', id: row!.id },
        details: {
          roleFamilyId: band.roleFamilyId,
          level: band.level,
          country: band.country,
          currency: band.currency,
          payBasis: band.payBasis,
          effectiveFrom: band.effectiveFrom,
        },
      });
      return row!;
    });
  }

  /**
   * A CSV of bands, all or nothing: any row with a problem refuses the file with every problem
   * listed by line. A row identical to a stored one is left alone (an export imports again as it
   * is); a row for a stored key and date with other figures is refused, since rows never change.
   */
  async import(caller: Caller, bytes: Buffer, dryRun: boolean): Promise<BandImportResult> {
    return this.db.run(async (manager) => {
      // Imports take turns, so two files cannot both pass the duplicate check.
      await manager.query('LOCK TABLE salary_bands IN SHARE ROW EXCLUSIVE MODE');
      const parsed = parseBandCsv(bytes, await roleFamilyIds(manager));
      const problems = [...parsed.problems];
      const stored = await this.storedMatches(
        manager,
        parsed.bands.map((b) => b.band),
      );
      const fresh: BandInput[] = [];
      let unchanged = 0;
      for (const { line, band } of parsed.bands) {
        const twin = stored.get(`${bandKey(band)}|${band.effectiveFrom}`);
        if (!twin) fresh.push(band);
        else if (COMPARED.every((field) => twin[field as keyof SalaryBand] === band[field]))
          unchanged++;
        else
          problems.push({
            line,
            field: '(row)',
            message:
              'a band for this role family, level, country, currency, pay basis and date is stored with other figures: bands are never changed, give a new effective date',
          });
      }
      if (problems.length > 0) throw importInvalid(problems);
      const rows = dryRun ? [] : await this.insert(manager, caller, fresh);
      if (!dryRun)
        await this.audit.record(manager, {
          actor: caller,
          action: 'salary_band.imported',
          details: { rows: parsed.bands.length, created: rows.length, unchanged },
        });
      return { rows: parsed.bands.length, created: fresh.length, unchanged, bands: rows };
    });
  }

  async exportCsv(query: SalaryBandQueryDto): Promise<string> {
    const rows = await this.filtered(query)
      .orderBy('b.role_family_id')
      .addOrderBy('b.level')
      .addOrderBy('b.country')
      .addOrderBy('b.currency')
      .addOrderBy('b.pay_basis')
      .addOrderBy('b.effective_from')
      .getMany();
    return bandCsvHeader() + rows.map((row) => bandCsvLine(row)).join('');
  }

  private filtered(query: SalaryBandQueryDto) {
    const qb = this.db.manager.createQueryBuilder(SalaryBand, 'b');
    const filters = {
      roleFamilyId: 'b.role_family_id',
      level: 'b.level',
      country: 'b.country',
      currency: 'b.currency',
      payBasis: 'b.pay_basis',
    } as const;
    for (const [field, column] of Object.entries(filters)) {
      const value = query[field as keyof typeof filters];
      if (value !== undefined) qb.andWhere(`${column} = :${field}`, { [field]: value });
    }
    if (query.asOf)
      qb.andWhere(
        `b.id IN (SELECT DISTINCT ON (${KEY_COLUMNS}) id FROM salary_bands WHERE effective_from <= :asOf
                  ORDER BY ${KEY_COLUMNS}, effective_from DESC)`,
        { asOf: query.asOf },
      );
    return qb;
  }

  private async storedMatches(
    manager: EntityManager,
    bands: BandInput[],
  ): Promise<Map<string, SalaryBand>> {
    if (bands.length === 0) return new Map();
    const column = (pick: (band: BandInput) => string) => bands.map(pick);
    const ids = await manager.query<{ id: string }[]>(
      `SELECT b.id FROM salary_bands b
         JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[])
              AS k (family, level, country, currency, basis, effective)
           ON b.role_family_id = k.family AND b.level = k.level AND b.country = k.country
          AND b.currency = k.currency AND b.pay_basis = k.basis AND b.effective_from = k.effective`,
      [
        column((b) => b.roleFamilyId),
        column((b) => b.level),
        column((b) => b.country),
        column((b) => b.currency),
        column((b) => b.payBasis),
        column((b) => b.effectiveFrom),
      ],
    );
    const rows = ids.length
      ? await manager.findBy(SalaryBand, { id: In(ids.map((row) => row.id)) })
      : [];
    return new Map(rows.map((row) => [`${bandKey(row)}|${row.effectiveFrom}`, row]));
  }

  private async insert(
    manager: EntityManager,
    caller: Caller,
    bands: BandInput[],
  ): Promise<SalaryBand[]> {
    const ids: string[] = [];
    try {
      for (let i = 0; i < bands.length; i += 500) {
        const chunk = bands
          .slice(i, i + 500)
          .map((band) => ({ ...band, createdBy: caller.userId }));
        const result = await manager.insert(SalaryBand, chunk);
        ids.push(...result.identifiers.map((row) => (row as { id: string }).id));
      }
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError(
          'SALARY_BAND_EXISTS',
          'A band for this role family, level, country, currency, pay basis and effective date exists: bands are never changed, give a new effective date',
        );
      throw error;
    }
    if (ids.length === 0) return [];
    const rows = await manager.findBy(SalaryBand, { id: In(ids) });
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }
}

function importInvalid(problems: BandProblem[]): AppError {
  return new AppError(
    'SALARY_BAND_IMPORT_INVALID',
    `The file has ${problems.length} problem(s); nothing was imported`,
    problems.map((p) => ({
      field: p.line === undefined ? p.field : `line ${p.line}: ${p.field}`,
      messages: [p.message],
    })),
  );
}

/** A band sent as JSON: every amount must be in one currency, which becomes the band's. */
function fromDto(input: CreateSalaryBandDto): BandInput {
  const amounts: [string, MoneyDto | undefined][] = [
    ...PERCENTILE_KEYS.map((key): [string, MoneyDto | undefined] => [key, input[key]]),
    ['mean', input.mean],
  ];
  const given = amounts.filter((entry): entry is [string, MoneyDto] => entry[1] !== undefined);
  const currency = given[0]?.[1].currency;
  if (!currency)
    throw new AppError(
      'SALARY_BAND_INVALID',
      'A band needs at least one of p10, p25, p50, p75, p90',
      [{ field: 'percentiles', messages: ['at least one of p10, p25, p50, p75, p90 is required'] }],
    );
  const others = given.filter(([, money]) => money.currency !== currency);
  if (others.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `Every amount of a band is in one currency (${currency})`,
      others.map(([field]) => ({ field: `${field}.currency`, messages: [`must be ${currency}`] })),
    );
  const amount = (money: MoneyDto | undefined) => money?.amount ?? null;
  return {
    roleFamilyId: input.roleFamilyId,
    level: input.level,
    country: input.country,
    currency,
    payBasis: input.payBasis,
    effectiveFrom: input.effectiveFrom,
    p10: amount(input.p10),
    p25: amount(input.p25),
    p50: amount(input.p50),
    p75: amount(input.p75),
    p90: amount(input.p90),
    meanAmount: amount(input.mean),
    sampleSize: input.sampleSize ?? null,
    source: input.source,
    sourceUrl: input.sourceUrl ?? null,
    method: input.method ?? '',
  };
}
