import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';

/**
 * Sift's whole configuration, read from the environment once at start-up. Each setting is declared
 * once below with its documentation, so the README table is generated from the same source
 * (`npm run config:docs`) and cannot drift from what the code accepts.
 */
export interface SiftConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  trustProxy: boolean | number | string[];
  demo: boolean;
  migrationsRun: boolean;
  logLevel: LogLevel;
  bodyLimit: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  requisitionApprovals: boolean;
  retentionDays: number | undefined;
  /** smtp:// or smtps:// URL of the mail relay; unset: invitations are copied by hand. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** How often the outbox is polled for mail to send; 0: this instance sends none. */
  outboxIntervalMs: number;
  /** How often attempts past their deadline are finalised; 0: this instance does not sweep. */
  attemptSweepSeconds: number;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Configuration error: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

interface Setting {
  name: string;
  default: string;
  description: string;
  /** Secret values are never echoed back in error messages. */
  secret?: boolean;
}

export const SETTINGS: readonly Setting[] = [
  { name: 'PORT', default: '3000', description: 'TCP port the HTTP server listens on.' },
  {
    name: 'HOST',
    default: '127.0.0.1 in demo mode, else 0.0.0.0',
    description: 'Address the HTTP server binds to.',
  },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded PostgreSQL)',
    description:
      'PostgreSQL 15-18 connection URL (`postgres://user:pass@host:5432/db`). When unset, Sift runs an embedded PostgreSQL in `SIFT_DATA_DIR`.',
    secret: true,
  },
  {
    name: 'SIFT_DATA_DIR',
    default: './data',
    description:
      'Directory for the embedded database and generated files. Relative paths are resolved from the working directory.',
  },
  {
    name: 'SIFT_PUBLIC_URL',
    default: 'http://HOST:PORT',
    description: 'Public base URL (http or https) used in links Sift hands out, e.g. invitations.',
    // Not a secret by design, but a mistaken value may carry credentials: never echo it.
    secret: true,
  },
  {
    name: 'SIFT_TRUST_PROXY',
    default: 'false',
    description:
      '`true`/`false`, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs whose `X-Forwarded-*` headers are trusted.',
  },
  {
    name: 'SIFT_DEMO',
    default: 'true without DATABASE_URL, else false',
    description:
      'Demo mode: binds to 127.0.0.1 unless HOST is set, and is where demo content is loaded as features ship it.',
  },
  {
    name: 'SIFT_MIGRATIONS_RUN',
    default: 'true',
    description: 'Run pending migrations at start-up. Set `false` to run them yourself.',
  },
  { name: 'SIFT_LOG_LEVEL', default: 'info', description: 'One of debug, info, warn, error.' },
  {
    name: 'SIFT_BODY_LIMIT',
    default: '1048576',
    description: 'Largest accepted request body in bytes; larger bodies get 413.',
  },
  {
    name: 'SIFT_ADMIN_EMAIL',
    default: '(unset)',
    description:
      'With `SIFT_ADMIN_PASSWORD`: the first admin, created at start-up when no active admin exists. Set both or neither.',
  },
  {
    name: 'SIFT_ADMIN_PASSWORD',
    default: '(unset)',
    description:
      'Password of that first admin (12 to 256 characters). Change it after the first sign-in.',
    secret: true,
  },
  {
    name: 'SIFT_SESSION_IDLE_MINUTES',
    default: '120',
    description: 'A sign-in session ends after this many minutes without a request.',
  },
  {
    name: 'SIFT_SESSION_MAX_HOURS',
    default: '12',
    description: 'A sign-in session ends this many hours after sign-in, however active.',
  },
  {
    name: 'SIFT_REQUISITION_APPROVALS',
    default: 'false',
    description:
      'When true, a requisition goes draft -> pending_approval and an admin approves it before it opens.',
  },
  {
    name: 'SIFT_RETENTION_DAYS',
    default: '(unset: keep)',
    description:
      'Anonymise candidates with no activity for this many days (30 to 3650). A daily job, safe with several instances.',
  },
  {
    name: 'SIFT_SMTP_URL',
    default: '(unset: links are copied by hand)',
    description:
      'Mail relay for invitations: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. When unset, a recruiter copies each invitation link.',
    secret: true,
  },
  {
    name: 'SIFT_MAIL_FROM',
    default: 'sift@ the host of SIFT_PUBLIC_URL',
    description: 'Sender of invitation emails: `sift@example.com` or `Sift <sift@example.com>`.',
  },
  {
    name: 'SIFT_OUTBOX_INTERVAL_MS',
    default: '2000',
    description:
      'How often each instance looks for invitation emails to send (100 to 3600000 ms); `0`: this instance sends none. Safe with several instances.',
  },
  {
    name: 'SIFT_ATTEMPT_SWEEP_SECONDS',
    default: '30',
    description:
      'How often each instance finalises assessments whose deadline has passed with the candidate gone (1 to 3600 s); `0`: this instance does not. Safe with several instances.',
  },
];

