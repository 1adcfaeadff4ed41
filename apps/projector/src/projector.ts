import type { Consumer, ConsumerConfig, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { BatchProcessor, type BatchApplier, type IncomingMessage } from './batch-processor';
import { KafkaDeadLetterSink, type DeadLetterSink } from './dead-letters';
import type { ProjectorMetrics } from './projector-metrics';
import { compareOffsets } from './sequence-plan';

export interface ProjectorTopics {
  /** The cycle log (Topics.cycleLog in production). */
  source: string;
  /** Where poison messages go (Topics.deadLetter in production). */
  deadLetter: string;
}

export interface ProjectorOptions {
  kafka: Kafka;
  groupId: string;
  topics: ProjectorTopics;
  repository: BatchApplier;
  logger: Logger;
  metrics?: ProjectorMetrics;
  /** How often events held back after a gap are tried again without new messages (default 5 s). */
  gapRetryMs?: number;
  partitionsConsumedConcurrently?: number;
  /** Extra kafkajs consumer settings (tests shorten session timeouts). */
  consumerConfig?: Omit<Partial<ConsumerConfig>, 'groupId'>;
  /** Defaults to a Kafka producer on `topics.deadLetter`. */
  deadLetters?: DeadLetterSink;
}

export interface RunningProjector {
  consumer: Consumer;
  processor: BatchProcessor;
  /** Leaves the group without committing anything more, then closes the dead-letter producer. */
  stop(): Promise<void>;
}

/**
 * Joins the projector's consumer group on the cycle log and keeps the read model up to
 * date. Kafka offsets are committed only after the batch's database transaction committed
 * (and never past an event held back after a gap), so a crash re-delivers rather than
 * loses, and idempotency absorbs the re-delivery.
 */
export async function startProjector(options: ProjectorOptions): Promise<RunningProjector> {
  const { kafka, groupId, topics, logger, metrics } = options;
  const deadLetters = options.deadLetters ?? new KafkaDeadLetterSink(kafka, topics.deadLetter, groupId);
  const processor = new BatchProcessor({
    topic: topics.source,
    repository: options.repository,
    deadLetters,
    logger,
    metrics,
  });
  const consumer = kafka.consumer({ ...options.consumerConfig, groupId });
  const committed = new Map<number, string>();
  let assigned = new Set<number>();

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    // A new assignment restarts every partition from its committed offset.
    processor.reset();
    committed.clear();
    assigned = new Set(event.payload.memberAssignment[topics.source] ?? []);
    logger.info(
      { groupId: event.payload.groupId, memberId: event.payload.memberId, partitions: [...assigned] },
      'projector joined its consumer group',
    );
  });

  const commit = async (partition: number, offset: string | null, send: (offset: string) => Promise<void>) => {
    if (offset === null) return;
    const previous = committed.get(partition);
    if (previous !== undefined && compareOffsets(offset, previous) <= 0) return;
    await send(offset);
    committed.set(partition, offset);
  };

  await consumer.connect();
  await consumer.subscribe({ topics: [topics.source], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const endTimer = metrics?.batchDuration.startTimer();
      await processor.exclusive(batch.partition, async () => {
        const result = await processor.process(batch.partition, batch.messages.map(toIncomingMessage));
        // Fetching goes on past held events; only the commit stays before them.
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        await commit(batch.partition, result.commitOffset, (offset) =>
          commitOffsetsIfNecessary({
            topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset }] }],
          }),
        );
        logger.debug({ partition: batch.partition, messages: batch.messages.length, ...result }, 'batch projected');
      });
      endTimer?.();
      await heartbeat();
    },
  });

  // Held events are also tried again on a timer: the missing event may reach the model
  // another way (a rebuild switched generations), with no new message on the partition.
  let retrying = false;
  const retryTimer = setInterval(() => {
    if (retrying) return;
    retrying = true;
    void (async () => {
      for (const partition of processor.partitionsWaiting()) {
        if (!assigned.has(partition)) continue;
        await processor.exclusive(partition, async () => {
          const result = await processor.retryHeld(partition);
          await commit(partition, result.commitOffset, (offset) =>
            consumer.commitOffsets([{ topic: topics.source, partition, offset }]),
          );
        });
      }
    })()
      .catch((error: unknown) => logger.warn({ err: error }, 'retry of held events failed; trying again later'))
      .finally(() => (retrying = false));
  }, options.gapRetryMs ?? 5000);
  retryTimer.unref();

  return {
    consumer,
    processor,
    async stop() {
      clearInterval(retryTimer);
      await consumer.disconnect();
      await deadLetters.close();
    },
  };
}

function toIncomingMessage(message: KafkaMessage): IncomingMessage {
  return {
    offset: message.offset,
    timestamp: message.timestamp,
    key: message.key ?? null,
    value: message.value,
    headers: message.headers ?? {},
  };
}
