import type { Provider } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { KafkaClientService } from '../clients/kafka-client.service';
import { PostgresPoolService } from '../clients/postgres-pool.service';
import { TemporalClientService } from '../clients/temporal-client.service';
import { API_CONFIG, workerAvailabilityOf } from '../config/api-config';
import {
  KAFKA_PROBE,
  POSTGRES_PROBE,
  READINESS_TIMEOUT_MS,
  TEMPORAL_PROBE,
  type DependencyProbe,
} from './dependency-probe';
import { WorkerHealthProbe, type TemporalProbeWithWorker } from './worker-health.probe';

export const dependencyProbeProviders: Provider[] = [
  {
    provide: TEMPORAL_PROBE,
    inject: [TemporalClientService, READINESS_TIMEOUT_MS, API_CONFIG],
    useFactory: (temporal: TemporalClientService, timeoutMs: number, config: ApiConfig): TemporalProbeWithWorker => ({
      async check() {
        const client = await temporal.getClient();
        // getSystemInfo is the cheapest frontend RPC; the deadline stops calls piling up on a hung server.
        const info = await client.connection.withDeadline(Date.now() + timeoutMs, () =>
          client.workflowService.getSystemInfo({}),
        );
        return { serverVersion: info.serverVersion || 'unknown' };
      },
      // The readiness entry `worker`: live pollers on the cycle task queue (ADR 0015).
      worker: new WorkerHealthProbe(() => temporal.getClient(), {
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        maxPollAgeMs: workerAvailabilityOf(config).READINESS_WORKER_MAX_POLL_AGE_MS,
        timeoutMs,
      }),
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
