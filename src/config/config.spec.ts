import { resolve } from 'node:path';
import { ConfigError, loadConfig, parseBoolean, SETTINGS, settingsTable } from './config';

const CWD = '/srv/sift';
const PG_URL = 'postgres://sift:s3cret-pw@db.internal:5432/sift';

/** Runs loadConfig and returns the ConfigError it throws; fails the test if it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  describe('defaults', () => {
    it('without DATABASE_URL: demo mode on a loopback address', () => {
      expect(loadConfig({}, CWD)).toEqual({
        port: 3000,
        host: '127.0.0.1',
        databaseUrl: undefined,
        dataDir: resolve(CWD, 'data'),
        publicUrl: 'http://127.0.0.1:3000',
        trustProxy: false,
        demo: true,
        migrationsRun: true,
        logLevel: 'info',
        bodyLimit: 1048576,
        adminEmail: undefined,
        adminPassword: undefined,
        sessionIdleMinutes: 120,
        sessionMaxHours: 12,
        requisitionApprovals: false,
        retentionDays: undefined,
        smtpUrl: undefined,
        mailFrom: 'sift@localhost',
        outboxIntervalMs: 2000,
        attemptSweepSeconds: 30,
      });
    });

    it('with DATABASE_URL: demo off, all interfaces, links point at localhost', () => {
      const config = loadConfig({ DATABASE_URL: PG_URL }, CWD);
      expect(config).toMatchObject({
        databaseUrl: PG_URL,
        demo: false,
        host: '0.0.0.0',
        port: 3000,
        publicUrl: 'http://localhost:3000',
      });
    });

    it('SIFT_DEMO overrides the default derived from DATABASE_URL, and with it the host', () => {
      expect(loadConfig({ DATABASE_URL: PG_URL, SIFT_DEMO: 'true' }, CWD)).toMatchObject({
        demo: true,
        host: '127.0.0.1',
      });
      expect(loadConfig({ SIFT_DEMO: 'off' }, CWD)).toMatchObject({ demo: false, host: '0.0.0.0' });
    });

    it('treats empty and blank values as unset and trims the rest', () => {
      expect(loadConfig({ PORT: '', HOST: '   ', SIFT_LOG_LEVEL: ' warn ' }, CWD)).toMatchObject({
        port: 3000,
        host: '127.0.0.1',
        logLevel: 'warn',
      });
    });
  });

  describe('dataDir', () => {
    it.each([
      ['the default', undefined, resolve(CWD, 'data')],
      ['a relative path', 'var/sift', resolve(CWD, 'var/sift')],
      ['a parent-relative path', '../shared', '/srv/shared'],
      ['an absolute path', '/var/lib/sift', '/var/lib/sift'],
    ])('%s is resolved against the cwd argument', (_name, value, expected) => {
      const env = value === undefined ? {} : { SIFT_DATA_DIR: value };
      expect(loadConfig(env, CWD).dataDir).toBe(expected);
    });
  });

  describe('publicUrl', () => {
    it.each([
      [{ PORT: '8080' }, 'http://127.0.0.1:8080'],
      [{ HOST: 'sift.example.com', PORT: '80' }, 'http://sift.example.com:80'],
      [{ HOST: '::' }, 'http://localhost:3000'],
      [{ HOST: '::1' }, 'http://[::1]:3000'],
      [{ SIFT_PUBLIC_URL: 'https://sift.example.com/' }, 'https://sift.example.com'],
      [{ SIFT_PUBLIC_URL: 'https://example.com/sift/' }, 'https://example.com/sift'],
      [{ SIFT_PUBLIC_URL: 'HTTP://Sift.Example.com:8443' }, 'http://sift.example.com:8443'],
    ])('%j -> %s', (env, expected) => {
      expect(loadConfig(env, CWD).publicUrl).toBe(expected);
    });
  });

  describe('valid values', () => {
    it.each([
      ['PORT', '0', 'port', 0],
      ['PORT', '65535', 'port', 65535],
      ['HOST', '10.1.2.3', 'host', '10.1.2.3'],
      ['DATABASE_URL', 'postgresql://u@h/db', 'databaseUrl', 'postgresql://u@h/db'],
      ['SIFT_TRUST_PROXY', 'true', 'trustProxy', true],
      ['SIFT_TRUST_PROXY', 'off', 'trustProxy', false],
      ['SIFT_TRUST_PROXY', '2', 'trustProxy', 2],
      ['SIFT_TRUST_PROXY', '10.0.0.0/8,127.0.0.1', 'trustProxy', ['10.0.0.0/8', '127.0.0.1']],
      ['SIFT_TRUST_PROXY', 'loopback, ::1', 'trustProxy', ['loopback', '::1']],
      ['SIFT_MIGRATIONS_RUN', 'no', 'migrationsRun', false],
      ['SIFT_LOG_LEVEL', 'DEBUG', 'logLevel', 'debug'],
      ['SIFT_BODY_LIMIT', '1024', 'bodyLimit', 1024],
      ['SIFT_BODY_LIMIT', '104857600', 'bodyLimit', 104857600],
      [
        'SIFT_SMTP_URL',
        'smtp://u:p@mail.example.com:587',
        'smtpUrl',
        'smtp://u:p@mail.example.com:587',
      ],
      ['SIFT_SMTP_URL', 'smtps://mail.example.com', 'smtpUrl', 'smtps://mail.example.com'],
      ['SIFT_MAIL_FROM', 'hr@example.com', 'mailFrom', 'hr@example.com'],
      [
        'SIFT_MAIL_FROM',
        'Acme Hiring <hr@example.com>',
        'mailFrom',
        'Acme Hiring <hr@example.com>',
      ],
      ['SIFT_PUBLIC_URL', 'https://sift.example.com', 'mailFrom', 'sift@sift.example.com'],
      ['SIFT_OUTBOX_INTERVAL_MS', '0', 'outboxIntervalMs', 0],
      ['SIFT_OUTBOX_INTERVAL_MS', '100', 'outboxIntervalMs', 100],
      ['SIFT_ATTEMPT_SWEEP_SECONDS', '0', 'attemptSweepSeconds', 0],
    ])('%s=%s -> %s %j', (variable, value, key, expected) => {
      expect(loadConfig({ [variable]: value }, CWD)).toHaveProperty(key, expected);
    });
  });

  it('ignores SIFT_TEST_* variables and variables outside the SIFT_ namespace', () => {
    const env = {
      SIFT_TEST_ADMIN_URL: 'postgres://x/y',
      SIFT_TEST_ANYTHING: '1',
      NODE_ENV: 'test',
    };
    expect(loadConfig(env, CWD)).toEqual(loadConfig({}, CWD));
  });

  describe('bad values throw a one-line ConfigError naming the variable', () => {
    it.each([
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['PORT', '-1'],
      ['PORT', '80.5'],
      ['HOST', 'my host'],
      ['DATABASE_URL', 'mysql://root:hunter2@db:3306/sift'],
      ['DATABASE_URL', 'postgres://sift:hunter2@db:5432'],
      ['DATABASE_URL', 'postgres://sift:hunter2@db:5432/'],
      ['DATABASE_URL', 'hunter2 is not a url'],
      ['SIFT_DEMO', 'maybe'],
      ['SIFT_MIGRATIONS_RUN', 'sometimes'],
      ['SIFT_PUBLIC_URL', 'ftp://x'],
      ['SIFT_PUBLIC_URL', 'https://sift.example.com/?a=1'],
      ['SIFT_PUBLIC_URL', 'https://sift.example.com/#top'],
      ['SIFT_PUBLIC_URL', 'https://admin@sift.example.com'],
      ['SIFT_PUBLIC_URL', 'not a url'],
      ['SIFT_TRUST_PROXY', 'garbage'],
      ['SIFT_TRUST_PROXY', '33'],
      ['SIFT_TRUST_PROXY', '10.0.0.1,'],
      ['SIFT_LOG_LEVEL', 'loud'],
      ['SIFT_BODY_LIMIT', '10'],
      ['SIFT_BODY_LIMIT', '104857601'],
      ['SIFT_SMTP_URL', 'http://mail.example.com'],
      ['SIFT_SMTP_URL', 'smtp://mail.example.com/path'],
      ['SIFT_SMTP_URL', 'not a url'],
      ['SIFT_MAIL_FROM', 'not an address'],
      ['SIFT_MAIL_FROM', 'Hiring <hr@example.com'],
      ['SIFT_OUTBOX_INTERVAL_MS', '50'],
      ['SIFT_OUTBOX_INTERVAL_MS', '3600001'],
      ['SIFT_ATTEMPT_SWEEP_SECONDS', '3601'],
      ['SIFT_DEOM', 'true'],
    ])('%s=%s', (variable, value) => {
      const error = configError({ [variable]: value });
      expect(error.variable).toBe(variable);
      expect(error.name).toBe('ConfigError');
      expect(error.message.startsWith(`Configuration error: ${variable} `)).toBe(true);
      expect(error.message).not.toContain('\n');
      expect(error.message).toBe(`Configuration error: ${variable} ${error.reason}`);
    });
  });

  it('echoes a non-secret bad value so the operator can see it', () => {
    expect(configError({ PORT: 'abc' }).message).toBe(
      'Configuration error: PORT must be an integer from 0 to 65535 (got "abc")',
    );
  });

  it.each([
    'mysql://root:hunter2@db:3306/sift',
    'postgres://sift:hunter2@db:5432',
    'hunter2 is not a url',
    'postgres://sift:hunter2@db:5432/',
  ])('never echoes the DATABASE_URL secret: %s', (value) => {
    const error = configError({ DATABASE_URL: value });
    expect(error.message).not.toContain('hunter2');
    expect(error.reason).not.toContain('hunter2');
  });

  it.each(['ftp://mailer:hunter2@mail.example.com', 'smtp://mailer:hunter2@mail.example.com/x'])(
    'never echoes the SIFT_SMTP_URL secret: %s',
    (value) => {
      const error = configError({ SIFT_SMTP_URL: value });
      expect(error.variable).toBe('SIFT_SMTP_URL');
      expect(error.message).not.toContain('hunter2');
    },
  );

  it.each([
    ['SIFT_LOG_LEVEL', 'loud\nINFO fake log line'],
    ['HOST', 'a\nb'],
    ['SIFT_DEMO', 'yes\r\nno'],
  ])('keeps the error on one line when %s holds a newline', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it.each([
    'https://:hunter2@sift.example.com',
    'https://admin:hunter2@sift.example.com',
    'ftp://user:hunter2@sift.example.com',
  ])('refuses credentials in SIFT_PUBLIC_URL without echoing them: %s', (value) => {
    const error = configError({ SIFT_PUBLIC_URL: value });
    expect(error.variable).toBe('SIFT_PUBLIC_URL');
    expect(error.message).not.toContain('hunter2');
  });

  it.each(['cafe', 'bad.face', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '300.1.1.1'])(
    'refuses %s as a trusted proxy',
    (value) => {
      expect(configError({ SIFT_TRUST_PROXY: value }).variable).toBe('SIFT_TRUST_PROXY');
    },
  );

  it('accepts IPv6 proxies and keywords', () => {
    expect(loadConfig({ SIFT_TRUST_PROXY: '::1, fd00::/8, loopback' }, CWD).trustProxy).toEqual([
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  describe('first admin', () => {
    it('takes both variables, keeping spaces in the password', () => {
      const config = loadConfig(
        { SIFT_ADMIN_EMAIL: 'root@example.com', SIFT_ADMIN_PASSWORD: ' twelve chars+ ' },
        CWD,
      );
      expect(config.adminEmail).toBe('root@example.com');
      expect(config.adminPassword).toBe(' twelve chars+ ');
    });

    it.each([
      [{ SIFT_ADMIN_EMAIL: 'root@example.com' }, 'SIFT_ADMIN_PASSWORD'],
      [{ SIFT_ADMIN_PASSWORD: 'long enough password' }, 'SIFT_ADMIN_EMAIL'],
      [
        { SIFT_ADMIN_EMAIL: 'not-an-email', SIFT_ADMIN_PASSWORD: 'long enough password' },
        'SIFT_ADMIN_EMAIL',
      ],
      [
        { SIFT_ADMIN_EMAIL: 'root@example.com', SIFT_ADMIN_PASSWORD: 'short' },
        'SIFT_ADMIN_PASSWORD',
      ],
    ])('refuses %j naming %s', (env, variable) => {
      const error = configError(env);
      expect(error.variable).toBe(variable);
      expect(error.message).not.toContain('long enough password');
    });

    it.each([
      [{ SIFT_SESSION_IDLE_MINUTES: '2' }, 'SIFT_SESSION_IDLE_MINUTES'],
      [{ SIFT_SESSION_MAX_HOURS: '0' }, 'SIFT_SESSION_MAX_HOURS'],
      [{ SIFT_SESSION_MAX_HOURS: 'ten' }, 'SIFT_SESSION_MAX_HOURS'],
    ])('refuses session lifetimes %j', (env, variable) => {
      expect(configError(env).variable).toBe(variable);
    });
  });

  it('reports a misspelled SIFT_ variable before validating anything else', () => {
    const error = configError({ PORT: 'abc', SIFT_DEOM: 'true' });
    expect(error.variable).toBe('SIFT_DEOM');
  });
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['On', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['OFF', false],
  ])('%s -> %s', (raw, expected) => {
    expect(parseBoolean('SIFT_DEMO', raw)).toBe(expected);
  });

  it.each(['maybe', 'y', '2', 'enabled'])('refuses %s', (raw) => {
    expect(() => parseBoolean('SIFT_DEMO', raw)).toThrow(
      new ConfigError('SIFT_DEMO', `must be true or false (got "${raw}")`),
    );
  });
});

describe('settingsTable', () => {
  const SETTING_NAMES = [
    'PORT',
    'HOST',
    'DATABASE_URL',
    'SIFT_DATA_DIR',
    'SIFT_PUBLIC_URL',
    'SIFT_TRUST_PROXY',
    'SIFT_DEMO',
    'SIFT_MIGRATIONS_RUN',
    'SIFT_LOG_LEVEL',
    'SIFT_BODY_LIMIT',
    'SIFT_ADMIN_EMAIL',
    'SIFT_ADMIN_PASSWORD',
    'SIFT_SESSION_IDLE_MINUTES',
    'SIFT_SESSION_MAX_HOURS',
    'SIFT_REQUISITION_APPROVALS',
    'SIFT_RETENTION_DAYS',
    'SIFT_SMTP_URL',
    'SIFT_MAIL_FROM',
    'SIFT_OUTBOX_INTERVAL_MS',
    'SIFT_ATTEMPT_SWEEP_SECONDS',
  ];
  const table = settingsTable();
  const lines = table.split('\n');

  it('has a header and one row per setting', () => {
    expect(lines.slice(0, 2)).toEqual(['| variable | default | meaning |', '|---|---|---|']);
    expect(lines).toHaveLength(2 + SETTINGS.length);
  });

  it.each(SETTING_NAMES)('lists %s', (name) => {
    expect(lines.filter((line) => line.startsWith(`| \`${name}\` |`))).toHaveLength(1);
  });

  it('declares exactly the documented settings, in README order', () => {
    expect(SETTINGS.map((s) => s.name)).toEqual(SETTING_NAMES);
  });
});
