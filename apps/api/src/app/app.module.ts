import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { ApiConfig } from '@suivi/config';
import type { Logger } from 'pino';
import { AuthModule } from '../auth/auth.module';
import { ClientsModule } from '../clients/clients.module';
import { CodecModule } from '../codec/codec.module';
import { CycleCommandsModule } from '../cycle-commands/cycle-commands.module';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import { ApiConfigModule } from '../config/api-config.module';
import { HealthModule } from '../health/health.module';
import { IndividualCasesModule } from '../individual-cases/individual-cases.module';
import { LoggingModule } from '../logging/logging.module';
import { ROOT_LOGGER } from '../logging/root-logger';
import { MetricsModule } from '../metrics/metrics.module';
import { PeopleModule } from '../people/people.module';
import { QueriesModule } from '../queries/queries.module';
import { ReferenceDataController } from '../reference-data/reference-data.controller';
import { V1IndexController } from '../v1/v1-index.controller';
import { WebModule } from '../web/web.module';

export interface AppModuleOptions {
  config: ApiConfig;
  logger: Logger;
}

@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  /** Leaves a trace that a stop was orderly (Nest re-raises the signal afterwards). */
  onApplicationShutdown(signal?: string): void {
    this.logger.info({ signal }, 'api stopped');
  }

  static forRoot({ config, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        ClientsModule,
        HealthModule,
        MetricsModule,
        AuthModule,
        CycleCommandsModule,
        QueriesModule,
        IndividualCasesModule,
        PeopleModule,
        WebModule,
        ...(config.CODEC_ENDPOINT_ENABLED ? [CodecModule] : []),
      ],
      controllers: [V1IndexController, ReferenceDataController],
      // Registered here rather than in main.ts so every way of building the app gets it.
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
