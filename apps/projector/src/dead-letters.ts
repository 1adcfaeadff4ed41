import type { IHeaders, Kafka, Message, Producer } from 'kafkajs';
import { DeadLetterHeaders, type DeadLetterReason } from '@suivi/contracts';

/**
 * A message the projector can never apply, and why: a reason of the decoder (PoisonReason),
 * or PROCESSING_FAILED for an event the read model refused for its data and the events of
 * its cycle held after it (ADR 0014).
 */
export interface PoisonMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  reason: DeadLetterReason;
  detail: string;
}

/**
 * Headers a projector dead letter carries besides the original message's own: the ones
 * every Suivi consumer adds (@suivi/contracts), plus which rule failed and when the
 * original was written.
 */
export const ProjectorDeadLetterHeaders = {
  ...DeadLetterHeaders,
  /** Field paths and rule codes, never values. */
  detail: 'dead-letter-detail',
  sourceTimestamp: 'dead-letter-source-timestamp',
} as const;

/** The dead letter for a poison message: the original key and bytes, unchanged, with the reason and origin in headers. */
export function deadLetterMessage(poison: PoisonMessage, consumerGroup: string): Message {
  return {
    key: poison.key,
    value: poison.value,
    headers: {
      ...poison.headers,
      [ProjectorDeadLetterHeaders.reason]: poison.reason,
      [ProjectorDeadLetterHeaders.detail]: poison.detail,
      [ProjectorDeadLetterHeaders.consumer]: consumerGroup,
      [ProjectorDeadLetterHeaders.sourceTopic]: poison.topic,
      [ProjectorDeadLetterHeaders.sourcePartition]: String(poison.partition),
      [ProjectorDeadLetterHeaders.sourceOffset]: poison.offset,
      [ProjectorDeadLetterHeaders.sourceTimestamp]: poison.timestamp,
    },
  };
}

export interface DeadLetterSink {
  /** Resolves once the broker has acknowledged every dead letter (acks=all). */
  send(poison: readonly PoisonMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** Publishes dead letters with an idempotent producer, so a retried send does not duplicate them. */
export class KafkaDeadLetterSink implements DeadLetterSink {
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly consumerGroup: string,
  ) {}

  async send(poison: readonly PoisonMessage[]): Promise<void> {
    if (poison.length === 0) return;
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
    }
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: poison.map((p) => deadLetterMessage(p, this.consumerGroup)),
    });
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }
}
