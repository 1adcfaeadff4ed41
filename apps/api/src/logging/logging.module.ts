import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from './root-logger';

/** Shares the pino instance main.ts built, so services log structured fields rather than strings. */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      providers: [{ provide: ROOT_LOGGER, useValue: logger }],
      exports: [ROOT_LOGGER],
    };
  }
}
