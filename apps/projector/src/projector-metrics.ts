import { createServer, type Server } from 'node:http';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Consumer lag per partition: high watermark minus the next offset to consume. */
export type LagSource = () => Promise<Map<number, number>>;

/** Cycles of the read model marked as needing repair (read from PostgreSQL at each scrape). */
export type RepairSource = () => Promise<number>;

/**
 * The projector's metrics, in a registry of their own (several projectors in one test
 * process must not collide on names).
 */
export class ProjectorMetrics {
  readonly eventsApplied: Counter;
  readonly duplicatesSkipped: Counter;
  readonly deadLetters: Counter<'reason'>;
  readonly gaps: Counter;
  readonly cyclesWaiting: Gauge;
  readonly consumerLag: Gauge<'partition'>;
  readonly batchDuration: Histogram;
  readonly cyclesNeedingRepair: Gauge;
  readonly partitionsStuck: Gauge;
  private lagSource: LagSource | undefined;
  private repairSource: RepairSource | undefined;

  constructor(
    readonly registry: Registry = new Registry(),
    private readonly logger?: Logger,
  ) {
    const registers = [registry];
    this.eventsApplied = new Counter({
      name: 'suivi_projector_events_applied_total',
      help: 'Cycle events written to the read model.',
      registers,
    });
    this.duplicatesSkipped = new Counter({
      name: 'suivi_projector_duplicate_events_total',
      help: 'Cycle events skipped because the read model already had them (redelivery, republished events).',
      registers,
    });
    this.deadLetters = new Counter({
      name: 'suivi_projector_dead_letters_total',
      help: 'Messages sent to the dead-letter topic, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.gaps = new Counter({
      name: 'suivi_projector_gaps_total',
      help: 'Gaps detected in a cycle event sequence (an event arrived before one it follows).',
      registers,
    });
    this.cyclesWaiting = new Gauge({
      name: 'suivi_projector_cycles_waiting',
      help: 'Cycles whose later events are held back until a missing event arrives.',
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'suivi_projector_consumer_lag',
      help: 'Messages not yet consumed and committed, per partition of the cycle log (high watermark - committed offset).',
      labelNames: ['partition'],
      registers,
      // Read from the broker at each scrape, so a stuck consumer shows a growing lag.
      collect: () => this.refreshConsumerLag(),
    });
    this.batchDuration = new Histogram({
      name: 'suivi_projector_batch_duration_seconds',
      help: 'Time to process one batch of the cycle log (decode, dead letters, database transaction, commit).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.cyclesNeedingRepair = new Gauge({
      name: 'suivi_read_model_cycles_needing_repair',
      help: 'Cycles whose projection stopped at an event the read model refused for its data; their later events are held until a rebuild (ADR 0014).',
      registers,
      collect: () => this.refreshCyclesNeedingRepair(),
    });
    this.partitionsStuck = new Gauge({
      name: 'suivi_projector_partitions_stuck',
      help: 'Partitions of the cycle log whose batches have failed, for a reason other than their data, for longer than the stuck threshold.',
      registers,
    });
  }

  setLagSource(source: LagSource): void {
    this.lagSource = source;
  }

  setRepairSource(source: RepairSource): void {
    this.repairSource = source;
  }

  async refreshCyclesNeedingRepair(): Promise<void> {
    if (!this.repairSource) return;
    try {
      this.cyclesNeedingRepair.set(await this.repairSource());
    } catch (error) {
      // As for the lag: an unreachable database keeps the last value rather than failing the scrape.
      this.logger?.debug({ err: error }, 'cycles needing repair not counted');
    }
  }

  async refreshConsumerLag(): Promise<void> {
    if (!this.lagSource) return;
    try {
      const lag = await this.lagSource();
      for (const [partition, value] of lag) this.consumerLag.set({ partition: String(partition) }, value);
    } catch (error) {
      // A scrape must not fail because Kafka is unreachable: keep the last values.
      this.logger?.debug({ err: error }, 'consumer lag not refreshed');
    }
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Lag of a consumer group on one topic, from the broker: high watermark - committed offset (or the low watermark). */
export function brokerLagSource(
  kafka: Kafka,
  groupId: string,
  topic: string,
): { source: LagSource; close: () => Promise<void> } {
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;
  const connected = () => {
    connecting ??= (async () => {
      const client = kafka.admin({ retry: { retries: 0 } });
      try {
        await client.connect();
      } catch (error) {
        connecting = undefined;
        throw error;
      }
      admin = client;
      return client;
    })();
    return connecting;
  };
  return {
    source: async () => {
      const client = await connected();
      const [watermarks, committed] = await Promise.all([
        client.fetchTopicOffsets(topic),
        client.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const committedByPartition = new Map(
        (committed.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]),
      );
      const lag = new Map<number, number>();
      for (const w of watermarks) {
        const next = committedByPartition.get(w.partition) ?? -1n;
        const from = next >= 0n ? next : BigInt(w.low);
        const value = BigInt(w.high) - from;
        lag.set(w.partition, Number(value > 0n ? value : 0n));
      }
      return lag;
    },
    close: async () => {
      const client = admin;
      admin = undefined;
      connecting = undefined;
      await client?.disconnect();
    },
  };
}

/** Serves GET /metrics in the Prometheus text format. */
export async function startMetricsServer(options: {
  registry: Registry;
  port: number;
  host?: string;
  logger?: Logger;
}): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    options.registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(body),
      (error: unknown) => {
        options.logger?.error({ err: error }, 'metrics not rendered');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
