import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { API_CONFIG } from './api-config';

/** Makes the configuration validated in main.ts injectable everywhere, without re-reading the environment. */
@Module({})
export class ApiConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiConfigModule,
      global: true,
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
    };
  }
}
