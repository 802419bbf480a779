import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiCookieAuth } from '@nestjs/swagger';
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorators';
import { csrfHeadersOf, isSafeMethod, isSameOrigin } from '../auth/csrf';
import { digest } from '../auth/secrets';
import { ApiErrors } from '../common/dto/api-errors.decorator';
import { AppError } from '../common/errors/app-error';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { Transactions } from '../database/transactions';

export const ATTEMPT_COOKIE_SCHEME = 'attempt';

/** Like the staff session cookie: `__Host-` prefixed over HTTPS, which pins it to this host. */
export function attemptCookieName(config: SiftConfig): string {
  return config.publicUrl.startsWith('https:') ? '__Host-sift_attempt' : 'sift_attempt';
}

export type AttemptPhase = 'consent' | 'self_rating' | 'checklist' | 'quiz' | 'finished' | 'voided';

/** The attempt a candidate request acts on, as the guard found it (re-read under lock to change it). */
export interface AttemptRef {
  id: string;
  applicationId: string;
  invitationId: string;
  phase: AttemptPhase;
}

interface AttemptRequest extends FastifyRequest {
  attempt?: AttemptRef;
}

const COOKIE_SHAPE = /^[A-Za-z0-9_-]{40,100}$/;

/**
 * Candidate routes: the attempt cookie set when an invitation is redeemed, and nothing else. The
 * cookie stops working when its invitation is revoked or the attempt is voided; a finished attempt
 * can still be read (the end page, export, erasure) but the quiz routes refuse to change it.
 */
@Injectable()
export class AttemptGuard implements CanActivate {
  private readonly cookieName: string;
  private readonly allowedOrigin: string;

  constructor(
    private readonly db: Transactions,
    @Inject(SIFT_CONFIG) config: SiftConfig,
  ) {
    this.cookieName = attemptCookieName(config);
    this.allowedOrigin = new URL(config.publicUrl).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AttemptRequest>();
    const cookie = request.cookies?.[this.cookieName];
    if (cookie === undefined || !COOKIE_SHAPE.test(cookie)) {
      throw new AppError(
        'ATTEMPT_ACCESS_REQUIRED',
        'Open your invitation link again to continue the assessment',
      );
    }
    if (!isSafeMethod(request.method) && !this.sameOrigin(request)) {
      throw new AppError(
        'CSRF_REJECTED',
        'Cross-origin request refused: the Origin header must be this site',
      );
    }
    const rows = await this.db.manager.query<
      { id: string; application_id: string; invitation_id: string; phase: AttemptPhase }[]
    >(
      `SELECT a.id, a.application_id, a.invitation_id, a.phase
       FROM attempts a JOIN invitations i ON i.id = a.invitation_id
       WHERE a.cookie_hash = $1 AND i.revoked_at IS NULL AND a.phase <> 'voided'`,
      [digest(cookie)],
    );
    const row = rows[0];
    if (!row) {
      throw new AppError(
        'ATTEMPT_ACCESS_REQUIRED',
        'This assessment session has ended or was replaced; open your invitation link again',
      );
    }
    request.attempt = {
      id: row.id,
      applicationId: row.application_id,
      invitationId: row.invitation_id,
      phase: row.phase,
    };
    return true;
  }

  private sameOrigin(request: FastifyRequest): boolean {
    return isSameOrigin(this.allowedOrigin, csrfHeadersOf(request.headers));
  }
}

/** A candidate route: open to no staff credential, only to the attempt cookie. */
export function AttemptRoute(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    Public(),
    UseGuards(AttemptGuard),
    ApiCookieAuth(ATTEMPT_COOKIE_SCHEME),
    ApiErrors('ATTEMPT_ACCESS_REQUIRED', 'CSRF_REJECTED'),
  );
}

export const CurrentAttempt = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AttemptRef => {
    const attempt = ctx.switchToHttp().getRequest<AttemptRequest>().attempt;
    if (!attempt) throw new Error('CurrentAttempt used on a route without @AttemptRoute()');
    return attempt;
  },
);
