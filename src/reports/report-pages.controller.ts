import { Controller, Get, Header, Inject, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentCaller, Roles } from '../auth/access.decorators';
import { Caller } from '../auth/caller';
import { UuidParam } from '../common/dto/ids';
import { TemplateEngine } from '../views/template-engine';
import { ShortlistQueryDto } from './dto/shortlist.dto';
import { Clock, REPORT_CLOCK } from './report-clock';
import { reportView, utc } from './report-view';
import { shortlistRequest } from './reports.controller';
import { ReportsService } from './reports.service';
import { shortlistView } from './shortlist-view';
import { ShortlistService } from './shortlist.service';

/**
 * The printable pages of the reports, for staff signed in (the same access as the JSON routes:
 * hiring managers their own requisitions only, 404 otherwise; a candidate's attempt cookie is not
 * a staff credential). Personal data, so never cached.
 */
@ApiExcludeController()
@Controller('reports')
@Roles('admin', 'recruiter', 'hiring_manager')
export class ReportPagesController {
  constructor(
    private readonly views: TemplateEngine,
    private readonly reports: ReportsService,
    private readonly shortlists: ShortlistService,
    @Inject(REPORT_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('applications/:id')
  @Header('cache-control', 'no-store')
  async report(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const report = await this.reports.report(caller, id);
    return html(reply, this.views.render('reports/candidate', reportView(report), 'report'));
  }

  @Get('requisitions/:id/shortlist')
  @Header('cache-control', 'no-store')
  async shortlist(
    @CurrentCaller() caller: Caller,
    @Param('id', UuidParam) id: string,
    @Query() query: ShortlistQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const request = shortlistRequest(query);
    const shortlist = await this.shortlists.shortlist(caller, id, request);
    return html(
      reply,
      this.views.render(
        'reports/shortlist',
        {
          ...shortlistView(shortlist, request),
          generatedAt: utc(this.clock.now().toISOString()),
        },
        'report',
      ),
    );
  }
}

/**
 * The HTML type is set only once the page rendered: an error answers with the usual JSON body,
 * which Fastify would refuse to send under a text/html type set beforehand.
 */
function html(reply: FastifyReply, page: string): string {
  void reply.type('text/html; charset=utf-8');
  return page;
}
