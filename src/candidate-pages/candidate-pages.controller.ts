import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators';
import { LEVEL_NAMES, Level } from '../assessment/engine/levels';
import { RedemptionService, TOKEN_SHAPE } from '../attempts/redemption.service';
import { TemplateEngine } from '../views/template-engine';
import { linkPage } from './link-states';

/** The self-rating scale, rendered from the one table of levels so the page cannot drift from it. */
const LEVELS = (Object.keys(LEVEL_NAMES) as unknown as Level[]).map((value) => ({
  value: Number(value),
  name: LEVEL_NAMES[value],
}));

/**
 * The candidate's pages. They hold no state of their own: the start page only describes the link
 * (a GET changes nothing, so mail scanners consume nothing), and the assessment page is a shell
 * that public/candidate.js drives through /api/attempts. Both are private to one person, so they
 * are never cached, and the start page's URL carries the token, so it is never sent to another site.
 */
@ApiExcludeController()
@Public()
@Controller()
export class CandidatePagesController {
  constructor(
    private readonly views: TemplateEngine,
    private readonly redemption: RedemptionService,
  ) {}

  @Get('invite/:token')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  // Not no-referrer: under it Chromium posts the form with "Origin: null", which the redemption's
  // CSRF check must refuse. same-origin still keeps the token's URL from every other site.
  @Header('referrer-policy', 'same-origin')
  async start(
    @Param('token') token: string,
    @Query('refused') refused: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const wellFormed = TOKEN_SHAPE.test(token);
    const link = wellFormed ? await this.redemption.describe(token) : undefined;
    const page = linkPage(link?.state ?? 'unknown');
    void reply.status(page.status);
    return this.views.render(
      'candidate/start',
      {
        title: page.heading,
        script: false,
        page,
        resuming: link?.state === 'resumable',
        refused: page.canStart && refused === '1',
        // Never echo a malformed token; a well-formed one is the candidate's own link.
        action: page.canStart && wellFormed ? `/invite/${token}` : '',
        expiresAt: page.canStart && link?.expiresAt ? readableUtc(link.expiresAt) : '',
      },
      'candidate',
    );
  }

  @Get('assessment')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  assessment(): string {
    return this.views.render(
      'candidate/assessment',
      { title: 'Assessment', script: true, levels: LEVELS },
      'candidate',
    );
  }
}

/** "2026-11-08 14:05 UTC": the page has no idea of the reader's time zone, so it says which it uses. */
function readableUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
