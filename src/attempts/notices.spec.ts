import { NoticeService, newestNotice } from './notices';

describe('newestNotice', () => {
  it.each([
    [['2026-11.md', '2027-01.md'], '2027-01'],
    [['v2.md', 'v10.md', 'v9.md'], 'v10'],
    [['2026-11.md', 'README.txt'], '2026-11'],
  ])('%j -> %s', (names, expected) => {
    const files = new Map(names.map((name) => [name, `text of ${name}`]));
    expect(newestNotice(files).version).toBe(expected);
  });

  it.each([
    [new Map<string, string>(), 'no candidate notice'],
    [new Map([['bad name!.md', 'x']]), 'is not a version'],
    [new Map([['v1.md', '  \n']]), 'is empty'],
  ])('refuses %p', (files, message) => {
    expect(() => newestNotice(files)).toThrow(message);
  });

  it('ships a notice that covers what the candidate must know', () => {
    const { version, text } = new NoticeService().current;
    expect(version).toMatch(/^\d{4}-\d{2}$/);
    for (const topic of [
      'recorded',
      'focus',
      'paste',
      'never a verdict',
      'erase',
      'kept',
      'recruiter',
    ]) {
      expect(text).toContain(topic);
    }
  });
});
