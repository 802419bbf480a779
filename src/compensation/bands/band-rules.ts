/**
 * What makes a salary band valid, for the API and for CSV imports alike, and the CSV format
 * itself (one band per row, amounts in major units). Pure: no Nest, no TypeORM.
 */
import { isCurrencyCode } from '../../common/dto/currency';
import { formatMajorAmount, MoneyFormatError, parseMajorAmount } from '../../common/dto/money';
import { isValidLink } from '../../candidates/candidate-rules';
import { decodeFields, FieldRanges, hasContent, scanRecord } from '../../intake/csv-records';
import { csvLine } from '../../intake/csv-writer';
import { restoreNeutralised } from '../../intake/intake-row';
import { isCountryCode } from '../../requisitions/regions';
import { isIsoDate } from '../dates';
import { bandKey, BandLevel, LEVEL_ORDER } from '../math/effective';
import { PERCENTILE_KEYS, PercentileKey, percentileProblems } from '../math/percentiles';

export interface BandInput extends Record<PercentileKey, number | null> {
  roleFamilyId: string;
  level: BandLevel;
  country: string;
  currency: string;
  payBasis: 'base' | 'total';
  effectiveFrom: string;
  meanAmount: number | null;
  sampleSize: number | null;
  source: string;
  sourceUrl: string | null;
  method: string;
}

export interface BandProblem {
  /** 1 = the header; absent for a band sent as JSON. */
  line?: number;
  field: string;
  message: string;
}

export const TEXT_LIMITS = { source: 500, method: 2000 };
/** The largest sample size a band may claim (the column is an integer). */
export const MAX_SAMPLE_SIZE = 100_000_000;

/** The checks beyond field formats: a known role family and ordered, non-negative percentiles. */
export function bandProblems(band: BandInput, families: ReadonlySet<string>): BandProblem[] {
  const problems: BandProblem[] = [];
  if (!families.has(band.roleFamilyId))
    problems.push({ field: 'roleFamilyId', message: `unknown role family ${band.roleFamilyId}` });
  for (const message of percentileProblems(band)) problems.push({ field: 'percentiles', message });
  return problems;
}

