import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Topics } from '@suivi/contracts';
import type { ReceivedEventsRepository } from './received-events.repository';

/**
 * Joins the projector's consumer group on the event log. Offsets are committed only
 * after the batch is stored, so a crash re-delivers rather than loses.
 */
export async function startProjector(deps: {
  kafka: Kafka;
  groupId: string;
  repository: ReceivedEventsRepository;
  logger: Logger;
}): Promise<Consumer> {
  const consumer = deps.kafka.consumer({ groupId: deps.groupId });
  consumer.on(consumer.events.GROUP_JOIN, (event) =>
    deps.logger.info(
      { groupId: event.payload.groupId, memberId: event.payload.memberId },
      'projector joined its consumer group',
    ),
  );
  await consumer.connect();
  await consumer.subscribe({ topics: [Topics.cycleEvents], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
      const stored = await deps.repository.saveAll(
        batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString() ?? null,
          payload: m.value,
        })),
      );
      const last = batch.messages[batch.messages.length - 1];
      if (last) resolveOffset(last.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
      deps.logger.debug({ partition: batch.partition, received: batch.messages.length, stored }, 'batch stored');
    },
  });
  return consumer;
}
