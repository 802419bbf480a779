import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { User } from '../../users/user.entity';
import { Caller, RequestOrigin } from '../caller';
import { verifyAgainstNothing, verifyPassword } from '../passwords';
import { emailKey, normaliseEmail } from '../secrets';
import { SessionsService } from '../sessions/sessions.service';
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  LoginThrottleService,
  ThrottleKey,
} from './login-throttle.service';

const INVALID = 'Email or password is wrong';

@Injectable()
export class LoginService {
  constructor(
    private readonly db: Transactions,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Counts the attempt before checking the password (a locked account cannot be guessed at, not
   * even by many requests at once), answers
   * unknown, deactivated and wrong-password sign-ins alike, and starts a new session with a new id.
   */
  async login(
    email: string,
    password: string,
    origin: RequestOrigin,
    presentedSession?: string,
  ): Promise<{ token: string; user: User }> {
    const keys: ThrottleKey[] = [{ key: `account:${emailKey(email)}`, rule: ACCOUNT_RULE }];
    if (origin.clientAddress)
      keys.push({ key: `address:${origin.clientAddress}`, rule: ADDRESS_RULE });

    const retryAfter = await this.throttle.begin(this.db.manager, keys);
    if (retryAfter > 0) {
      await this.audit.record(this.db.manager, { actor: origin, action: 'auth.login_throttled' });
      throw new AppError(
        'LOGIN_THROTTLED',
        `Too many failed sign-ins; try again in ${retryAfter} s`,
        undefined,
        {
          'retry-after': String(retryAfter),
        },
      );
    }

    const user = await this.db.manager
      .createQueryBuilder(User, 'u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = :email', { email: normaliseEmail(email) })
      .getOne();
    const valid = user?.active
      ? await verifyPassword(user.passwordHash, password)
      : await verifyAgainstNothing(password);

    if (!user || !valid) {
      // The attempt was already counted by begin(); only the audit event remains.
      await this.db.run(async (manager) => {
        await this.audit.record(manager, {
          actor: origin,
          action: 'auth.login_failed',
          subject: user ? { type: 'user', id: user.id } : undefined,
          details: {
            reason: !user ? 'unknown_account' : user.active ? 'wrong_password' : 'deactivated',
          },
        });
      });
      throw new AppError('INVALID_CREDENTIALS', INVALID);
    }

    return this.db.run(async (manager) => {
      if (presentedSession) await this.sessions.revokeByToken(manager, presentedSession);
      const { token, sessionId } = await this.sessions.create(manager, user.id);
      await this.throttle.succeeded(manager, keys);
      const caller: Caller = {
        ...origin,
        userId: user.id,
        roles: user.roles,
        via: 'session',
        sessionId,
      };
      await this.audit.record(manager, {
        actor: caller,
        action: 'auth.login',
        subject: { type: 'session', id: sessionId },
      });
      return { token, user };
    });
  }

  async logout(caller: Caller): Promise<void> {
    const sessionId = caller.sessionId;
    if (!sessionId) return;
    await this.db.run(async (manager) => {
      await this.sessions.revoke(manager, sessionId);
      await this.audit.record(manager, {
        actor: caller,
        action: 'auth.logout',
        subject: { type: 'session', id: sessionId },
      });
    });
  }
}
