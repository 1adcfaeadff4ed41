import type { Kafka, Producer } from 'kafkajs';

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

/**
 * kafkajs adapter: one idempotent producer per process, so a retried send after a
 * lost acknowledgement does not duplicate or reorder messages within a partition.
 */
export class KafkaMessagePublisher implements MessagePublisher {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connected();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
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
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
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
