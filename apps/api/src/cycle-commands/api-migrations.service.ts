import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ApiConfig } from '@suivi/config';
import { migrateUp } from '@suivi/postgres';
import { API_CONFIG } from '../config/api-config';
import { ROOT_LOGGER } from '../logging/root-logger';
import { PostgresIdempotencyStore } from './idempotency.store';

const CLEANUP_EVERY_MS = 3_600_000;

/**
 * Applies the API's own migrations (schema `api`, table `api_pgmigrations`) at start-up, so the
 * idempotency records exist before the first command, and deletes expired records hourly.
 */
@Injectable()
export class ApiMigrationsService implements OnModuleInit, OnApplicationShutdown {
  private cleanup?: NodeJS.Timeout;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly store: PostgresIdempotencyStore,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await migrateUp({
      databaseUrl: this.config.DATABASE_URL,
      dir: this.config.API_MIGRATIONS_DIR,
      migrationsTable: 'api_pgmigrations',
    });
    if (applied.length) this.logger.info({ applied }, 'api migrations applied');
    const sweep = () =>
      this.store.deleteExpired().then(
        (deleted) => deleted && this.logger.info({ deleted }, 'expired idempotency records deleted'),
        (error: unknown) => this.logger.warn({ err: error }, 'idempotency cleanup failed'),
      );
    void sweep();
    this.cleanup = setInterval(() => void sweep(), CLEANUP_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    if (this.cleanup) clearInterval(this.cleanup);
  }
}
