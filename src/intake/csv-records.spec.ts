import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import {
  CsvFileError,
  CsvRecord,
  CsvRecordStream,
  decodeFields,
  Field,
  FieldRanges,
  FileDigest,
  MALFORMED_REASONS,
  MalformedRecord,
  scanRecord,
} from './csv-records';

async function read(
  input: Buffer | string,
  maxRecordBytes = 1024,
  chunkBytes = Infinity,
): Promise<{
  records: { line: number; cells: Field[] }[];
  malformed: MalformedRecord[];
  sha: string;
}> {
  const bytes = Buffer.from(input);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += Math.min(chunkBytes, bytes.length)) {
    chunks.push(bytes.subarray(at, at + chunkBytes));
  }
  const digest = new FileDigest();
  const parser = new CsvRecordStream(maxRecordBytes);
  pipeline(Readable.from(chunks), digest, parser, () => undefined);
  const records: { line: number; cells: Field[] }[] = [];
  const malformed: MalformedRecord[] = [];
  for await (const batch of parser as AsyncIterable<CsvRecord[]>) {
    for (const record of batch) {
      malformed.push(...record.malformed);
      records.push({ line: record.line, cells: record.cells });
    }
  }
  malformed.push(...parser.trailing());
  return { records, malformed, sha: digest.sha256 };
}

describe('CsvRecordStream', () => {
  it('numbers records by the line they start on, across blank lines and quoted line breaks', async () => {
    const { records, malformed } = await read('a,b\n1,2\n\n"x\ny",3\n4,5\n,\n6,7');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['x\ny', '3'] },
      { line: 6, cells: ['4', '5'] },
      { line: 8, cells: ['6', '7'] },
    ]);
    expect(malformed).toEqual([]);
  });

  it('numbers CRLF files alike', async () => {
    const { records } = await read(
      'a,b\r\n1,2\r\n\r\n"x\r\ny",3\r\n4,5\r\n"p\r\nq\r\nr",9\r\n\r\n5,6\r\n',
    );
    expect(records.map((r) => [r.line, ...r.cells])).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
      [4, 'x\r\ny', '3'],
      [6, '4', '5'],
      [7, 'p\r\nq\r\nr', '9'],
      [11, '5', '6'],
    ]);
  });

  it('reports an unreadable record once, by its line, and goes on', async () => {
    const { records, malformed } = await read('a,b\n1,2"x"y\n3,4\n');
    expect(records.map((r) => r.line)).toEqual([1, 3]);
    expect(malformed).toEqual([{ line: 2, reason: expect.stringContaining('quote') }]);
  });

  it('reports a quote left open at the end', async () => {
    const { records, malformed } = await read('a,b\n1,2\n"open,3\n4,5\n');
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(malformed).toEqual([{ line: 3, reason: expect.stringContaining('never closed') }]);
  });

  it('refuses the file when one record exceeds the size limit', async () => {
    await expect(read(`a,b\n"${'x'.repeat(2000)}",1\n2,3\n`)).rejects.toThrow(CsvFileError);
  });

  const rows = (records: { line: number; cells: Field[] }[]) =>
    records.map((r) => [r.line, ...r.cells]);

  it.each<[string, string, (string | number)[][], [number, string][]]>([
    ['quoted commas and doubled quotes', 'a,"b, ""c""",d\n', [[1, 'a', 'b, "c"', 'd']], []],
    ['a closing quote at the very end', 'a,"b"', [[1, 'a', 'b']], []],
    [
      'CRLF after a closing quote',
      '"a","b"\r\nc,d\r\n',
      [
        [1, 'a', 'b'],
        [2, 'c', 'd'],
      ],
      [],
    ],
    ['empty quoted and unquoted cells', 'a,"",\n', [[1, 'a', '', '']], []],
    [
      'a row of empty cells is skipped',
      'a\n,,\n""\nb\n',
      [
        [1, 'a'],
        [4, 'b'],
      ],
      [],
    ],
    [
      'uneven rows are kept as they are',
      'a,b,c\nd\n',
      [
        [1, 'a', 'b', 'c'],
        [2, 'd'],
      ],
      [],
    ],
    [
      'text after a closing quote spoils that line only',
      'a\n"x\ny"z,1\nb\n',
      [
        [1, 'a'],
        [4, 'b'],
      ],
      [[2, MALFORMED_REASONS.closingQuote]],
    ],
    [
      'a quote inside an unquoted value',
      'a\nab"c,1\nb\n',
      [
        [1, 'a'],
        [3, 'b'],
      ],
      [[2, MALFORMED_REASONS.openingQuote]],
    ],
    ['a lone CR stays in the value', 'a\rb,c\n', [[1, 'a\rb', 'c']], []],
  ])('reads %s, in any chunking', async (_name, input, expected, broken) => {
    for (const chunkBytes of [Infinity, 1, 2, 3, 5]) {
      const { records, malformed } = await read(input, 1024, chunkBytes);
      expect(rows(records)).toEqual(expected);
      expect(malformed.map((m) => [m.line, m.reason])).toEqual(broken);
    }
  });

  it('refuses the file when a quote left open grows past the limit while streaming', async () => {
    const input = `a,b\n"open,${'x,'.repeat(2000)}\n`;
    await expect(read(input, 1024, 64)).rejects.toThrow('is a quote left open');
  });

  it('reads a multi-byte character split between chunks', async () => {
    const { records } = await read('n\nJosé,Zoë\n', 1024, 1);
    expect(rows(records)).toEqual([
      [1, 'n'],
      [2, 'José', 'Zoë'],
    ]);
  });

  it('decodes field by field, so one bad byte spoils one field only', async () => {
    const { records } = await read(Buffer.from([0x61, 0x2c, 0xff, 0x2c, 0xc3, 0xab, 0x0a]));
    expect(records[0]!.cells).toEqual(['a', undefined, 'ë']);
  });
});

