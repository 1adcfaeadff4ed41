import type { IHeaders, Kafka, Message, Producer } from 'kafkajs';
import type { PoisonReason } from './cycle-log-message';

/** A message the projector can never apply, and why. */
export interface PoisonMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  reason: PoisonReason;
  detail: string;
}

/** Headers a dead letter carries besides the original message's own. */
export const DeadLetterHeaders = {
  reason: 'dead-letter-reason',
  detail: 'dead-letter-detail',
  deadLetteredBy: 'dead-lettered-by',
  originalTopic: 'original-topic',
  originalPartition: 'original-partition',
  originalOffset: 'original-offset',
  originalTimestamp: 'original-timestamp',
} as const;

/** The dead letter for a poison message: the original key and bytes, unchanged, with the reason and origin in headers. */
export function deadLetterMessage(poison: PoisonMessage, deadLetteredBy: string): Message {
  return {
    key: poison.key,
    value: poison.value,
    headers: {
      ...poison.headers,
      [DeadLetterHeaders.reason]: poison.reason,
      [DeadLetterHeaders.detail]: poison.detail,
      [DeadLetterHeaders.deadLetteredBy]: deadLetteredBy,
      [DeadLetterHeaders.originalTopic]: poison.topic,
      [DeadLetterHeaders.originalPartition]: String(poison.partition),
      [DeadLetterHeaders.originalOffset]: poison.offset,
      [DeadLetterHeaders.originalTimestamp]: poison.timestamp,
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
    private readonly deadLetteredBy: string,
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
      messages: poison.map((p) => deadLetterMessage(p, this.deadLetteredBy)),
    });
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }
}
