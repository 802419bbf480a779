import { unsupportedServerReason } from './server-version';

describe('unsupportedServerReason', () => {
  it.each([
    [140011, 'PostgreSQL 14 is too old: Sift needs PostgreSQL 15 to 18'],
    [90624, 'PostgreSQL 9 is too old: Sift needs PostgreSQL 15 to 18'],
    [190000, 'PostgreSQL 19 is newer than Sift is tested with (15 to 18)'],
  ])('refuses %d', (versionNum, reason) => {
    expect(unsupportedServerReason(versionNum)).toBe(reason);
  });

  it.each([150000, 150019, 160004, 170002, 180004])('accepts %d', (versionNum) => {
    expect(unsupportedServerReason(versionNum)).toBeUndefined();
  });
});
