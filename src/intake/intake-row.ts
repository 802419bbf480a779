/**
 * What one CSV intake row means: the header's columns, and each row checked with the same rules
 * the candidates API uses (candidate-rules.ts, money.ts, currency.ts), so a file is accepted or
 * refused exactly as the same people typed in one by one would be. Pure: no Nest or TypeORM.
 *
 * Problems name the column and the rule, never the value: the rejection report must not copy
 * personal data (or a 10 kB "name") back out.
 */
import {
  hasControlCharacters,
  isValidCandidateEmail,
  isValidLink,
  isValidPhone,
  LIMITS,
} from '../candidates/candidate-rules';
import { CurrencyCode, isCurrencyCode, minorUnits } from '../common/dto/currency';
import { MoneyFormatError, parseMajorAmount } from '../common/dto/money';
import type { Field } from './csv-records';

export const INTAKE_COLUMNS = [
  'full_name',
  'email',
  'phone',
  'location',
  'source',
  'links',
  'resume_text',
  'expected_salary',
  'expected_currency',
  'expected_pay_basis',
] as const;
export type IntakeColumn = (typeof INTAKE_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly IntakeColumn[] = ['full_name', 'email'];
export const PAY_BASES = ['base', 'total'] as const;
export type PayBasis = (typeof PAY_BASES)[number];

/** The pseudo-field of problems that concern the whole row rather than one column. */
export const ROW_FIELD = '(row)';

export interface RowProblem {
  field: string;
  reason: string;
}

export interface CandidateRow {
  fullName: string;
  email: string;
  phone: string | null;
  location: string | null;
  source: string | null;
  links: string[];
  resumeText: string | null;
  expectedSalary: { amount: number; currency: CurrencyCode; payBasis: PayBasis } | null;
}

export type RowResult = { ok: true; row: CandidateRow } | { ok: false; problems: RowProblem[] };

/** The shared rule, behind an exact pre-check: most values have no control character at all. */
function hasControl(value: string, allowLineBreaks = false): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return hasControlCharacters(value, allowLineBreaks);
  }
  return false;
}

/** Length in characters (code points), as PostgreSQL's length() and the API's @MaxLength count. */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) count--;
  }
  return count;
}

/**
 * Undoes neutraliseCsvCell: a cell Sift exported as '=x, '+x, '-x or '@x reads back as =x, +x,
 * -x or @x, so Sift's own CSV can be uploaded again without changing anyone's data.
 */
