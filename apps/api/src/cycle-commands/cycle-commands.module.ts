import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ApiMigrationsService } from './api-migrations.service';
import { CycleCommandsController } from './cycle-commands.controller';
import { CycleCommandsService } from './cycle-commands.service';
import { IDEMPOTENCY_STORE, PostgresIdempotencyStore } from './idempotency.store';

@Module({
  imports: [ClientsModule, MetricsModule],
  controllers: [CycleCommandsController],
  providers: [
    CycleCommandsService,
    PostgresIdempotencyStore,
    { provide: IDEMPOTENCY_STORE, useExisting: PostgresIdempotencyStore },
    ApiMigrationsService,
  ],
  // The one way in for commands, also for the individual-case store's two.
  exports: [CycleCommandsService],
})
export class CycleCommandsModule {}