describe('decodeFields', () => {
  /** Scans one record of `bytes` and decodes it, through the ASCII path when it applies. */
  function decode(bytes: Buffer, ascii: boolean): Field[] {
    const fields: FieldRanges = [];
    const scan = scanRecord(bytes, 0, true, fields);
    if (scan.kind !== 'record') throw new Error(`not a record: ${scan.kind}`);
    return decodeFields(bytes, fields, 0, scan.end, ascii ? bytes.toString('latin1') : undefined);
  }

  it.each<[string, number[] | string, Field[]]>([
    ['plain ASCII', 'ab,cd\n', ['ab', 'cd']],
    ['doubled quotes', '"say ""hi""","""",x\n', ['say "hi"', '"', 'x']],
    ['a quoted line break', '"a\nb",c', ['a\nb', 'c']],
    ['two-byte and four-byte characters', 'Zoë,😀', ['Zoë', '😀']],
    ['a lone continuation byte', [0x61, 0x2c, 0xe9, 0x0a], ['a', undefined]],
    ['a truncated character', [0xc3, 0x2c, 0x62], [undefined, 'b']],
    ['an encoded surrogate', [0xed, 0xa0, 0x80, 0x2c, 0x62], [undefined, 'b']],
    [
      'a bad byte among doubled quotes',
      [0x22, 0xff, 0x22, 0x22, 0x22, 0x2c, 0x22, 0x22],
      [undefined, ''],
    ],
  ])('reads %s', (_name, input, expected) => {
    const bytes = Buffer.from(input as string);
    expect(decode(bytes, false)).toEqual(expected);
    if (bytes.every((byte) => byte < 0x80)) expect(decode(bytes, true)).toEqual(expected);
  });
});

describe('FileDigest', () => {
  it('hashes the bytes as uploaded, BOM included, and hands on the text without it', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n')]);
    const { records, sha } = await read(withBom);
    expect(records[0]!.cells).toEqual(['a', 'b']);
    expect(sha).toBe(createHash('sha256').update(withBom).digest('hex'));
  });

  it.each([
    ['UTF-16 LE', [0xff, 0xfe, 0x61, 0x00]],
    ['UTF-16 BE', [0xfe, 0xff, 0x00, 0x61]],
  ])('refuses %s', async (_name, bytes) => {
    await expect(read(Buffer.from(bytes))).rejects.toThrow('UTF-16');
  });
});
