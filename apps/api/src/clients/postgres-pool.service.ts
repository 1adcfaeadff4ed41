import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { checkPostgres, createPool } from '@suivi/postgres';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config';
import { ROOT_LOGGER } from '../logging/root-logger';

/** pg pools connect on the first query, so the API starts while PostgreSQL is down. */
@Injectable()
export class PostgresPoolService implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(ROOT_LOGGER) logger: Logger) {
    this.pool = createPool(config.DATABASE_URL);
    // An idle client losing its server emits 'error' on the pool; unhandled, it would kill the process.
    this.pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL client failed'));
  }

  check(): ReturnType<typeof checkPostgres> {
    return checkPostgres(this.pool);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
