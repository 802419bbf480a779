import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { SiftConfig } from '../config/config';
import { AppError } from '../common/errors/app-error';
import { JsonLogger } from '../common/logging/json-logger';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';
import { ACCESS_KEY, AccessRule, originOf, SiftRequest } from './access.decorators';
import { Caller, hasRole, RequestOrigin } from './caller';
import { CredentialsService } from './credentials.service';
import { csrfHeadersOf, isSafeMethod, isSameOrigin } from './csrf';

/**
 * Global guard, deny by default: a route must declare @Public(), @Authenticated() or @Roles().
 * Anonymous callers get 401, signed-in callers without the role 403; every refusal is audited.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly allowedOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
    private readonly db: Transactions,
    private readonly logger: JsonLogger,
    @Inject(SIFT_CONFIG) config: SiftConfig,
  ) {
    this.allowedOrigin = new URL(config.publicUrl).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<SiftRequest>();
    const route = request.routeOptions.url ?? '(unmatched)';
    const credentials = await this.credentials.resolve(request);
    const caller = credentials.kind === 'valid' ? credentials.caller : undefined;

    if (rule?.kind === 'public') {
      request.caller = caller;
      return true;
    }
    if (!caller) {
      const reason =
        credentials.kind === 'rejected'
          ? `${credentials.via} expired, revoked or unknown`
          : 'no credentials';
      return this.deny(originOf(request), route, 'UNAUTHENTICATED', `Sign in first (${reason})`);
    }
    if (!rule) {
      this.logger.event('error', 'route has no access rule', { route });
      return this.deny(caller, route, 'ROUTE_NOT_CLASSIFIED', 'This route is not open to anyone');
    }
    if (caller.via === 'session' && !isSafeMethod(request.method) && !this.sameOrigin(request)) {
      return this.deny(
        caller,
        route,
        'CSRF_REJECTED',
        'Cross-origin request refused: the Origin header must be this site',
      );
    }
    if (rule.sessionOnly && caller.via !== 'session') {
      return this.deny(
        caller,
        route,
        'SESSION_REQUIRED',
        'This action needs a signed-in session, not an API token',
      );
    }
    if (rule.roles !== 'any' && !hasRole(caller, ...rule.roles)) {
      return this.deny(
        caller,
        route,
        'FORBIDDEN',
        `Requires one of the roles: ${rule.roles.join(', ')}`,
      );
    }
    request.caller = caller;
    return true;
  }

  private sameOrigin(request: SiftRequest): boolean {
    return isSameOrigin(this.allowedOrigin, csrfHeadersOf(request.headers));
  }

  private async deny(
    actor: Caller | RequestOrigin,
    route: string,
    code:
      | 'UNAUTHENTICATED'
      | 'FORBIDDEN'
      | 'CSRF_REJECTED'
      | 'SESSION_REQUIRED'
      | 'ROUTE_NOT_CLASSIFIED',
    message: string,
  ): Promise<never> {
    await this.audit.record(this.db.manager, {
      actor,
      action: 'access.denied',
      details: { route, code },
    });
    throw new AppError(code, message);
  }
}
