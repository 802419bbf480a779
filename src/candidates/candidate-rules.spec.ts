import {
  hasControlCharacters,
  isValidCandidateEmail,
  isValidLink,
  isValidPhone,
  LIMITS,
  neutraliseCsvCell,
  normaliseCandidateEmail,
} from './candidate-rules';

describe('normaliseCandidateEmail', () => {
  it.each<[string, string]>([
    ['ada@example.com', 'ada@example.com'],
    [' Ada@Example.COM ', 'ada@example.com'],
    ['ADA@EXAMPLE.COM', 'ada@example.com'],
    ['\tada@example.com\n', 'ada@example.com'],
    ['Ada.Lovelace+ml@Example.co.uk', 'ada.lovelace+ml@example.co.uk'],
  ])('%j -> %j', (input, expected) => {
    expect(normaliseCandidateEmail(input)).toBe(expected);
  });

  it('makes every case and spacing variant one key', () => {
    const variants = [
      ' Ada@Example.COM ',
      'ada@example.com',
      'ADA@EXAMPLE.COM',
      '  aDa@eXample.com',
    ];
    expect(new Set(variants.map(normaliseCandidateEmail)).size).toBe(1);
  });
});

describe('isValidCandidateEmail', () => {
  it.each([
    'ada@example.com',
    ' Ada@Example.COM ',
    'a.b+tag@sub.example.org',
    'x@y.io',
    `${'a'.repeat(64)}@${'b'.repeat(180)}.com`,
  ])('accepts %j', (email) => {
    expect(isValidCandidateEmail(email)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['spaces only', '   '],
    ['no @', 'ada.example.com'],
    ['two @', 'ada@@example.com'],
    ['no dot in the domain', 'ada@localhost'],
    ['a one-letter top-level domain', 'ada@example.c'],
    ['a space inside', 'ada lovelace@example.com'],
    ['angle brackets', 'Ada <ada@example.com>'],
    ['a comma', 'ada@example.com,bob@example.com'],
    ['a quote', '"ada"@example.com'],
    ['too long', `${'a'.repeat(250)}@example.com`],
  ])('refuses %s', (_name, email) => {
    expect(isValidCandidateEmail(email)).toBe(false);
  });

  it('counts the length after trimming', () => {
    const longest = `${'a'.repeat(LIMITS.email - '@example.com'.length)}@example.com`;
    expect(longest).toHaveLength(LIMITS.email);
    expect(isValidCandidateEmail(`  ${longest}  `)).toBe(true);
    expect(isValidCandidateEmail(`a${longest}`)).toBe(false);
  });
});

describe('isValidPhone', () => {
  it.each(['+44 20 7946 0000', '(555) 123-4567', '555.123.4567', '1234', ' +1 555 0100 '])(
    'accepts %j',
    (phone) => {
      expect(isValidPhone(phone)).toBe(true);
    },
  );

  it.each([
    ['too short', '123'],
    ['letters', '+1 555 CALL NOW'],
    ['an extension word', '555 0100 ext 12'],
    ['a plus in the middle', '555+0100'],
    ['too long', '1'.repeat(41)],
    ['empty', ''],
  ])('refuses %s', (_name, phone) => {
    expect(isValidPhone(phone)).toBe(false);
  });
});

describe('isValidLink', () => {
  it.each([
    'https://github.com/ada',
    'http://example.com',
    'https://example.com/path?q=1#frag',
    `https://example.com/${'a'.repeat(LIMITS.link - 'https://example.com/'.length)}`,
  ])('accepts %j', (link) => {
    expect(isValidLink(link)).toBe(true);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['ftp:', 'ftp://example.com/file'],
    ['mailto:', 'mailto:ada@example.com'],
    ['no scheme', 'github.com/ada'],
    ['not a URL', 'not a url'],
    ['empty', ''],
    ['too long', `https://example.com/${'a'.repeat(LIMITS.link)}`],
  ])('refuses %s', (_name, link) => {
    expect(isValidLink(link)).toBe(false);
  });
});

describe('hasControlCharacters', () => {
  it.each<[string, string, boolean, boolean]>([
    ['plain text', 'Ada Lovelace', false, false],
    ['accents and emoji', 'Zoë Ångström 🚀', false, false],
    ['a newline', 'line one\nline two', true, false],
    ['a carriage return', 'a\r\nb', true, false],
    ['a tab', 'a\tb', true, false],
    ['a NUL', 'a\u0000b', true, true],
    ['an escape', 'a\u001bb', true, true],
    ['DEL', 'a\u007fb', true, true],
    ['a bell', 'a\u0007', true, true],
  ])('%s: single-line %s, with line breaks allowed %s', (_name, text, inLine, inMultiline) => {
    expect(hasControlCharacters(text)).toBe(inLine);
    expect(hasControlCharacters(text, true)).toBe(inMultiline);
  });
});

describe('neutraliseCsvCell', () => {
  it.each<[string, string]>([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Ada Lovelace', 'Ada Lovelace'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(neutraliseCsvCell(input)).toBe(expected);
  });
});
