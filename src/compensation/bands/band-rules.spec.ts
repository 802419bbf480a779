import { BAND_CSV_COLUMNS, bandCsvHeader, bandCsvLine, parseBandCsv } from './band-rules';

const FAMILIES = new Set(['ai-engineer', 'ml-engineer']);
const HEADER = BAND_CSV_COLUMNS.join(',');
const GOOD =
  'ai-engineer,senior,US,USD,base,2026-01-01,100000,120000,140000.50,160000,200000,,250,Our survey,https://example.com/s,published';

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
const problemsOf = (...lines: string[]) =>
  parseBandCsv(csv(HEADER, ...lines), FAMILIES).problems.map(
    (p) => `${p.line}:${p.field}: ${p.message}`,
  );

describe('parseBandCsv', () => {
  it('reads a band, amounts in major units to minor units', () => {
    const parsed = parseBandCsv(csv(HEADER, GOOD), FAMILIES);
    expect(parsed.problems).toEqual([]);
    expect(parsed.bands).toEqual([
      {
        line: 2,
        band: {
          roleFamilyId: 'ai-engineer',
          level: 'senior',
          country: 'US',
          currency: 'USD',
          payBasis: 'base',
          effectiveFrom: '2026-01-01',
          p10: 10_000_000,
          p25: 12_000_000,
          p50: 14_000_050,
          p75: 16_000_000,
          p90: 20_000_000,
          meanAmount: null,
          sampleSize: 250,
          source: 'Our survey',
          sourceUrl: 'https://example.com/s',
          method: 'published',
        },
      },
    ]);
  });

  it('takes columns in any order and case, optional ones left out, a BOM and LF endings', () => {
    const text =
      '\ufeffSOURCE,Currency,p50,level,country,pay_basis,effective_from,role_family\n' +
      'Survey,JPY,9000000,mid,JP,total,2026-02-01,ml-engineer\n';
    const parsed = parseBandCsv(Buffer.from(text, 'utf8'), FAMILIES);
    expect(parsed.problems).toEqual([]);
    expect(parsed.bands[0]?.band).toMatchObject({
      currency: 'JPY',
      p50: 9_000_000,
      p10: null,
      payBasis: 'total',
    });
  });

  it.each<[string, string, string[]]>([
    [
      'unordered percentiles',
      'ai-engineer,senior,US,USD,base,2026-01-01,100000,90000,,,,,,S,,',
      ['2:percentiles: p25 is below p10: percentiles must be ordered'],
    ],
    [
      'an unknown currency',
      'ai-engineer,senior,US,XYZ,base,2026-01-01,,,1,,,,,S,,',
      ['2:currency: unknown currency "XYZ"'],
    ],
    [
      'a negative amount',
      'ai-engineer,senior,US,USD,base,2026-01-01,,,-5,,,,,S,,',
      ['2:p50: must not be negative'],
    ],
    [
      'too many decimals',
      'ai-engineer,senior,US,JPY,base,2026-01-01,,,100.5,,,,,S,,',
      ['2:p50: "100.5" has more than 0 decimal places for JPY'],
    ],
    [
      'not an amount',
      'ai-engineer,senior,US,USD,base,2026-01-01,,,lots,,,,,S,,',
      ['2:p50: "lots" is not an amount'],
    ],
    [
      'no percentile',
      'ai-engineer,senior,US,USD,base,2026-01-01,,,,,,5,,S,,',
      ['2:percentiles: at least one of p10, p25, p50, p75, p90 is required'],
    ],
    [
      'an unknown role family',
      'nope,senior,US,USD,base,2026-01-01,,,1,,,,,S,,',
      ['2:role_family: unknown role family nope'],
    ],
    [
      'a bad level, basis, country and date at once',
      'ai-engineer,lead,USA,USD,gross,2026-02-30,,,1,,,,,S,,',
      [
        '2:level: must be one of junior, mid, senior, staff, principal',
        '2:pay_basis: must be one of base, total',
        '2:country: must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE',
        '2:effective_from: must be a date as YYYY-MM-DD',
      ],
    ],
    [
      'a bad sample size',
      'ai-engineer,senior,US,USD,base,2026-01-01,,,1,,,,0,S,,',
      ['2:sample_size: must be a whole number from 1 to 100000000'],
    ],
    [
      'no source',
      'ai-engineer,senior,US,USD,base,2026-01-01,,,1,,,,,,,',
      ['2:source: must be 1 to 500 characters'],
    ],
    [
      'a bad URL',
      'ai-engineer,senior,US,USD,base,2026-01-01,,,1,,,,,S,ftp://x,',
      ['2:source_url: must be an http(s) URL'],
    ],
    ['extra cells', `${GOOD},extra`, ['2:(row): more cells than the header has columns']],
    [
      'a stray quote',
      'ai-engineer,sen"ior,US',
      ['2:(row): a quote inside an unquoted value (quote the whole value and double inner quotes)'],
    ],
  ])('reports %s by line and column', (_name, line, problems) => {
    expect(problemsOf(line)).toEqual(problems);
  });

  it('refuses a duplicate within the file, naming the first line', () => {
    expect(problemsOf(GOOD, GOOD.replace('Our survey', 'Other'))).toEqual([
      '3:(row): duplicate of line 2: same role family, level, country, currency, pay basis and effective date',
    ]);
  });

  it('reports every bad row, not only the first', () => {
    expect(problemsOf(GOOD.replace('USD', 'XXX'), GOOD, GOOD.replace('base', 'nett'))).toHaveLength(
      2,
    );
  });

  it.each<[string, string, string[]]>([
    ['an empty file', '', ['1:(file): empty file']],
    ['an unknown column', `${HEADER},bonus\n`, ['1:bonus: unknown column']],
    ['a column twice', `${HEADER},p50\n`, ['1:p50: column given twice']],
    [
      'a required column missing',
      'level,country\n',
      [
        '1:role_family: required column missing',
        '1:currency: required column missing',
        '1:pay_basis: required column missing',
        '1:effective_from: required column missing',
        '1:source: required column missing',
      ],
    ],
  ])('refuses %s at the header', (_name, text, problems) => {
    const parsed = parseBandCsv(Buffer.from(text, 'utf8'), FAMILIES);
    expect(parsed.problems.map((p) => `${p.line}:${p.field}: ${p.message}`)).toEqual(problems);
  });
});

describe('bandCsvLine', () => {
  it('writes a band that reads back as the same band', () => {
    const [first] = parseBandCsv(csv(HEADER, GOOD), FAMILIES).bands;
    const text = bandCsvHeader() + bandCsvLine({ ...first!.band, method: '=cmd()' });
    expect(text).toContain(",'=cmd()\r\n");
    const again = parseBandCsv(Buffer.from(text, 'utf8'), FAMILIES);
    expect(again.bands[0]?.band).toEqual({ ...first!.band, method: '=cmd()' });
  });
});
