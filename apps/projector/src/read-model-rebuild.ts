import type { ConsumerConfig, Kafka } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { DeadLetterSink, PoisonMessage } from './dead-letters';
import { KafkaDeadLetterSink } from './dead-letters';
import {
  createGeneration,
  createGenerationIndexes,
  dropGeneration,
  GenerationBehindError,
  switchGeneration,
  type Generation,
} from './generations';
import { startProjector, type ProjectorTopics, type RunningProjector } from './projector';
import { ReadModelRepository } from './read-model.repository';
import type { PendingEvent } from './sequence-plan';

export interface RebuildOptions {
  pool: Pool;
  kafka: Kafka;
  logger: Logger;
  topics: ProjectorTopics;
  /** The rebuild consumes with a consumer group of its own: `<prefix>-rebuild-g<N>-<time>`. */
  groupIdPrefix: string;
  /** Keep the replaced generation's schema (to compare, or to switch back) instead of dropping it. */
  keepPreviousGeneration?: boolean;
  /** Switch even if the new generation is behind the current one on some cycles. */
  force?: boolean;
  /** Give up (and drop the new generation) if not switched within this time. Default 1 hour. */
  timeoutMs?: number;
  /** How often progress is checked against the high watermarks. Default 200 ms. */
  pollMs?: number;
  consumerConfig?: Omit<Partial<ConsumerConfig>, 'groupId'>;
}

export interface RebuildResult {
  generation: Generation;
  previousGeneration: Generation | null;
  previousDropped: boolean;
  applied: number;
  duplicates: number;
  deadLettered: number;
  /** Switch attempts refused because the live projector was ahead (each followed by more catching up). */
  refusedSwitches: number;
  durationMs: number;
}

const REBUILD_LOCK = 'suivi:read-model-rebuild';

/**
 * The rebuild reads a long backlog: large fetches (kafkajs defaults to 1 MiB per partition)
 * make each database transaction carry thousands of events; several partitions in flight
 * and the next fetch overlapping the transactions (overlapFetching) keep the database busy
 * while messages are fetched and decoded. Each partition still runs one batch at a time, in
 * order, and partitions never share a cycle.
 */
const rebuildConsumerDefaults: Omit<Partial<ConsumerConfig>, 'groupId'> = {
  maxBytesPerPartition: 8 * 1024 * 1024,
  maxBytes: 48 * 1024 * 1024,
};
const REBUILD_PARTITIONS_IN_FLIGHT = 3;

/**
 * Builds a fresh generation of the read model from the start of the cycle log while queries
 * keep reading the current one: creates schema read_model_g<N>, consumes the whole log into
 * it with its own consumer group, and once it has reached the high watermarks switches the
 * read_model views to it in one transaction (refused, and retried after more catching up,
 * while the live projector is ahead on any cycle); then drops the replaced generation.
 * The live projector needs no restart: each of its transactions writes to whichever
 * generation is current.
 */
