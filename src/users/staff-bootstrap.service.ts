import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import { Role } from '../auth/roles';
import { SessionsService } from '../auth/sessions/sessions.service';
import { ApiTokensService } from '../auth/tokens/api-tokens.service';
import { AuditService } from '../audit/audit.service';
import { SiftConfig } from '../config/config';
import { JsonLogger } from '../common/logging/json-logger';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';
import { User } from './user.entity';
import { UsersService } from './users.service';

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.txt';

/** Shared by every instance: only one creates the first admin or the demo staff. */
const BOOTSTRAP_LOCK = 7_351_902_115;

export const DEMO_STAFF: ReadonlyArray<{ email: string; displayName: string; roles: Role[] }> = [
  { email: 'admin@demo.sift.test', displayName: 'Alex Admin', roles: ['admin'] },
  { email: 'riley.recruiter@demo.sift.test', displayName: 'Riley Recruiter', roles: ['recruiter'] },
  { email: 'sam.sourcer@demo.sift.test', displayName: 'Sam Sourcer', roles: ['recruiter'] },
  {
    email: 'morgan.manager@demo.sift.test',
    displayName: 'Morgan Manager',
    roles: ['hiring_manager'],
  },
  { email: 'jordan.lead@demo.sift.test', displayName: 'Jordan Lead', roles: ['hiring_manager'] },
];

export function demoCredentialsPath(config: SiftConfig): string {
  return join(config.dataDir, DEMO_CREDENTIALS_FILE);
}

/**
 * At start-up: the first admin from SIFT_ADMIN_EMAIL/SIFT_ADMIN_PASSWORD when no active admin
 * exists, and in demo mode the demo staff, whose generated passwords go to a 0600 file (never to
 * the log or the console).
 */
@Injectable()
export class StaffBootstrapService implements OnApplicationBootstrap {
  constructor(
    private readonly db: Transactions,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  private done: Promise<void> | undefined;

  onApplicationBootstrap(): Promise<void> {
    return this.ready();
  }

  /** Resolves once staff accounts are in place; later bootstrap steps (demo content) wait on it. */
  ready(): Promise<void> {
    this.done ??= this.db.run(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      await this.ensureFirstAdmin(manager);
      if (this.config.demo) await this.ensureDemoStaff(manager);
    });
    return this.done;
  }

  private async ensureFirstAdmin(manager: EntityManager): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    const admins = await manager.query<unknown[]>(
      `SELECT 1 FROM users WHERE active AND 'admin' = ANY(roles) LIMIT 1`,
    );
    if (admins.length > 0) return;
    const taken = await manager.query<unknown[]>(
      'SELECT 1 FROM users WHERE lower(email) = lower($1)',
      [adminEmail],
    );
    if (taken.length > 0) {
      this.logger.event(
        'warn',
        'SIFT_ADMIN_EMAIL belongs to an existing account that is not an active admin; not changed',
      );
      return;
    }
    const user = await this.users.create(
      'system',
      {
        email: adminEmail,
        displayName: 'Administrator',
        roles: ['admin'],
        password: adminPassword,
      },
      manager,
    );
    this.logger.event('info', 'first admin created from SIFT_ADMIN_EMAIL', { userId: user.id });
  }

  /** Creates missing demo accounts; when any is new or the file is gone, sets fresh passwords for all. */
  private async ensureDemoStaff(manager: EntityManager): Promise<void> {
    const file = demoCredentialsPath(this.config);
    const existing = await manager.query<{ id: string; email: string }[]>(
      'SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1)',
      [DEMO_STAFF.map((s) => s.email)],
    );
    if (existing.length === DEMO_STAFF.length && existsSync(file)) return;
    const lines: string[] = [];
    for (const staff of DEMO_STAFF) {
      const password = randomBytes(12).toString('base64url');
      const found = existing.find((row) => row.email === staff.email);
      if (found) {
        // A reset password must also end what the old one opened.
        await manager.update(
          User,
          { id: found.id },
          { passwordHash: await hashPassword(password), passwordChangedAt: () => 'now()' },
        );
        const endedSessions = await this.sessions.revokeAllFor(manager, found.id);
        const revokedTokens = await this.tokens.revokeAllFor(manager, found.id);
        await this.audit.record(manager, {
          actor: 'system',
          action: 'user.demo_password_reset',
          subject: { type: 'user', id: found.id },
          details: { endedSessions, revokedTokens },
        });
      } else {
        await this.users.create('system', { ...staff, password }, manager);
      }
      lines.push(`${staff.roles.join(',').padEnd(16)} ${staff.email.padEnd(34)} ${password}`);
    }
    writePrivateFile(
      file,
      [
        '# Sift demo staff accounts (demo mode only). Sign in at /api/auth/login.',
        '# role            email                              password',
        ...lines,
        '',
      ].join('\n'),
    );
    this.logger.event('info', 'demo staff accounts ready', { file });
  }
}

/** Written to a temporary name (mode 0600 from the start) and renamed, so it is never world-readable. */
function writePrivateFile(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  renameSync(temp, path);
}