export const BAND_CSV_COLUMNS = [
  'role_family',
  'level',
  'country',
  'currency',
  'pay_basis',
  'effective_from',
  'p10',
  'p25',
  'p50',
  'p75',
  'p90',
  'mean',
  'sample_size',
  'source',
  'source_url',
  'method',
] as const;
type Column = (typeof BAND_CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = [
  'role_family',
  'level',
  'country',
  'currency',
  'pay_basis',
  'effective_from',
  'source',
];
/** Largest import: a file of bands is small; larger is a mistake. */
export const MAX_BAND_ROWS = 5000;

export interface ParsedBands {
  bands: { line: number; band: BandInput }[];
  problems: BandProblem[];
}

/**
 * Reads a CSV of bands: header row (any case, any order, unknown columns refused), then one band
 * per row. Every row is checked; problems name the line and column. Duplicates (same role family,
 * level, country, currency, pay basis and effective date) within the file are refused.
 */
export function parseBandCsv(bytes: Buffer, families: ReadonlySet<string>): ParsedBands {
  const records = readRecords(bytes);
  const header = records.shift();
  if (!header)
    return { bands: [], problems: [{ line: 1, field: '(file)', message: 'empty file' }] };
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const headerProblems = names.flatMap((name, i) =>
    !(BAND_CSV_COLUMNS as readonly string[]).includes(name)
      ? [{ line: 1, field: name || `column ${i + 1}`, message: 'unknown column' }]
      : names.indexOf(name) !== i
        ? [{ line: 1, field: name, message: 'column given twice' }]
        : [],
  );
  for (const column of REQUIRED)
    if (!names.includes(column))
      headerProblems.push({ line: 1, field: column, message: 'required column missing' });
  if (headerProblems.length > 0) return { bands: [], problems: headerProblems };
  if (records.length > MAX_BAND_ROWS)
    return {
      bands: [],
      problems: [{ line: 1, field: '(file)', message: `more than ${MAX_BAND_ROWS} rows` }],
    };

  const bands: ParsedBands['bands'] = [];
  const problems: BandProblem[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (record.broken) {
      problems.push({ line: record.line, field: '(row)', message: record.broken });
      continue;
    }
    const cells = new Map(names.map((name, i) => [name, record.cells[i]?.trim() ?? '']));
    const result = readRow(cells as Map<Column, string>, families);
    if (record.cells.length > names.length)
      result.problems.push({ field: '(row)', message: 'more cells than the header has columns' });
    if (result.band && result.problems.length === 0) {
      const key = `${bandKey(result.band)}|${result.band.effectiveFrom}`;
      const first = seen.get(key);
      if (first !== undefined) {
        result.problems.push({
          field: '(row)',
          message: `duplicate of line ${first}: same role family, level, country, currency, pay basis and effective date`,
        });
      } else seen.set(key, record.line);
    }
    if (result.problems.length > 0 || !result.band)
      problems.push(...result.problems.map((p) => ({ ...p, line: record.line })));
    else bands.push({ line: record.line, band: result.band });
  }
  return { bands, problems };
}

interface RawRecord {
  line: number;
  cells: string[];
  broken?: string;
}

function readRecords(bytes: Buffer): RawRecord[] {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const data = bom ? bytes.subarray(3) : bytes;
  const records: RawRecord[] = [];
  const fields: FieldRanges = [];
  let line = 1;
  for (let pos = 0; pos < data.length;) {
    const scan = scanRecord(data, pos, true, fields);
    if (scan.kind === 'incomplete') break;
    if (scan.kind === 'broken') records.push({ line, cells: [], broken: scan.reason });
    else if (hasContent(fields)) {
      const cells = decodeFields(data, fields, pos, scan.end);
      if (cells.some((cell) => cell === undefined))
        records.push({ line, cells: [], broken: 'not valid UTF-8' });
      else records.push({ line, cells: (cells as string[]).map(restoreNeutralised) });
    }
    line += scan.lines;
    pos = scan.end;
  }
  return records;
}

function readRow(
  cells: Map<Column, string>,
  families: ReadonlySet<string>,
): { band?: BandInput; problems: BandProblem[] } {
  const problems: BandProblem[] = [];
  const text = (column: Column) => cells.get(column) ?? '';
  const problem = (field: Column, message: string) => {
    problems.push({ field, message });
    return undefined;
  };
  const oneOf = <T extends string>(column: Column, allowed: readonly T[]) =>
    (allowed as readonly string[]).includes(text(column))
      ? (text(column) as T)
      : problem(column, `must be one of ${allowed.join(', ')}`);

  const level = oneOf('level', LEVEL_ORDER);
  const payBasis = oneOf('pay_basis', ['base', 'total'] as const);
  const country = isCountryCode(text('country'))
    ? text('country')
    : problem('country', 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE');
  const currency = text('currency');
  const knownCurrency = isCurrencyCode(currency) ? currency : undefined;
  if (!knownCurrency) problem('currency', `unknown currency "${currency}"`);
  const effectiveFrom = isIsoDate(text('effective_from'))
    ? text('effective_from')
    : problem('effective_from', 'must be a date as YYYY-MM-DD');
  const amount = (column: Column): number | null => {
    const value = text(column);
    if (value === '' || !knownCurrency) return null;
    try {
      const minor = parseMajorAmount(value, knownCurrency);
      if (minor < 0) problem(column, 'must not be negative');
      return minor;
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      problem(column, error.message);
      return null;
    }
  };
  const percentiles = Object.fromEntries(
    PERCENTILE_KEYS.map((key) => [key, amount(key)]),
  ) as Record<PercentileKey, number | null>;
  const meanAmount = amount('mean');
  const sampleText = text('sample_size');
  const sampleSize = sampleText === '' ? null : Number(sampleText);
  if (
    sampleSize !== null &&
    !(Number.isSafeInteger(sampleSize) && sampleSize >= 1 && sampleSize <= MAX_SAMPLE_SIZE)
  )
    problem('sample_size', `must be a whole number from 1 to ${MAX_SAMPLE_SIZE}`);
  const source = text('source');
  if (source.length < 1 || source.length > TEXT_LIMITS.source)
    problem('source', `must be 1 to ${TEXT_LIMITS.source} characters`);
  const sourceUrl = text('source_url') || null;
  if (sourceUrl !== null && !isValidLink(sourceUrl))
    problem('source_url', 'must be an http(s) URL');
  const method = text('method');
  if (method.length > TEXT_LIMITS.method)
    problem('method', `must be at most ${TEXT_LIMITS.method} characters`);
  if (!level || !payBasis || !country || !knownCurrency || !effectiveFrom || problems.length > 0)
    return { problems };
  const band: BandInput = {
    roleFamilyId: text('role_family'),
    level,
    country,
    currency: knownCurrency,
    payBasis,
    effectiveFrom,
    ...percentiles,
    meanAmount,
    sampleSize,
    source,
    sourceUrl,
    method,
  };
  const checks = bandProblems(band, families).map((p) => ({
    ...p,
    field: p.field === 'roleFamilyId' ? 'role_family' : p.field,
  }));
  return checks.length > 0 ? { problems: checks } : { band, problems: [] };
}

/** The CSV header line of an export (the same columns an import takes). */
export function bandCsvHeader(): string {
  return csvLine(BAND_CSV_COLUMNS);
}

/** One band as an export line; amounts back in major units, so the file imports again as it is. */
export function bandCsvLine(band: BandInput): string {
  const major = (amount: number | null) =>
    amount === null || !isCurrencyCode(band.currency)
      ? ''
      : formatMajorAmount({ amount, currency: band.currency });
  return csvLine([
    band.roleFamilyId,
    band.level,
    band.country,
    band.currency,
    band.payBasis,
    band.effectiveFrom,
    ...PERCENTILE_KEYS.map((key) => major(band[key])),
    major(band.meanAmount),
    band.sampleSize,
    band.source,
    band.sourceUrl,
    band.method,
  ]);
}
