import { Global, Module } from '@nestjs/common';
import { TemplateEngine, templatesRoot } from './template-engine';

/** One template engine for the whole app, compiled when the app starts. */
@Global()
@Module({
  providers: [{ provide: TemplateEngine, useFactory: () => new TemplateEngine(templatesRoot()) }],
  exports: [TemplateEngine],
})
export class ViewsModule {}
