import { Public } from '../auth/access.decorators';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SiftConfig } from '../config/config';
import { SIFT_CONFIG } from '../core/tokens';
import { HealthService } from '../health/health.service';
import { TemplateEngine } from '../views/template-engine';

/** The landing page a newcomer reaches from the URL `npm start` prints. Web pages live outside /api. */
@ApiExcludeController()
@Public()
@Controller()
export class HomeController {
  constructor(
    private readonly views: TemplateEngine,
    private readonly health: HealthService,
    @Inject(SIFT_CONFIG) private readonly config: SiftConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async home(): Promise<string> {
    const status = await this.health.check();
    return this.views.render('home', {
      title: 'Welcome to Sift',
      version: status.version,
      demo: this.config.demo,
      databaseTime: status.time,
    });
  }
}
