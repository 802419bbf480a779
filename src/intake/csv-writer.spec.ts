import { copyLine, copyValue } from './copy-text';
import { csvCell, csvLine } from './csv-writer';

describe('csvCell (CSV Sift writes)', () => {
  it.each<[string | number | null | undefined, string]>([
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [42, '42'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTabbed', "'\tTabbed"],
    ['\rReturn', `"'\rReturn"`],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['a=b', 'a=b'],
  ])('%j -> %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', '=b', 'c,d'])).toBe(`a,'=b,"c,d"\r\n`);
  });
});

describe('COPY text format', () => {
  it.each<[string | number | null | undefined, string]>([
    [null, '\\N'],
    [undefined, '\\N'],
    ['plain', 'plain'],
    [7, '7'],
    ['back\\slash', 'back\\\\slash'],
    ['tab\there', 'tab\\there'],
    ['new\nline\r\n', 'new\\nline\\r\\n'],
    ['\\N', '\\\\N'],
  ])('%j -> %j', (value, text) => {
    expect(copyValue(value)).toBe(text);
  });

  it('joins values with tabs and ends with a newline', () => {
    expect(copyLine(['a', null, 'b\tc'])).toBe('a\t\\N\tb\\tc\n');
  });
});
