import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { checkKafka, createKafka } from '@suivi/kafka';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { API_CONFIG } from '../config/api-config';
import { ROOT_LOGGER } from '../logging/root-logger';

/** How long shutdown waits for admin connections that a timed-out probe left behind. */
const SHUTDOWN_GRACE_MS = 3000;

/**
 * Owns the kafkajs instance. It opens no connection by itself: each cluster check
 * connects a short-lived admin client and disconnects it, so a broker outage at
 * start-up or later only shows in readiness.
 */
@Injectable()
export class KafkaClientService implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private readonly pendingChecks = new Set<Promise<unknown>>();

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(ROOT_LOGGER) logger: Logger) {
    const kafkaLogger = logger.child({ component: 'kafkajs' });
    this.kafka = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID,
      log: (level, message, extra) => kafkaLogger[level](extra, message),
    });
  }

  /** Tracked so shutdown can let an admin connection that outlived its probe's timeout disconnect. */
  checkCluster(): ReturnType<typeof checkKafka> {
    const check = checkKafka(this.kafka);
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
