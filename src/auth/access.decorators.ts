import { isIP } from 'node:net';
import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { Caller, RequestOrigin } from './caller';
import { Role } from './roles';

export const ACCESS_KEY = 'sift:access';

/** How a route may be reached. A route with no rule is refused by the guard (deny by default). */
export type AccessRule =
  { kind: 'public' } | { kind: 'staff'; roles: readonly Role[] | 'any'; sessionOnly?: boolean };

export const SESSION_COOKIE_SCHEME = 'session';
export const BEARER_SCHEME = 'bearer';

/** Anyone, signed in or not. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);
}

/** Staff holding at least one of the roles. */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return staff({ kind: 'staff', roles });
}

/** Any signed-in staff member. */
export function Authenticated(
  options: { sessionOnly?: boolean } = {},
): MethodDecorator & ClassDecorator {
  return staff({ kind: 'staff', roles: 'any', sessionOnly: options.sessionOnly });
}

function staff(rule: AccessRule): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_KEY, rule),
    ApiCookieAuth(SESSION_COOKIE_SCHEME),
    ApiBearerAuth(BEARER_SCHEME),
    ApiErrors('UNAUTHENTICATED', 'FORBIDDEN', 'CSRF_REJECTED'),
  );
}

export interface SiftRequest extends FastifyRequest {
  caller?: Caller;
}

/** The signed-in caller of a staff route (set by the access guard). */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Caller => {
    const caller = ctx.switchToHttp().getRequest<SiftRequest>().caller;
    if (!caller)
      throw new Error('CurrentCaller used on a route the access guard did not authenticate');
    return caller;
  },
);

/** Request id and client address, for audit events on public routes. */
export const CurrentOrigin = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): RequestOrigin => {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    return originOf(request);
  },
);

/** A forwarded-for value that is not an IP address (a trusted proxy passing junk) is dropped. */
export function originOf(request: FastifyRequest): RequestOrigin {
  const address = request.ip;
  return { requestId: request.id, clientAddress: address && isIP(address) ? address : null };
}
