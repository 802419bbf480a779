import { afterFailure, describeSendError, MAX_TRIES, maskRecipient } from './outbox-rules';

describe('afterFailure', () => {
  it.each([
    [1, { status: 'pending', retryInSeconds: 30 }],
    [2, { status: 'pending', retryInSeconds: 60 }],
    [3, { status: 'pending', retryInSeconds: 120 }],
    [4, { status: 'pending', retryInSeconds: 240 }],
    [5, { status: 'pending', retryInSeconds: 480 }],
    [6, { status: 'pending', retryInSeconds: 960 }],
    [7, { status: 'pending', retryInSeconds: 1920 }],
    [8, { status: 'failed' }],
    [9, { status: 'failed' }],
  ])('after %i failed tries: %j', (tries, outcome) => {
    expect(afterFailure(tries)).toEqual(outcome);
  });

  it('never waits more than an hour, whatever the schedule constants', () => {
    for (let tries = 1; tries < MAX_TRIES; tries++) {
      const outcome = afterFailure(tries);
      expect(outcome.status === 'pending' && outcome.retryInSeconds <= 3600).toBe(true);
    }
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %p tries', (tries) => {
    expect(() => afterFailure(tries)).toThrow(RangeError);
  });
});

describe('maskRecipient', () => {
  it.each([
    ['jane.doe@example.com', 'j***@example.com'],
    ['a@b.org', 'a***@b.org'],
    ['"odd@name"@example.com', '"***@example.com'],
    ['no-at-sign', '***'],
    ['@example.com', '***'],
    [null, null],
  ])('%p -> %p', (address, masked) => {
    expect(maskRecipient(address)).toBe(masked);
  });
});

describe('describeSendError', () => {
  it.each<[string, unknown, string[], string]>([
    [
      'adds the error code when the message lacks it',
      Object.assign(new Error('Connection refused'), { code: 'ESOCKET' }),
      [],
      'ESOCKET: Connection refused',
    ],
    [
      'keeps a message that already names its code',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ECONNREFUSED' }),
      [],
      'connect ECONNREFUSED 127.0.0.1:2525',
    ],
    [
      'removes the recipient and the relay credentials',
      new Error('550 5.1.1 <jane@example.com>: rejected for mailer (pw s3cret-pw)'),
      ['jane@example.com', 'mailer', 's3cret-pw'],
      '550 5.1.1 <***>: rejected for *** (pw ***)',
    ],
    [
      'removes credentials from URLs',
      new Error('cannot reach smtp://user:pw@relay.example.com:587'),
      [],
      'cannot reach smtp://***@relay.example.com:587',
    ],
    ['folds lines', new Error('421 busy\r\n try later'), [], '421 busy try later'],
    ['takes non-errors', 'plain text', [''], 'plain text'],
    ['names an empty error', new Error(''), [], 'unknown error'],
  ])('%s', (_name, error, secrets, expected) => {
    expect(describeSendError(error, secrets)).toBe(expected);
  });

  it('shortens long errors to 500 characters', () => {
    const text = describeSendError(new Error('x'.repeat(5000)), []);
    expect(text).toHaveLength(500);
    expect(text.endsWith('...')).toBe(true);
  });
});
