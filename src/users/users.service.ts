import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { hashPassword } from '../auth/passwords';
import { Role } from '../auth/roles';
import { SessionsService } from '../auth/sessions/sessions.service';
import { ApiTokensService } from '../auth/tokens/api-tokens.service';
import { decodeTimeIdCursor, Page, toPage } from '../common/dto/pagination';
import { AppError } from '../common/errors/app-error';
import { requireSomeChange } from '../common/validation/is-omittable';
import { Transactions } from '../database/transactions';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  displayName: string;
  roles: Role[];
  password: string;
}

export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  password?: string;
}

export interface UserListFilter {
  limit: number;
  cursor?: string;
  role?: Role;
  active?: boolean;
  q?: string;
}

/** Staff accounts. Never deleted: deactivation keeps their history and ends their access. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Transactions,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
  ) {}

  async list(filter: UserListFilter): Promise<Page<User>> {
    const qb = this.db.manager
      .createQueryBuilder(User, 'u')
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(filter.limit + 1);
    if (filter.cursor) {
      const { createdAt, id } = decodeTimeIdCursor(filter.cursor);
      qb.andWhere('(u.created_at, u.id) > (:createdAt, :id)', { createdAt, id });
    }
    if (filter.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.active !== undefined) qb.andWhere('u.active = :active', { active: filter.active });
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(u.email ILIKE :pattern OR u.display_name ILIKE :pattern)', { pattern });
    }
    const rows = await qb.getMany();
    return toPage(
      rows,
      filter.limit,
      (u) => [u.createdAt.toISOString(), u.id],
      (u) => u,
    );
  }

  async get(id: string): Promise<User> {
    const user = await this.db.manager.findOneBy(User, { id });
    if (!user) throw new AppError('USER_NOT_FOUND', 'No such user');
    return user;
  }

  async create(actor: Caller | 'system', input: NewUser, manager?: EntityManager): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    const work = async (m: EntityManager) => {
      const id = await insertUser(m, { ...input, passwordHash });
      await this.audit.record(m, {
        actor,
        action: 'user.created',
        subject: { type: 'user', id },
        details: { roles: input.roles },
      });
      return m.findOneByOrFail(User, { id });
    };
    return manager ? work(manager) : this.db.run(work);
  }

  async update(caller: Caller, id: string, changes: UserChanges): Promise<User> {
    requireSomeChange(changes, ['displayName', 'roles', 'password']);
    const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
    return this.db.run(async (manager) => {
      const demoting = changes.roles !== undefined && !changes.roles.includes('admin');
      const admins = demoting ? await lockActiveAdmins(manager) : [];
      const user = await lockUser(manager, id);
      if (demoting && user.roles.includes('admin')) assertAnotherAdmin(admins, id);
      await manager.update(
        User,
        { id },
        {
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(changes.roles ? { roles: changes.roles } : {}),
          ...(passwordHash ? { passwordHash, passwordChangedAt: () => 'now()' } : {}),
        },
      );
      const endedSessions = passwordHash ? await this.sessions.revokeAllFor(manager, id) : 0;
      await this.audit.record(manager, {
        actor: caller,
        action: 'user.updated',
        subject: { type: 'user', id },
        details: {
          fields: Object.keys(changes).filter((k) => changes[k as keyof UserChanges] !== undefined),
          ...(changes.roles ? { roles: changes.roles } : {}),
          ...(passwordHash ? { endedSessions } : {}),
        },
      });
      return manager.findOneByOrFail(User, { id });
    });
  }

  /** Ends the account's access at once: its sessions and API tokens are revoked in the same transaction. */
  async deactivate(caller: Caller, id: string): Promise<User> {
    if (id === caller.userId)
      throw new AppError('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate your own account');
    return this.db.run(async (manager) => {
      const admins = await lockActiveAdmins(manager);
      const user = await lockUser(manager, id);
      if (!user.active) return user;
      if (user.roles.includes('admin')) assertAnotherAdmin(admins, id);
      await manager.update(User, { id }, { active: false, deactivatedAt: () => 'now()' });
      const endedSessions = await this.sessions.revokeAllFor(manager, id);
      const revokedTokens = await this.tokens.revokeAllFor(manager, id);
      await this.audit.record(manager, {
        actor: caller,
        action: 'user.deactivated',
        subject: { type: 'user', id },
        details: { endedSessions, revokedTokens },
      });
      return manager.findOneByOrFail(User, { id });
    });
  }

  async reactivate(caller: Caller, id: string): Promise<User> {
    return this.db.run(async (manager) => {
      const user = await lockUser(manager, id);
      if (user.active) return user;
      await manager.update(User, { id }, { active: true, deactivatedAt: null });
      await this.audit.record(manager, {
        actor: caller,
        action: 'user.reactivated',
        subject: { type: 'user', id },
      });
      return manager.findOneByOrFail(User, { id });
    });
  }
}

/**
 * Locks every active admin row in id order before any other row, so concurrent demotions and
 * deactivations queue instead of deadlocking, and cannot together remove the last admin.
 */
async function lockActiveAdmins(manager: EntityManager): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(
    `SELECT id FROM users WHERE active AND 'admin' = ANY(roles) ORDER BY id FOR UPDATE`,
  );
  return rows.map((row) => row.id);
}

function assertAnotherAdmin(activeAdmins: string[], exceptId: string): void {
  if (!activeAdmins.some((id) => id !== exceptId)) {
    throw new AppError(
      'LAST_ADMIN',
      'This is the last active admin; make someone else an admin first',
    );
  }
}

async function lockUser(manager: EntityManager, id: string): Promise<User> {
  const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!user) throw new AppError('USER_NOT_FOUND', 'No such user');
  return user;
}

async function insertUser(
  manager: EntityManager,
  input: Omit<NewUser, 'password'> & { passwordHash: string },
): Promise<string> {
  try {
    const result = await manager.insert(User, {
      email: input.email.trim(),
      displayName: input.displayName,
      roles: input.roles,
      passwordHash: input.passwordHash,
      active: true,
    });
    return (result.identifiers[0] as { id: string }).id;
  } catch (error) {
    if (
      error instanceof QueryFailedError &&
      (error.driverError as { code?: string }).code === '23505'
    ) {
      throw new AppError('USER_EMAIL_TAKEN', 'A user with this email already exists');
    }
    throw error;
  }
}