const KNOWN = new Set(SETTINGS.map((s) => s.name));
/** Variables the test harness passes to its own processes; not settings of the app. */
const RESERVED_PREFIX = 'SIFT_TEST_';

function read(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The offending value for the error line: JSON-quoted, so a newline cannot split the line. */
function shown(name: string, raw: string): string {
  const secret = SETTINGS.find((s) => s.name === name)?.secret;
  return secret ? '' : ` (got ${JSON.stringify(raw)})`;
}

export function parseBoolean(name: string, raw: string): boolean {
  const value = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false${shown(name, raw)}`);
}

function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}${shown(name, raw)}`);
  }
  return Number(raw);
}

function parseDatabaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a URL like postgres://user:pass@host:5432/db');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError('DATABASE_URL', 'must name a database (postgres://host:5432/<database>)');
  }
  return raw;
}

function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'SIFT_PUBLIC_URL',
      `must be an http(s) URL${shown('SIFT_PUBLIC_URL', raw)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      'SIFT_PUBLIC_URL',
      `must be an http(s) URL${shown('SIFT_PUBLIC_URL', raw)}`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError('SIFT_PUBLIC_URL', 'must not contain credentials, a query or a fragment');
  }
  return url.toString().replace(/\/$/, '');
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyEntry(entry: string): boolean {
  if (PROXY_KEYWORDS.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function parseTrustProxy(raw: string): boolean | number | string[] {
  if (/^\d+$/.test(raw)) return parseInteger('SIFT_TRUST_PROXY', raw, 0, 32);
  const lowered = raw.toLowerCase();
  if (['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(lowered)) {
    return parseBoolean('SIFT_TRUST_PROXY', raw);
  }
  const entries = raw.split(',').map((part) => part.trim());
  if (entries.some((entry) => !isProxyEntry(entry))) {
    throw new ConfigError(
      'SIFT_TRUST_PROXY',
      `must be true, false, a hop count or a comma-separated list of addresses/CIDRs${shown('SIFT_TRUST_PROXY', raw)}`,
    );
  }
  return entries;
}

function parseSmtpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SIFT_SMTP_URL', 'must be a URL like smtp://user:pass@host:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SIFT_SMTP_URL', 'must start with smtp:// or smtps://');
  }
  if (!url.hostname) throw new ConfigError('SIFT_SMTP_URL', 'must name a host');
  if (url.pathname.length > 1 || url.hash) {
    throw new ConfigError('SIFT_SMTP_URL', 'must not have a path or a fragment');
  }
  return raw;
}

const MAIL_ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

function parseMailFrom(raw: string): string {
  const named = /^([^<>\r\n"]*)<([^<>]+)>$/.exec(raw);
  const address = named ? named[2]!.trim() : raw;
  if (!MAIL_ADDRESS.test(address)) {
    throw new ConfigError(
      'SIFT_MAIL_FROM',
      `must be an address or Name <address>${shown('SIFT_MAIL_FROM', raw)}`,
    );
  }
  return raw;
}

function parseOutboxInterval(raw: string): number {
  const value = parseInteger('SIFT_OUTBOX_INTERVAL_MS', raw, 0, 3600000);
  if (value > 0 && value < 100) {
    throw new ConfigError(
      'SIFT_OUTBOX_INTERVAL_MS',
      `must be 0 or from 100 to 3600000${shown('SIFT_OUTBOX_INTERVAL_MS', raw)}`,
    );
  }
  return value;
}

function parseHost(raw: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(raw)) {
    throw new ConfigError('HOST', `must be a host name or IP address${shown('HOST', raw)}`);
  }
  return raw;
}

function parseLogLevel(raw: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === raw.toLowerCase());
  if (!level) {
    throw new ConfigError(
      'SIFT_LOG_LEVEL',
      `must be one of ${LOG_LEVELS.join(', ')}${shown('SIFT_LOG_LEVEL', raw)}`,
    );
  }
  return level;
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env, cwd = process.cwd()): SiftConfig {
  for (const name of Object.keys(env)) {
    if (name.startsWith('SIFT_') && !name.startsWith(RESERVED_PREFIX) && !KNOWN.has(name)) {
      throw new ConfigError(
        name,
        'is not a Sift setting (check the spelling; see the README table)',
      );
    }
  }
  const databaseUrl = mapOptional(read(env, 'DATABASE_URL'), parseDatabaseUrl);
  const demo =
    mapOptional(read(env, 'SIFT_DEMO'), (raw) => parseBoolean('SIFT_DEMO', raw)) ?? !databaseUrl;
  const port = mapOptional(read(env, 'PORT'), (raw) => parseInteger('PORT', raw, 0, 65535)) ?? 3000;
  const host = mapOptional(read(env, 'HOST'), parseHost) ?? (demo ? '127.0.0.1' : '0.0.0.0');
  const dataDirRaw = read(env, 'SIFT_DATA_DIR') ?? './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const linkHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const publicUrl =
    mapOptional(read(env, 'SIFT_PUBLIC_URL'), parsePublicUrl) ??
    `http://${linkHost.includes(':') ? `[${linkHost}]` : linkHost}:${port}`;
  const adminEmail = read(env, 'SIFT_ADMIN_EMAIL');
  // Not trimmed: spaces are part of a password.
  const adminPassword = env.SIFT_ADMIN_PASSWORD ? env.SIFT_ADMIN_PASSWORD : undefined;
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    const missing = adminEmail === undefined ? 'SIFT_ADMIN_EMAIL' : 'SIFT_ADMIN_PASSWORD';
    throw new ConfigError(missing, 'must be set together with the other SIFT_ADMIN_ variable');
  }
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError(
      'SIFT_ADMIN_EMAIL',
      `must be an email address${shown('SIFT_ADMIN_EMAIL', adminEmail)}`,
    );
  }
  if (adminPassword !== undefined && (adminPassword.length < 12 || adminPassword.length > 256)) {
    throw new ConfigError('SIFT_ADMIN_PASSWORD', 'must be 12 to 256 characters long');
  }
  const publicHost = new URL(publicUrl).hostname;
  return {
    smtpUrl: mapOptional(read(env, 'SIFT_SMTP_URL'), parseSmtpUrl),
    mailFrom:
      mapOptional(read(env, 'SIFT_MAIL_FROM'), parseMailFrom) ??
      `sift@${isIP(publicHost.replace(/^\[|\]$/g, '')) ? 'localhost' : publicHost}`,
    outboxIntervalMs:
      mapOptional(read(env, 'SIFT_OUTBOX_INTERVAL_MS'), parseOutboxInterval) ?? 2000,
    attemptSweepSeconds:
      mapOptional(read(env, 'SIFT_ATTEMPT_SWEEP_SECONDS'), (raw) =>
        parseInteger('SIFT_ATTEMPT_SWEEP_SECONDS', raw, 0, 3600),
      ) ?? 30,
    requisitionApprovals:
      mapOptional(read(env, 'SIFT_REQUISITION_APPROVALS'), (raw) =>
        parseBoolean('SIFT_REQUISITION_APPROVALS', raw),
      ) ?? false,
    retentionDays: mapOptional(read(env, 'SIFT_RETENTION_DAYS'), (raw) =>
      parseInteger('SIFT_RETENTION_DAYS', raw, 30, 3650),
    ),
    adminEmail,
    adminPassword,
    sessionIdleMinutes:
      mapOptional(read(env, 'SIFT_SESSION_IDLE_MINUTES'), (raw) =>
        parseInteger('SIFT_SESSION_IDLE_MINUTES', raw, 5, 10080),
      ) ?? 120,
    sessionMaxHours:
      mapOptional(read(env, 'SIFT_SESSION_MAX_HOURS'), (raw) =>
        parseInteger('SIFT_SESSION_MAX_HOURS', raw, 1, 720),
      ) ?? 12,
    port,
    host,
    databaseUrl,
    dataDir,
    publicUrl,
    trustProxy: mapOptional(read(env, 'SIFT_TRUST_PROXY'), parseTrustProxy) ?? false,
    demo,
    migrationsRun:
      mapOptional(read(env, 'SIFT_MIGRATIONS_RUN'), (raw) =>
        parseBoolean('SIFT_MIGRATIONS_RUN', raw),
      ) ?? true,
    logLevel: mapOptional(read(env, 'SIFT_LOG_LEVEL'), parseLogLevel) ?? 'info',
    bodyLimit:
      mapOptional(read(env, 'SIFT_BODY_LIMIT'), (raw) =>
        parseInteger('SIFT_BODY_LIMIT', raw, 1024, 104857600),
      ) ?? 1048576,
  };
}

function mapOptional<T>(raw: string | undefined, parse: (raw: string) => T): T | undefined {
  return raw === undefined ? undefined : parse(raw);
}

/** The README's configuration table, generated from SETTINGS. */
export function settingsTable(): string {
  const rows = SETTINGS.map((s) => `| \`${s.name}\` | ${s.default} | ${s.description} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