export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildResult> {
  const { pool, kafka, logger, topics } = options;
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60 * 60 * 1000);
  const pollMs = options.pollMs ?? 200;
  const lock = await acquireRebuildLock(pool);
  let generation: Generation | undefined;
  let projector: RunningProjector | undefined;
  let switched = false;
  const counts = { applied: 0, duplicates: 0, deadLettered: 0 };
  try {
    // Secondary indexes are built once the backlog is in, not maintained row by row.
    generation = await createGeneration(pool, { secondaryIndexes: false });
    const groupId = `${options.groupIdPrefix}-rebuild-g${generation.generation}-${started}`;
    logger.info({ generation: generation.generation, schema: generation.schemaName, groupId }, 'rebuild started');

    // Nothing reads the new generation before the switch, and the switch waits for this check
    // of the server's start time: asynchronous commits lost in a crash cannot go unnoticed.
    const serverStartedAt = await postgresStartTime(pool);
    const repository = new ReadModelRepository(
      pool,
      { kind: 'schema', schema: generation.schemaName },
      { asynchronousCommit: true },
    );
    const sink = new KafkaDeadLetterSink(kafka, topics.deadLetter, groupId);
    projector = await startProjector({
      kafka,
      groupId,
      topics,
      logger,
      consumerConfig: { ...rebuildConsumerDefaults, ...options.consumerConfig },
      partitionsConsumedConcurrently: REBUILD_PARTITIONS_IN_FLIGHT,
      overlapFetching: true,
      repository: {
        applyBatch: async (pending: ReadonlyMap<string, readonly PendingEvent[]>) => {
          const outcome = await repository.applyBatch(pending);
          for (const cycle of outcome.cycles) {
            counts.applied += cycle.applied;
            counts.duplicates += cycle.duplicates;
          }
          return outcome;
        },
        // A cycle whose event the database still refuses is marked in the new generation too.
        markNeedsRepair: (cycleId: string, sequence: number, reason: string) =>
          repository.markNeedsRepair(cycleId, sequence, reason),
      },
      deadLetters: countingSink(sink, (n) => (counts.deadLettered += n)),
    });

    let refusedSwitches = 0;
    let previous: Generation | null = null;
    for (;;) {
      await waitUntilCaughtUp(kafka, topics.source, projector, { deadline, pollMs, logger });
      await createGenerationIndexes(pool, generation);
      if ((await postgresStartTime(pool)) !== serverStartedAt) {
        throw new Error(
          'PostgreSQL restarted during the rebuild: its last writes may be lost; start the rebuild again',
        );
      }
      try {
        previous = await switchGeneration(pool, generation.generation, { requireCaughtUp: !options.force });
        switched = true;
        break;
      } catch (error) {
        if (!(error instanceof GenerationBehindError) || Date.now() > deadline) throw error;
        refusedSwitches += 1;
        logger.info({ reason: error.message }, 'the live projector is ahead: catching up again before switching');
        await sleep(pollMs);
      }
    }
    logger.info(
      { generation: generation.generation, previous: previous?.generation ?? null, ...counts },
      'read model switched to the rebuilt generation',
    );

    await projector.stop();
    projector = undefined;
    await deleteConsumerGroup(kafka, groupId, logger);
    let previousDropped = false;
    if (previous && !options.keepPreviousGeneration) {
      await dropGeneration(pool, previous.generation);
      previousDropped = true;
    }
    return {
      generation,
      previousGeneration: previous,
      previousDropped,
      ...counts,
      refusedSwitches,
      durationMs: Date.now() - started,
    };
  } finally {
    await projector?.stop().catch((error: unknown) => logger.warn({ err: error }, 'rebuild consumer did not stop'));
    if (generation && !switched) {
      // A failed rebuild leaves nothing behind; queries never saw it.
      await dropGeneration(pool, generation.generation).catch((error: unknown) =>
        logger.warn({ err: error, generation: generation?.generation }, 'unfinished generation not dropped'),
      );
    }
    await lock.release();
  }
}

/** Resolves once the rebuild consumer has consumed every partition up to the high watermarks read now. */
async function waitUntilCaughtUp(
  kafka: Kafka,
  topic: string,
  projector: RunningProjector,
  options: { deadline: number; pollMs: number; logger: Logger },
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const targets = (await admin.fetchTopicOffsets(topic))
      .filter((w) => BigInt(w.high) > BigInt(w.low))
      .map((w) => ({ partition: w.partition, high: BigInt(w.high) }));
    let lastReport = Date.now();
    for (;;) {
      const consumed = projector.processor.consumedOffsets();
      const behind = targets.filter((t) => BigInt(consumed.get(t.partition) ?? '0') < t.high);
      if (behind.length === 0) return;
      if (Date.now() > options.deadline) {
        throw new Error(`rebuild did not catch up in time: ${behind.length} partitions still behind`);
      }
      if (Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        options.logger.info(
          {
            partitions: behind.map((t) => ({
              partition: t.partition,
              consumed: consumed.get(t.partition) ?? '0',
              high: t.high.toString(),
            })),
          },
          'rebuild catching up',
        );
      }
      await sleep(options.pollMs);
    }
  } finally {
    await admin.disconnect();
  }
}

/** One rebuild at a time: a session-level advisory lock, held on its own connection for the whole rebuild. */
async function acquireRebuildLock(pool: Pool): Promise<{ release: () => Promise<void> }> {
  const client: PoolClient = await pool.connect();
  try {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      REBUILD_LOCK,
    ]);
    if (!result.rows[0].locked) throw new Error('Another read-model rebuild is running');
  } catch (error) {
    client.release();
    throw error;
  }
  return {
    release: async () => {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [REBUILD_LOCK]);
      } finally {
        client.release();
      }
    },
  };
}

async function deleteConsumerGroup(kafka: Kafka, groupId: string, logger: Logger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch (error) {
    logger.warn({ err: error, groupId }, 'rebuild consumer group not deleted');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function postgresStartTime(pool: Pool): Promise<string> {
  const result = await pool.query<{ started: string }>('SELECT pg_postmaster_start_time()::text AS started');
  return result.rows[0].started;
}

function countingSink(sink: DeadLetterSink, count: (n: number) => void): DeadLetterSink {
  return {
    send: async (poison: readonly PoisonMessage[]) => {
      await sink.send(poison);
      count(poison.length);
    },
    close: () => sink.close(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
