import { DynamicModule, Global, Module } from '@nestjs/common';
import { SiftConfig } from '../config/config';
import { JsonLogger } from '../common/logging/json-logger';
import { SIFT_CONFIG } from './tokens';

/** Process-wide singletons every module may inject: the validated config and the logger. */
@Global()
@Module({})
export class CoreModule {
  static register(config: SiftConfig, logger: JsonLogger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: SIFT_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
      ],
      exports: [SIFT_CONFIG, JsonLogger],
    };
  }
}
