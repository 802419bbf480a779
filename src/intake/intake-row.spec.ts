import { LIMITS } from '../candidates/candidate-rules';
import {
  characterCount,
  INTAKE_COLUMNS,
  IntakeColumn,
  readHeader,
  restoreNeutralised,
  validateRow,
} from './intake-row';

/** Fields as the CSV reader hands them over: text, undefined for bytes that are not UTF-8. */
const cells = (...values: (string | undefined)[]) => values;
const FULL: IntakeColumn[] = [...INTAKE_COLUMNS];

/** A full row with the given values (by column), the rest empty. */
function row(values: Partial<Record<IntakeColumn, string>>): (string | undefined)[] {
  return cells(...FULL.map((column) => values[column] ?? ''));
}

const GOOD = { full_name: 'Ada Lovelace', email: 'ada@example.com' };

describe('readHeader', () => {
  it.each<[string[], IntakeColumn[]]>([
    [
      ['full_name', 'email'],
      ['full_name', 'email'],
    ],
    [
      [' EMAIL ', 'Full_Name', 'Expected_Salary'],
      ['email', 'full_name', 'expected_salary'],
    ],
    [[...INTAKE_COLUMNS], [...INTAKE_COLUMNS]],
  ])('%j -> %j', (header, columns) => {
    expect(readHeader(cells(...header))).toEqual({ ok: true, columns });
  });

  it.each<[string, string[], string]>([
    ['an unknown column', ['full_name', 'email', 'salary'], 'unknown column "salary"'],
    ['a repeated column', ['email', 'full_name', 'Email'], 'column email appears twice'],
    ['a missing email', ['full_name', 'phone'], 'the required column email is missing'],
    ['a missing name', ['email'], 'the required column full_name is missing'],
    ['an empty name', ['full_name', '', 'email'], 'unknown column ""'],
  ])('refuses %s', (_name, header, reason) => {
    const result = readHeader(cells(...header));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.reason).join('; ')).toContain(reason);
  });

  it('does not echo a long or odd column name', () => {
    const result = readHeader(cells('full_name', 'email', 'x'.repeat(500)));
    expect(!result.ok && result.problems[0]!.reason).not.toContain('xxxx');
  });

  it('refuses a header that is not UTF-8', () => {
    const result = readHeader(cells('full_name', undefined));
    expect(!result.ok && result.problems[0]).toEqual({
      field: 'column 2',
      reason: 'the header is not valid UTF-8',
    });
  });
});

