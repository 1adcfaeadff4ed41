import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { ApiConfig } from '@suivi/config';
import type { Logger } from 'pino';
import { ClientsModule } from '../clients/clients.module';
import { CodecModule } from '../codec/codec.module';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import { ApiConfigModule } from '../config/api-config.module';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';
import { V1IndexController } from '../v1/v1-index.controller';

export interface AppModuleOptions {
  config: ApiConfig;
  logger: Logger;
}

@Module({})
export class AppModule {
  static forRoot({ config, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        ClientsModule,
        HealthModule,
        MetricsModule,
        ...(config.CODEC_ENDPOINT_ENABLED ? [CodecModule] : []),
      ],
      controllers: [V1IndexController],
      // Registered here rather than in main.ts so every way of building the app gets it.
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
