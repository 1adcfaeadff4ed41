import type { Provider } from '@nestjs/common';
import { KafkaClientService } from '../clients/kafka-client.service';
import { PostgresPoolService } from '../clients/postgres-pool.service';
import { TemporalClientService } from '../clients/temporal-client.service';
import {
  KAFKA_PROBE,
  POSTGRES_PROBE,
  READINESS_TIMEOUT_MS,
  TEMPORAL_PROBE,
  type DependencyProbe,
} from './dependency-probe';

export const dependencyProbeProviders: Provider[] = [
  {
    provide: TEMPORAL_PROBE,
    inject: [TemporalClientService, READINESS_TIMEOUT_MS],
    useFactory: (temporal: TemporalClientService, timeoutMs: number): DependencyProbe => ({
      async check() {
        const client = await temporal.getClient();
        // getSystemInfo is the cheapest frontend RPC; the deadline stops calls piling up on a hung server.
        const info = await client.connection.withDeadline(Date.now() + timeoutMs, () =>
          client.workflowService.getSystemInfo({}),
        );
        return { serverVersion: info.serverVersion || 'unknown' };
      },
    }),
  },
  {
    provide: KAFKA_PROBE,
    inject: [KafkaClientService],
    useFactory: (kafka: KafkaClientService): DependencyProbe => ({
      check: () => kafka.checkCluster(),
    }),
  },
  {
    provide: POSTGRES_PROBE,
    inject: [PostgresPoolService],
    useFactory: (postgres: PostgresPoolService): DependencyProbe => ({
      check: () => postgres.check(),
    }),
  },
];
