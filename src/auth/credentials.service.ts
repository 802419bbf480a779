import { Inject, Injectable } from '@nestjs/common';
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { Caller } from './caller';
import { originOf } from './access.decorators';
import { SessionsService } from './sessions/sessions.service';
import { ApiTokensService } from './tokens/api-tokens.service';

export type Credentials =
  | { kind: 'none' }
  | { kind: 'valid'; caller: Caller }
  /** A credential was presented but is unknown, expired or revoked. */
  | { kind: 'rejected'; via: 'session' | 'token' };

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,200})$/;

/**
 * The session cookie is `__Host-` prefixed when Sift is served over HTTPS (the prefix demands
 * Secure), which pins it to this host and path.
 */
export function sessionCookieName(config: SiftConfig): string {
  return config.publicUrl.startsWith('https:') ? '__Host-sift_session' : 'sift_session';
}

/** Works out who is asking: a bearer token first, else the session cookie. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  async resolve(request: FastifyRequest): Promise<Credentials> {
    const origin = originOf(request);
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      const live = token ? await this.tokens.resolve(token) : undefined;
      if (!live) return { kind: 'rejected', via: 'token' };
      return {
        kind: 'valid',
        caller: {
          ...origin,
          userId: live.userId,
          roles: live.roles,
          via: 'token',
          tokenId: live.tokenId,
        },
      };
    }
    const cookie = request.cookies?.[sessionCookieName(this.config)];
    if (cookie === undefined) return { kind: 'none' };
    const live = /^[A-Za-z0-9_-]{16,100}$/.test(cookie)
      ? await this.sessions.resolve(cookie)
      : undefined;
    if (!live) return { kind: 'rejected', via: 'session' };
    return {
      kind: 'valid',
      caller: {
        ...origin,
        userId: live.userId,
        roles: live.roles,
        via: 'session',
        sessionId: live.sessionId,
      },
    };
  }
}
