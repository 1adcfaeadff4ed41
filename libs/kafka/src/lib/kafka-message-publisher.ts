import { Partitioners, type ICustomPartitioner, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The port the worker's publishing activity depends on. */
export interface MessagePublisher {
  /** Resolves once the broker has acknowledged every message (acks=all), in the given order per key. */
  publish(messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

interface PendingPublish {
  messages: OutgoingMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Bounds of a coalesced produce request. The byte bound keeps every partition's record
 * batch well under the broker's default message.max.bytes (1 MiB), whatever the texts'
 * length; one publish larger than that is still sent alone, as it would be uncoalesced.
 */
const MAX_MESSAGES_PER_REQUEST = 5000;
const MAX_BYTES_PER_REQUEST = 512 * 1024;

function sizeOf(publish: PendingPublish): number {
  let bytes = 0;
  for (const m of publish.messages) {
    bytes += Buffer.byteLength(m.value) + m.key.length;
    for (const [name, value] of Object.entries(m.headers)) bytes += name.length + value.length;
  }
  return bytes;
}

/**
 * kafkajs resolved a send without an acknowledgement for some partitions it was given messages
 * for. kafkajs 2.2.4 does this when a partition's leader moves, during the send's retries, to a
 * broker that had already answered for other partitions: that broker is not asked again, and the
 * partition's messages, taken by the old leader but never replicated, are silently lost (the
 * chaos suite's frozen leader, ADR 0030; kafkajs pull request 1798, unreleased). Thrown so
 * that the caller's activity sends them again.
 */
export class UnacknowledgedPartitionsError extends Error {
  constructor(readonly partitions: readonly string[]) {
    super(`Kafka acknowledged no write to ${partitions.join(', ')}: the send is retried`);
    this.name = 'UnacknowledgedPartitionsError';
  }
}

/** The partitions kafkajs sent to, missing from the acknowledgements it resolved with. */
export function unacknowledged(assigned: ReadonlySet<string>, acknowledged: readonly RecordMetadata[]): string[] {
  const acked = new Set(acknowledged.filter((r) => r.errorCode === 0).map((r) => `${r.topicName}/${r.partition}`));
  return [...assigned].filter((partition) => !acked.has(partition)).sort();
}

/**
 * kafkajs adapter: one idempotent producer per process, so a retried send after a
 * lost acknowledgement does not duplicate or reorder messages within a partition.
 * An idempotent producer has one request in flight at a time; publishes that arrive
 * meanwhile are coalesced into the next request, so hundreds of cycles publishing at
 * once share a few round trips instead of queueing one by one. Order per key holds:
 * messages keep their call order, and a cycle publishes its next batch only after the
 * previous one resolved.
 */
export class KafkaMessagePublisher implements MessagePublisher {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private readonly queue: PendingPublish[] = [];
  private flushing = false;
  /** `topic/partition` of every message of the request under way (one at a time: see flush), at any attempt. */
  private readonly assigned = new Set<string>();
  /** kafkajs's default partitioner (so keys map to partitions as before), watched to know where each message went. */
  private readonly watchedPartitioner: ICustomPartitioner = () => {
    const partitionOf = Partitioners.DefaultPartitioner();
    return (args) => {
      const partition = partitionOf(args);
      this.assigned.add(`${args.topic}/${partition}`);
      return partition;
    };
  };

  constructor(
    private readonly kafka: Kafka,
    /** Where a send kafkajs left incomplete is reported (it is retried: nothing else would say it happened). */
    private readonly warn: (message: string, extra: Record<string, unknown>) => void = (message, extra) =>
      process.stderr.write(`${JSON.stringify({ level: 'warn', msg: message, ...extra })}\n`),
  ) {}

  publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Sends whatever is queued, one request at a time, until the queue is empty. */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const flight: PendingPublish[] = [];
        let count = 0;
        let bytes = 0;
        while (this.queue.length > 0) {
          const next = this.queue[0];
          const nextBytes = sizeOf(next);
          const fits =
            count + next.messages.length <= MAX_MESSAGES_PER_REQUEST && bytes + nextBytes <= MAX_BYTES_PER_REQUEST;
          if (flight.length > 0 && !fits) break;
          flight.push(this.queue.shift() as PendingPublish);
          count += next.messages.length;
          bytes += nextBytes;
        }
        try {
          await this.send(flight.flatMap((p) => p.messages));
          for (const p of flight) p.resolve();
        } catch (error) {
          if (error instanceof UnacknowledgedPartitionsError) {
            this.warn('kafka send resolved without acknowledging every partition: failed, to be retried', {
              partitions: error.partitions,
            });
          }
          // Every publish of the failed request fails; each caller (an activity) retries its own.
          for (const p of flight) p.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async send(messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.connected();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const list = byTopic.get(message.topic);
      if (list) list.push(message);
      else byTopic.set(message.topic, [message]);
    }
    this.assigned.clear();
    const acknowledged = await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
    const missing = unacknowledged(this.assigned, acknowledged);
    if (missing.length > 0) throw new UnacknowledgedPartitionsError(missing);
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    await producer?.disconnect();
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: this.watchedPartitioner,
      });
      try {
        await producer.connect();
      } catch (error) {
        this.connecting = undefined;
        throw error;
      }
      producer.on(producer.events.DISCONNECT, () => {
        if (this.producer === producer) {
          this.producer = undefined;
          this.connecting = undefined;
        }
      });
      this.producer = producer;
      return producer;
    })();
    return this.connecting;
  }
}
