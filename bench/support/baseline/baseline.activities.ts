import type { MessagePublisher } from '@suivi/kafka';

/** Activities of the baseline workflows (imported there by type only). */
export interface BaselineActivities {
  /** Publishes `count` small messages keyed `key` (each value carries dueAtMs), in one call. */
  publishBenchMessages(input: { topic: string; key: string; count: number; dueAtMs: number }): Promise<void>;
}

export function createBaselineActivities(deps: { publisher: MessagePublisher }): BaselineActivities {
  return {
    async publishBenchMessages({ topic, key, count, dueAtMs }) {
      await deps.publisher.publish(
        Array.from({ length: count }, (_, i) => ({
          topic,
          key,
          value: JSON.stringify({ key, i, dueAtMs }),
          headers: { 'event-id': `${key}:${i}` },
        })),
      );
    },
  };
}