export function restoreNeutralised(text: string): string {
  return text.charCodeAt(0) === 0x27 && /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export type HeaderResult =
  { ok: true; columns: IntakeColumn[] } | { ok: false; problems: RowProblem[] };

/** The header row: known column names (any case), each at most once, the required ones present. */
export function readHeader(cells: readonly Field[]): HeaderResult {
  const problems: RowProblem[] = [];
  const columns: IntakeColumn[] = [];
  cells.forEach((text, index) => {
    const field = `column ${index + 1}`;
    if (text === undefined) {
      problems.push({ field, reason: 'the header is not valid UTF-8' });
      return;
    }
    const name = text.trim().toLowerCase();
    const known = INTAKE_COLUMNS.find((column) => column === name);
    if (!known) {
      const shown = name.length > 40 || hasControl(name) ? '' : ` "${name}"`;
      problems.push({
        field,
        reason: `unknown column${shown}; known columns: ${INTAKE_COLUMNS.join(', ')}`,
      });
    } else if (columns.includes(known)) {
      problems.push({ field, reason: `column ${known} appears twice` });
    } else {
      columns.push(known);
    }
  });
  for (const required of REQUIRED_COLUMNS) {
    if (problems.length === 0 && !columns.includes(required)) {
      problems.push({ field: '(header)', reason: `the required column ${required} is missing` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, columns };
}

type Text = string | undefined;

function checkText(
  problems: RowProblem[],
  field: IntakeColumn,
  value: Text,
  limit: number,
  allowLineBreaks = false,
): string | null {
  if (value === undefined) return null;
  if (characterCount(value) > limit) {
    problems.push({ field, reason: `longer than ${limit} characters` });
    return null;
  }
  if (hasControl(value, allowLineBreaks)) {
    problems.push({ field, reason: 'contains control characters' });
    return null;
  }
  return value;
}

function moneyReason(error: unknown, currency: CurrencyCode): string {
  const message = error instanceof MoneyFormatError ? error.message : '';
  if (message.includes('decimal places')) {
    return `more than ${minorUnits(currency)} decimal places for ${currency}`;
  }
  if (message.includes('too large')) return 'too large';
  return 'not an amount (write major units, e.g. 150000 or 150000.50)';
}

type Values = Record<IntakeColumn, Text>;

/** One bit per column, for the set of fields whose bytes were not valid UTF-8. */
const BIT = Object.fromEntries(INTAKE_COLUMNS.map((column, i) => [column, 1 << i])) as Record<
  IntakeColumn,
  number
>;

/**
 * One data row against the header's columns. Values are trimmed; an empty optional value is
 * absent. Every problem of the row is reported, one per field. (Called once per row of files of
 * 100,000 rows: values live in one object of fixed shape and unreadable fields in a bit set,
 * rather than a map and a set per row.)
 */
export function validateRow(columns: readonly IntakeColumn[], cells: readonly Field[]): RowResult {
  if (cells.length !== columns.length) {
    return {
      ok: false,
      problems: [
        {
          field: ROW_FIELD,
          reason: `has ${cells.length} fields; the header has ${columns.length}`,
        },
      ],
    };
  }
  const problems: RowProblem[] = [];
  const values: Values = {
    full_name: undefined,
    email: undefined,
    phone: undefined,
    location: undefined,
    source: undefined,
    links: undefined,
    resume_text: undefined,
    expected_salary: undefined,
    expected_currency: undefined,
    expected_pay_basis: undefined,
  };
  let unreadable = 0;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const text = cells[i];
    if (text === undefined) {
      unreadable |= BIT[column];
      problems.push({ field: column, reason: 'not valid UTF-8' });
      continue;
    }
    const trimmed = restoreNeutralised(text).trim();
    if (trimmed !== '') values[column] = trimmed;
  }
  const readable = (column: IntakeColumn) => (unreadable & BIT[column]) === 0;

  const fullName = checkText(problems, 'full_name', values.full_name, LIMITS.fullName);
  if (values.full_name === undefined && readable('full_name')) {
    problems.push({ field: 'full_name', reason: 'required' });
  }

  let email: string | null = null;
  const rawEmail = values.email;
  if (rawEmail === undefined) {
    if (readable('email')) problems.push({ field: 'email', reason: 'required' });
  } else if (hasControl(rawEmail)) {
    problems.push({ field: 'email', reason: 'contains control characters' });
  } else if (!isValidCandidateEmail(rawEmail)) {
    problems.push({ field: 'email', reason: 'not a valid email address' });
  } else {
    email = rawEmail;
  }

  let phone: string | null = null;
  const rawPhone = values.phone;
  if (rawPhone !== undefined) {
    if (rawPhone.length > LIMITS.phone || !isValidPhone(rawPhone)) {
      problems.push({ field: 'phone', reason: 'not a valid phone number' });
    } else {
      phone = rawPhone;
    }
  }

  const location = checkText(problems, 'location', values.location, LIMITS.location);
  const source = checkText(problems, 'source', values.source, LIMITS.source);
  const resumeText = checkText(
    problems,
    'resume_text',
    values.resume_text,
    LIMITS.resumeText,
    true,
  );

  const links: string[] = [];
  const rawLinks = values.links;
  if (rawLinks !== undefined) {
    const parts = rawLinks.split(/[\s;]+/).filter((part) => part !== '');
    const bad = parts.findIndex((link) => !isValidLink(link));
    if (parts.length > LIMITS.links) {
      problems.push({ field: 'links', reason: `more than ${LIMITS.links} links` });
    } else if (bad >= 0) {
      problems.push({
        field: 'links',
        reason: `link ${bad + 1} is not an http(s) URL of at most ${LIMITS.link} characters`,
      });
    } else {
      links.push(...parts);
    }
  }

  const expectedSalary = readSalary(problems, values, readable);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    row: {
      fullName: fullName!,
      email: email!,
      phone,
      location,
      source,
      links,
      resumeText,
      expectedSalary,
    },
  };
}

function readSalary(
  problems: RowProblem[],
  values: Values,
  readable: (column: IntakeColumn) => boolean,
): CandidateRow['expectedSalary'] {
  const amountText = values.expected_salary;
  const currencyText = values.expected_currency;
  const basisText = values.expected_pay_basis;
  let currency: CurrencyCode | undefined;
  if (currencyText !== undefined) {
    if (isCurrencyCode(currencyText)) currency = currencyText;
    else
      problems.push({
        field: 'expected_currency',
        reason: 'not a supported ISO 4217 currency code (e.g. USD)',
      });
  }
  let payBasis: PayBasis | undefined;
  if (basisText !== undefined) {
    payBasis = PAY_BASES.find((basis) => basis === basisText);
    if (!payBasis) problems.push({ field: 'expected_pay_basis', reason: 'must be base or total' });
  }
  if (amountText === undefined) {
    if (!readable('expected_salary')) return null;
    if (currencyText !== undefined && currency) {
      problems.push({ field: 'expected_currency', reason: 'given without expected_salary' });
    }
    if (basisText !== undefined && payBasis) {
      problems.push({ field: 'expected_pay_basis', reason: 'given without expected_salary' });
    }
    return null;
  }
  if (currencyText === undefined && readable('expected_currency')) {
    problems.push({ field: 'expected_currency', reason: 'required with expected_salary' });
  }
  if (basisText === undefined && readable('expected_pay_basis')) {
    problems.push({
      field: 'expected_pay_basis',
      reason: 'required with expected_salary (base or total)',
    });
  }
  if (!currency) return null;
  let amount: number;
  try {
    amount = parseMajorAmount(amountText, currency);
  } catch (error) {
    problems.push({ field: 'expected_salary', reason: moneyReason(error, currency) });
    return null;
  }
  if (amount < 0) {
    problems.push({ field: 'expected_salary', reason: 'must not be negative' });
    return null;
  }
  return payBasis ? { amount, currency, payBasis } : null;
}
