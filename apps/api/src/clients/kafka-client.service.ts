import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { checkKafka, createKafka, firstBrokerToAnswer } from '@suivi/kafka';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config';
import { ROOT_LOGGER } from '../logging/root-logger';

/** Below the readiness budget, so a probe ends on its own instead of lingering after the timeout. */
const PROBE_NETWORK_TIMEOUT_MS = 1500;
/** How long shutdown waits for a probe's admin connection to disconnect. */
const SHUTDOWN_GRACE_MS = 3000;

/**
 * Kafka access for the API. It opens no connection by itself: each cluster check
 * connects a short-lived admin client and disconnects it, so a broker outage at
 * start-up or later only shows in readiness.
 */
@Injectable()
export class KafkaClientService implements OnApplicationShutdown {
  /**
   * Probe-only instances, one per broker (its only seed): kafkajs retries the seed-broker
   * connection with the client-level policy (8 retries, backing off for tens of seconds)
   * whatever the admin's own retry option says, so probes need a client that fails at once;
   * and a client seeded with every broker fails the probe whenever it happens to pick a frozen
   * one, which took every API replica out of HAProxy while one broker of three was frozen
   * (chaos suite, ADR 0030). Producers added later need their own instance with the default retries.
   */
  private readonly probes: Kafka[];
  private readonly pendingChecks = new Set<Promise<unknown>>();

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(ROOT_LOGGER) logger: Logger) {
    const kafkaLogger = logger.child({ component: 'kafkajs', purpose: 'readiness' });
    this.probes = config.KAFKA_BROKERS.map((broker) =>
      createKafka(
        {
          brokers: [broker],
          clientId: config.KAFKA_CLIENT_ID,
          // Readiness already reports the failure once per probe (warn); kafkajs' own lines are detail.
          log: (_level, message, extra) => kafkaLogger.debug(extra, message),
        },
        {
          retry: { retries: 0 },
          connectionTimeout: PROBE_NETWORK_TIMEOUT_MS,
          requestTimeout: PROBE_NETWORK_TIMEOUT_MS,
        },
      ),
    );
  }

  /**
   * Up when any broker answers (firstBrokerToAnswer). Every check is tracked until it settles,
   * so shutdown can let an admin connection that outlived its probe's timeout disconnect.
   */
  checkCluster(): ReturnType<typeof checkKafka> {
    const checks = this.probes.map((kafka) => checkKafka(kafka));
    const settled: Promise<unknown> = Promise.allSettled(checks).finally(() => this.pendingChecks.delete(settled));
    this.pendingChecks.add(settled);
    return firstBrokerToAnswer(checks);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.pendingChecks.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    await Promise.race([Promise.allSettled([...this.pendingChecks]), grace]);
    clearTimeout(timer);
  }
}
