import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SiftConfig } from './config/config';
import { JsonLogger } from './common/logging/json-logger';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CandidatesModule } from './candidates/candidates.module';
import { CoreModule } from './core/core.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { RequisitionsModule } from './requisitions/requisitions.module';
import { TaxonomyModule } from './taxonomy/taxonomy.module';
import { UsersModule } from './users/users.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { HomeModule } from './home/home.module';
import { IntakeModule } from './intake/intake.module';
import { ItemBankModule } from './item-bank/item-bank.module';
import { AssessmentModule } from './assessment/assessment.module';
import { InvitationsModule } from './invitations/invitations.module';
import { CompensationModule } from './compensation/compensation.module';
import { AttemptsModule } from './attempts/attempts.module';
import { CandidatePagesModule } from './candidate-pages/candidate-pages.module';
import { ViewsModule } from './views/views.module';
import { DecisionsModule } from './decisions/decisions.module';
import { ReportsModule } from './reports/reports.module';

export interface AppModuleOptions {
  config: SiftConfig;
  /** The database the app uses: DATABASE_URL, the embedded server's, or a test's own database. */
  databaseUrl: string;
  logger: JsonLogger;
  /** Extra modules, for test fixtures that exercise the HTTP conventions. */
  imports?: ModuleMetadata['imports'];
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    const { config, databaseUrl, logger } = options;
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, logger),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, {
            warn: (message) => logger.warn(message, 'Database'),
          }),
          retryAttempts: 5,
          retryDelay: 2000,
        }),
        DatabaseModule,
        AuditModule,
        AuthModule,
        UsersModule,
        TaxonomyModule,
        RequisitionsModule,
        CandidatesModule,
        DemoModule,
        ViewsModule,
        HealthModule,
        HomeModule,
        IntakeModule,
        ItemBankModule,
        AssessmentModule,
        InvitationsModule,
        CompensationModule,
        AttemptsModule,
        CandidatePagesModule,
        DecisionsModule,
        ReportsModule,
        ...(options.imports ?? []),
      ],
    };
  }
}