describe('validateRow', () => {
  it('reads every column, trimming values and treating empty ones as absent', () => {
    const result = validateRow(
      FULL,
      row({
        full_name: '  Ada Lovelace ',
        email: ' Ada@Example.com ',
        phone: '+44 20 7946 0000',
        location: 'London',
        source: '',
        links: 'https://a.example.com; https://b.example.com  https://c.example.com',
        resume_text: 'Line one\nLine\ttwo',
        expected_salary: '150,000.50',
        expected_currency: 'GBP',
        expected_pay_basis: 'total',
      }),
    );
    expect(result).toEqual({
      ok: true,
      row: {
        fullName: 'Ada Lovelace',
        email: 'Ada@Example.com',
        phone: '+44 20 7946 0000',
        location: 'London',
        source: null,
        links: ['https://a.example.com', 'https://b.example.com', 'https://c.example.com'],
        resumeText: 'Line one\nLine\ttwo',
        expectedSalary: { amount: 15000050, currency: 'GBP', payBasis: 'total' },
      },
    });
  });

  it.each<[string, Partial<Record<IntakeColumn, string>>, { field: string; reason: string }[]]>([
    ['no name', { email: 'a@example.com' }, [{ field: 'full_name', reason: 'required' }]],
    ['no email', { full_name: 'A' }, [{ field: 'email', reason: 'required' }]],
    [
      'a bad email',
      { ...GOOD, email: 'a@b' },
      [{ field: 'email', reason: 'not a valid email address' }],
    ],
    [
      'an email with a control character',
      { ...GOOD, email: 'a\u0001b@example.com' },
      [{ field: 'email', reason: 'contains control characters' }],
    ],
    [
      'a name of 201 characters',
      { ...GOOD, full_name: 'n'.repeat(LIMITS.fullName + 1) },
      [{ field: 'full_name', reason: 'longer than 200 characters' }],
    ],
    [
      'a name with a line break',
      { ...GOOD, full_name: 'Ada\nLovelace' },
      [{ field: 'full_name', reason: 'contains control characters' }],
    ],
    [
      'a résumé with a NUL',
      { ...GOOD, resume_text: 'a\u0000b' },
      [{ field: 'resume_text', reason: 'contains control characters' }],
    ],
    [
      'a bad phone',
      { ...GOOD, phone: 'call me' },
      [{ field: 'phone', reason: 'not a valid phone number' }],
    ],
    [
      'eleven links',
      {
        ...GOOD,
        links: Array.from({ length: 11 }, (_, i) => `https://x.example.com/${i}`).join(' '),
      },
      [{ field: 'links', reason: 'more than 10 links' }],
    ],
    [
      'a javascript: link',
      { ...GOOD, links: 'https://ok.example.com javascript:alert(1)' },
      [{ field: 'links', reason: 'link 2 is not an http(s) URL of at most 500 characters' }],
    ],
    [
      'an unknown currency',
      { ...GOOD, expected_salary: '1', expected_currency: 'usd', expected_pay_basis: 'base' },
      [{ field: 'expected_currency', reason: 'not a supported ISO 4217 currency code (e.g. USD)' }],
    ],
    [
      'too many decimals',
      { ...GOOD, expected_salary: '1.5', expected_currency: 'JPY', expected_pay_basis: 'base' },
      [{ field: 'expected_salary', reason: 'more than 0 decimal places for JPY' }],
    ],
    [
      'a float-looking amount',
      { ...GOOD, expected_salary: '1e5', expected_currency: 'USD', expected_pay_basis: 'base' },
      [
        {
          field: 'expected_salary',
          reason: 'not an amount (write major units, e.g. 150000 or 150000.50)',
        },
      ],
    ],
    [
      'an amount beyond 2^53 minor units',
      {
        ...GOOD,
        expected_salary: '90071992547409.92',
        expected_currency: 'USD',
        expected_pay_basis: 'base',
      },
      [{ field: 'expected_salary', reason: 'too large' }],
    ],
    [
      'a negative amount',
      { ...GOOD, expected_salary: '-1', expected_currency: 'USD', expected_pay_basis: 'base' },
      [{ field: 'expected_salary', reason: 'must not be negative' }],
    ],
    [
      'an amount alone',
      { ...GOOD, expected_salary: '100' },
      [
        { field: 'expected_currency', reason: 'required with expected_salary' },
        { field: 'expected_pay_basis', reason: 'required with expected_salary (base or total)' },
      ],
    ],
    [
      'a currency and basis without an amount',
      { ...GOOD, expected_currency: 'USD', expected_pay_basis: 'base' },
      [
        { field: 'expected_currency', reason: 'given without expected_salary' },
        { field: 'expected_pay_basis', reason: 'given without expected_salary' },
      ],
    ],
    [
      'an unknown pay basis',
      { ...GOOD, expected_salary: '1', expected_currency: 'USD', expected_pay_basis: 'Base' },
      [{ field: 'expected_pay_basis', reason: 'must be base or total' }],
    ],
  ])('rejects %s', (_name, values, problems) => {
    expect(validateRow(FULL, row(values))).toEqual({ ok: false, problems });
  });

  it('never puts the value in a reason', () => {
    const secret = 'SECRET-VALUE';
    const result = validateRow(
      FULL,
      row({
        full_name: `${secret}\u0007`,
        email: secret,
        phone: secret,
        links: secret,
        expected_salary: secret,
        expected_currency: 'USD',
        expected_pay_basis: secret,
      }),
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('rejects invalid UTF-8 per field, with the reason "not valid UTF-8"', () => {
    expect(validateRow(['full_name', 'email'], cells(undefined, 'cafe@example.com'))).toEqual({
      ok: false,
      problems: [{ field: 'full_name', reason: 'not valid UTF-8' }],
    });
  });

  it('reports an unreadable salary field once, without asking for it as missing', () => {
    const columns: IntakeColumn[] = [
      'full_name',
      'email',
      'expected_salary',
      'expected_currency',
      'expected_pay_basis',
    ];
    expect(validateRow(columns, cells('Ada', 'ada@example.com', '100', undefined, 'base'))).toEqual(
      { ok: false, problems: [{ field: 'expected_currency', reason: 'not valid UTF-8' }] },
    );
  });

  it('rejects a row with the wrong number of fields', () => {
    expect(validateRow(['full_name', 'email'], cells('A'))).toEqual({
      ok: false,
      problems: [{ field: '(row)', reason: 'has 1 fields; the header has 2' }],
    });
  });

  it('keeps formula-like values as given, and reads back values Sift neutralised on export', () => {
    const result = validateRow(
      ['full_name', 'email', 'source', 'phone'],
      cells('=SUM(A1)', 'f@example.com', "'@cmd", "'+1 555 0100"),
    );
    expect(result.ok && result.row).toMatchObject({
      fullName: '=SUM(A1)',
      source: '@cmd',
      phone: '+1 555 0100',
    });
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    const emoji = '😀'.repeat(LIMITS.fullName);
    expect(validateRow(['full_name', 'email'], cells(emoji, 'e@example.com')).ok).toBe(true);
  });
});

describe('helpers', () => {
  it.each<[string, number]>([
    ['', 0],
    ['abc', 3],
    ['Zoë', 3],
    ['😀😀', 2],
  ])('characterCount(%j) = %d', (text, count) => {
    expect(characterCount(text)).toBe(count);
  });

  it.each<[string, string]>([
    ["'=1+1", '=1+1'],
    ["'-5", '-5'],
    ["'@x", '@x'],
    ["'+1", '+1'],
    ["'plain", "'plain"],
    ["O'Brien", "O'Brien"],
    ['=1+1', '=1+1'],
  ])('restoreNeutralised(%j) = %j', (text, restored) => {
    expect(restoreNeutralised(text)).toBe(restored);
  });
});
