import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { originOf, Public } from '../auth/access.decorators';
import { isSameOrigin } from '../auth/csrf';
import { AppError } from '../common/errors/app-error';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { attemptCookieName } from './attempt-access';
import { RedemptionService } from './redemption.service';

/** Long enough for any assessment; the server decides whether the cookie still works. */
const COOKIE_MAX_AGE_SECONDS = 14 * 24 * 3600;

/**
 * The start page's form posts here (a GET of the link, as mail scanners do, changes nothing).
 * Success sets the attempt cookie and redirects to a URL without the token; a failure sends the
 * browser back to the start page, which says what is wrong with the link.
 */
@Controller('invite')
@Public()
export class RedemptionController {
  private readonly cookieName: string;
  private readonly secure: boolean;
  private readonly allowedOrigin: string;

  constructor(
    private readonly redemption: RedemptionService,
    @Inject(SIFT_CONFIG) config: SiftConfig,
  ) {
    this.cookieName = attemptCookieName(config);
    this.secure = config.publicUrl.startsWith('https:');
    this.allowedOrigin = new URL(config.publicUrl).origin;
  }

  @Post(':token')
  @HttpCode(303)
  @ApiExcludeEndpoint()
  async redeem(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const origin = request.headers.origin;
    if (origin !== undefined && !isSameOrigin(this.allowedOrigin, { origin })) {
      throw new AppError('CSRF_REJECTED', 'Cross-origin redemption refused');
    }
    const wantsJson = (request.headers.accept ?? '').includes('application/json');
    let cookie: string;
    try {
      cookie = await this.redemption.redeem(token, originOf(request));
    } catch (error) {
      if (wantsJson || !(error instanceof AppError)) throw error;
      // The start page re-reads the link's state; `refused` tells it to say why a link that still
      // reads as usable did not start (another attempt under way, or an assessment not ready).
      void reply
        .header('cache-control', 'no-store')
        .redirect(`/invite/${encodeURIComponent(token)}?refused=1`, 303);
      return;
    }
    void reply.setCookie(this.cookieName, cookie, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secure,
      path: '/',
      maxAge: COOKIE_MAX_AGE_SECONDS,
    });
    void reply.header('cache-control', 'no-store').redirect('/assessment', 303);
  }
}
