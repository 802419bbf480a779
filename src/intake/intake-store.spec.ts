import { copyLine } from './copy-text';
import { CandidateRow } from './intake-row';
import { acceptedLine, rejectedLine } from './intake-store';

const JOB = '0e8b6a4f-1234-4abc-8def-0123456789ab';
const IDS = {
  candidateId: '01a24ff2-2900-7abc-8def-0123456789ab',
  applicationId: '01a24ff2-2900-7def-9abc-0123456789ab',
};
const PLAIN: CandidateRow = {
  fullName: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: null,
  location: null,
  source: null,
  links: [],
  resumeText: null,
  expectedSalary: null,
};

/** The staging columns in order, through the general writer: what acceptedLine must equal. */
function expected(line: number, row: CandidateRow): string {
  const salary = row.expectedSalary;
  return copyLine([
    JOB,
    line,
    'accepted',
    row.fullName,
    row.email,
    row.phone,
    row.location,
    row.source,
    JSON.stringify(row.links),
    row.resumeText,
    salary?.amount,
    salary?.currency,
    salary?.payBasis,
    null,
    IDS.candidateId,
    IDS.applicationId,
  ]);
}

describe('acceptedLine', () => {
  it.each<[string, CandidateRow]>([
    ['only the required fields', PLAIN],
    [
      'every field',
      {
        fullName: 'Lee, Yuna',
        email: 'yuna@example.kr',
        phone: '+82 2 555 0100',
        location: 'Seoul',
        source: 'referral',
        links: ['https://a.example.com', 'https://b.example.com/x?y=1'],
        resumeText: 'Retrieval, evals',
        expectedSalary: { amount: 90_000_000, currency: 'KRW', payBasis: 'total' },
      },
    ],
    [
      'text COPY must escape',
      {
        ...PLAIN,
        fullName: 'back\\slash',
        links: ['https://x.example.com/"quoted"'],
        resumeText: 'tab\there\nnew line\r\nand \\N itself',
        expectedSalary: { amount: 15_000_050, currency: 'USD', payBasis: 'base' },
      },
    ],
    ['formula-like values, stored as given', { ...PLAIN, fullName: '=SUM(A1)', source: '@cmd' }],
  ])('writes %s as copyLine would', (_name, row) => {
    expect(acceptedLine(JOB, 7, row, IDS)).toBe(expected(7, row));
  });

  it('is one line with the 16 staging columns', () => {
    const text = acceptedLine(JOB, 2, { ...PLAIN, resumeText: 'a\nb\tc' }, IDS);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    expect(text.split('\t')).toHaveLength(16);
  });
});

describe('rejectedLine', () => {
  it('leaves every value column empty and carries the problems and no ids', () => {
    const text = rejectedLine(JOB, 3, [{ field: 'email', reason: 'required' }]);
    const cells = text.slice(0, -1).split('\t');
    expect(cells).toHaveLength(16);
    expect(cells.slice(0, 3)).toEqual([JOB, '3', 'rejected']);
    expect(cells.slice(3, 13).every((cell) => cell === '\\N')).toBe(true);
    expect(JSON.parse(cells[13]!)).toEqual([{ field: 'email', reason: 'required' }]);
    expect(cells.slice(14)).toEqual(['\\N', '\\N']);
  });
});
