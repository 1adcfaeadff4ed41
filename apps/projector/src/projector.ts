import type { Batch, Consumer, ConsumerConfig, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { BatchProcessor, type BatchApplier, type BatchResult, type IncomingMessage } from './batch-processor';
import { KafkaDeadLetterSink, type DeadLetterSink } from './dead-letters';
import type { ProjectorMetrics } from './projector-metrics';
import { DEFAULT_STUCK_AFTER_MS, PartitionHealth, type ProjectorStatusStore } from './projector-status';
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
  /**
   * Let kafkajs fetch and decode the next batches while a partition's transaction runs: each
   * batch returns to kafkajs once queued, and waits only for the previous batch of its
   * partition (one transaction in flight per partition, in order). Offsets are committed once
   * the transaction is done; a failed batch is read again from its first offset. kafkajs
   * otherwise fetches only after every batch of the previous fetch was processed.
   */
  overlapFetching?: boolean;
  /** Extra kafkajs consumer settings (tests shorten session timeouts). */
  consumerConfig?: Omit<Partial<ConsumerConfig>, 'groupId'>;
  /** Defaults to a Kafka producer on `topics.deadLetter`. */
  deadLetters?: DeadLetterSink;
  /**
   * Where the partitions' status is recorded (progress, stuck) for the API's readiness, and
   * where the metrics count cycles needing repair. The live projector has one; a rebuild not.
   */
  statusStore?: ProjectorStatusStore;
  /** A partition whose batches fail (other than for their data) for this long is stuck. Default 60 s. */
  stuckAfterMs?: number;
  /** How often the status is written and the stuck gauge refreshed. Default 5 s. */
  statusIntervalMs?: number;
}

type CommitOffset = (offset: string) => Promise<void>;

/** Pause before reading a failed batch again (a database outage would otherwise spin). */
const FAILED_BATCH_RETRY_MS = 1000;

export interface RunningProjector {
  consumer: Consumer;
  processor: BatchProcessor;
  health: PartitionHealth;
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
  const health = new PartitionHealth(options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS);
  const statusStore = options.statusStore;
  if (statusStore && metrics) metrics.setRepairSource(() => statusStore.cyclesNeedingRepair());
  /** Writes the partitions' status and refreshes the stuck gauge; never fails (the status matters less than projecting). */
  let stuck = new Set<number>();
  const reportStatus = async () => {
    const statuses = health.statuses();
    const nowStuck = new Set(statuses.filter((s) => s.stuckSince !== null).map((s) => s.partition));
    metrics?.partitionsStuck.set(nowStuck.size);
    for (const s of statuses) {
      if (s.stuckSince && !stuck.has(s.partition)) {
        logger.error(
          { partition: s.partition, stuckSince: s.stuckSince, lastError: s.lastError },
          'partition stuck: its batches keep failing for a reason other than their data',
        );
      } else if (!s.stuckSince && stuck.has(s.partition)) {
        logger.info({ partition: s.partition }, 'partition no longer stuck');
      }
    }
    stuck = nowStuck;
    await statusStore
      ?.write(statuses)
      .catch((error: unknown) => logger.warn({ err: error }, 'projector status not recorded'));
  };
  /** With overlapFetching: the last queued batch of each partition, settled once done (never rejects). */
  const inFlight = new Map<number, Promise<void>>();

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    // A new assignment restarts every partition from its committed offset.
    processor.reset();
    committed.clear();
    assigned = new Set(event.payload.memberAssignment[topics.source] ?? []);
    health.assign(assigned);
    logger.info(
      { groupId: event.payload.groupId, memberId: event.payload.memberId, partitions: [...assigned] },
      'projector joined its consumer group',
    );
  });

  const commit = async (partition: number, offset: string | null, send: CommitOffset) => {
    if (offset === null) return;
    const previous = committed.get(partition);
    if (previous !== undefined && compareOffsets(offset, previous) <= 0) return;
    await send(offset);
    committed.set(partition, offset);
  };

  const projectBatch = async (partition: number, messages: KafkaMessage[]): Promise<BatchResult> => {
    let result: BatchResult;
    try {
      result = await processor.process(partition, messages.map(toIncomingMessage));
    } catch (error) {
      // Data errors never get here (isolated per cycle): the database or Kafka is unusable for now.
      health.failed(partition, error);
      throw error;
    }
    health.succeeded(partition);
    logger.debug({ partition, messages: messages.length, ...result }, 'batch projected');
    return result;
  };

  /** Queues a batch after the previous one of its partition; returns once that previous one is done. */
  const queueBatch = async (batch: Batch, isStale: () => boolean) => {
    const { partition } = batch;
    await inFlight.get(partition);
    // A failed batch before this one was sought back to: this one comes again after it.
    if (isStale()) return;
    const epoch = processor.assignmentEpoch;
    const firstOffset = batch.messages[0].offset;
    const work = processor.exclusive(partition, async () => {
      if (processor.assignmentEpoch !== epoch) return; // a rebalance restarted from the committed offsets
      const endTimer = metrics?.batchDuration.startTimer();
      const result = await projectBatch(partition, batch.messages);
      endTimer?.();
      // The transaction is done and the state moved: a lost commit only means re-reading
      // (idempotent) after a restart, and the next batch commits further anyway.
      await commit(partition, result.commitOffset, (offset) =>
        consumer.commitOffsets([{ topic: batch.topic, partition, offset }]),
      ).catch((error: unknown) => logger.warn({ err: error, partition }, 'offset not committed'));
    });
    inFlight.set(
      partition,
      work.catch(async (error: unknown) => {
        if (processor.assignmentEpoch !== epoch) return;
        logger.error({ err: error, partition, offset: firstOffset }, 'batch not projected; reading it again');
        await sleep(FAILED_BATCH_RETRY_MS);
        try {
          consumer.seek({ topic: batch.topic, partition, offset: firstOffset });
        } catch (seekError) {
          logger.warn({ err: seekError, partition }, 'failed batch not sought back to (consumer stopping)');
        }
      }),
    );
  };

  await consumer.connect();
  await consumer.subscribe({ topics: [topics.source], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const lastOffset = batch.messages[batch.messages.length - 1].offset;
      if (options.overlapFetching) {
        await queueBatch(batch, isStale);
        // Fetching goes on from here; the commit follows the transaction.
        if (!isStale()) resolveOffset(lastOffset);
      } else {
        const endTimer = metrics?.batchDuration.startTimer();
        await processor.exclusive(batch.partition, async () => {
          const result = await projectBatch(batch.partition, batch.messages);
          // Fetching goes on past held events; only the commit stays before them.
          resolveOffset(lastOffset);
          await commit(batch.partition, result.commitOffset, (offset) =>
            commitOffsetsIfNecessary({
              topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset }] }],
            }),
          );
        });
        endTimer?.();
      }
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
          health.succeeded(partition);
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

  let reporting = false;
  const statusTimer = setInterval(() => {
    if (reporting) return;
    reporting = true;
    void reportStatus().finally(() => (reporting = false));
  }, options.statusIntervalMs ?? 5000);
  statusTimer.unref();

  return {
    consumer,
    processor,
    health,
    async stop() {
      clearInterval(retryTimer);
      clearInterval(statusTimer);
      await Promise.all(inFlight.values());
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
