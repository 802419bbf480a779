import {
  defaultDelivery,
  invitationLink,
  invitationMessage,
  multiplierText,
  utcMinute,
} from './invitation-rules';

describe('defaultDelivery', () => {
  it.each([
    [true, 'email'],
    [false, 'copy'],
  ])('mail configured %p -> %s', (configured, delivery) => {
    expect(defaultDelivery(configured)).toBe(delivery);
  });
});

describe('invitationLink', () => {
  it.each([
    ['https://sift.example.com', 'abc', 'https://sift.example.com/invite/abc'],
    ['https://example.com/sift', 'abc', 'https://example.com/sift/invite/abc'],
    ['http://127.0.0.1:3000/', 'x_y-z', 'http://127.0.0.1:3000/invite/x_y-z'],
  ])('%s + %s -> %s', (base, token, link) => {
    expect(invitationLink(base, token)).toBe(link);
  });
});

describe('multiplierText', () => {
  it.each([
    [1, '1.00'],
    [1.5, '1.50'],
    [1.25, '1.25'],
    [1.15, '1.15'],
    [2.99, '2.99'],
    [3, '3.00'],
  ])('%p -> %s', (value, text) => {
    expect(multiplierText(value)).toBe(text);
  });

  it.each([0.99, 3.01, 1.255, Number.NaN, Number.POSITIVE_INFINITY, 0])('refuses %p', (value) => {
    expect(() => multiplierText(value)).toThrow(RangeError);
  });
});

describe('invitationMessage', () => {
  const base = {
    candidateName: 'Ada Lovelace',
    requisitionTitle: 'Senior ML Engineer',
    link: 'https://sift.example.com/invite/tok',
    expiresAt: new Date('2026-12-05T15:00:59.999Z'),
    timeLimitMinutes: 40,
    timeMultiplier: 1,
  };

  it('greets by name and carries the link, the expiry, the time limit and how to start', () => {
    const { subject, text } = invitationMessage(base);
    expect(subject).toBe('Your skills assessment for Senior ML Engineer');
    expect(text.split('\n')[0]).toBe('Hello Ada Lovelace,');
    expect(text.split('\n')).toContain('https://sift.example.com/invite/tok');
    expect(text).toContain('The link works until 2026-12-05 15:00 UTC.');
    expect(text).toContain('You have 40 minutes in total;');
    expect(text).toContain('press Start');
    expect(text).not.toContain('extra time');
  });

  it.each([
    [1.5, 'You have 60 minutes in total (this includes the extra time arranged for you: 1.50'],
    [1.25, 'You have 50 minutes in total (this includes'],
    [2.33, 'You have 93 minutes in total (this includes'],
  ])('applies a multiplier of %p', (timeMultiplier, expected) => {
    expect(invitationMessage({ ...base, timeMultiplier }).text).toContain(expected);
  });

  it.each([null, '  '])('greets without a name when there is none (%p)', (candidateName) => {
    expect(invitationMessage({ ...base, candidateName }).text.startsWith('Hello,\n')).toBe(true);
  });

  it('keeps the subject within the 300 characters the table allows', () => {
    expect(
      invitationMessage({ ...base, requisitionTitle: 'x'.repeat(400) }).subject.length,
    ).toBeLessThanOrEqual(300);
  });
});

describe('utcMinute', () => {
  it('writes the minute in UTC whatever the local zone', () => {
    expect(utcMinute(new Date('2026-01-31T23:59:30+02:00'))).toBe('2026-01-31 21:59 UTC');
  });
});
