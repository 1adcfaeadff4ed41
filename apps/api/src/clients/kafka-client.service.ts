import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { checkKafka, createKafka } from '@suivi/kafka';
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
   * A probe-only instance: kafkajs retries the seed-broker connection with the
   * client-level policy (8 retries, backing off for tens of seconds) whatever the
   * admin's own retry option says, so probes need a client that fails at once.
   * Producers added later need their own instance with the default retries.
   */
  private readonly probeKafka: Kafka;
  private readonly pendingChecks = new Set<Promise<unknown>>();

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(ROOT_LOGGER) logger: Logger) {
    const kafkaLogger = logger.child({ component: 'kafkajs', purpose: 'readiness' });
    this.probeKafka = createKafka(
      {
        brokers: config.KAFKA_BROKERS,
        clientId: config.KAFKA_CLIENT_ID,
        // Readiness already reports the failure once per probe (warn); kafkajs' own lines are detail.
        log: (_level, message, extra) => kafkaLogger.debug(extra, message),
      },
      {
        retry: { retries: 0 },
        connectionTimeout: PROBE_NETWORK_TIMEOUT_MS,
        requestTimeout: PROBE_NETWORK_TIMEOUT_MS,
      },
    );
  }

  /** Tracked so shutdown can let an admin connection that outlived its probe's timeout disconnect. */
  checkCluster(): ReturnType<typeof checkKafka> {
    const check = checkKafka(this.probeKafka);
    const settled = check.catch(() => undefined).finally(() => this.pendingChecks.delete(settled));
    this.pendingChecks.add(settled);
    return check;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.pendingChecks.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    await Promise.race([Promise.allSettled([...this.pendingChecks]), grace]);
    clearTimeout(timer);
  }
}
