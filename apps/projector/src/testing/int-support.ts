import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CycleEvent } from '@suivi/domain';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Pool } from 'pg';
import { createKafka } from '@suivi/kafka';
import { createPool } from '@suivi/postgres';
import { pollUntil as sharedPollUntil, requireEnv, scratchDatabase } from '@suivi/test-support';
import { currentGeneration } from '../generations';
import { ReadModelRepository } from '../read-model.repository';
import { cycleLogMessage } from './cycle-histories';
import { prepareReadModel } from '../read-model-schema';

export const migrationsDir = join(__dirname, '..', '..', 'migrations');

export { requireEnv };

/** The shared poll helper, checking every 100 ms: projector tests wait on fast local writes. */
export function pollUntil<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  return sharedPollUntil(check, timeoutMs, intervalMs);
}

/** A database of its own on the test server, migrated: the read model at generation 1. */
export async function freshReadModel(): Promise<{ pool: Pool; databaseUrl: string }> {
  const databaseUrl = await scratchDatabase('int_projector');
  await prepareReadModel(databaseUrl, migrationsDir);
  return { pool: createPool(databaseUrl), databaseUrl };
}

export function testKafka(clientId = 'projector-int'): Kafka {
  return createKafka({ brokers: requireEnv('KAFKA_BROKERS').split(','), clientId, log: () => undefined });
}

/** A cycle log and a dead-letter topic of the test's own (the broker does not create topics on demand). */
export async function createTestTopics(
  kafka: Kafka,
  partitions = 3,
): Promise<{ source: string; deadLetter: string; suffix: string }> {
  const suffix = randomBytes(4).toString('hex');
  const topics = { source: `int.cycle-log.${suffix}`, deadLetter: `int.dead-letter.${suffix}` };
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: topics.source, numPartitions: partitions, replicationFactor: 1 },
        { topic: topics.deadLetter, numPartitions: 1, replicationFactor: 1 },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  return { ...topics, suffix };
}

/**
 * Publishes events as the worker does (key = cycle id, JSON value, headers), in order;
 * `perSend` messages per produce request (each request is a record batch on the broker,
 * and a consumer fetch returns whole record batches).
 */
export async function publishEvents(
  kafka: Kafka,
  topic: string,
  events: readonly CycleEvent[],
  perSend = Infinity,
): Promise<void> {
  await publishRaw(kafka, topic, events.map(cycleLogMessage), perSend);
}

export async function publishRaw(
  kafka: Kafka,
  topic: string,
  messages: ReadonlyArray<{ key: string | null; value: string | Buffer | null; headers?: IHeaders }>,
  perSend = Infinity,
): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += Math.min(perSend, messages.length)) {
      const chunk = messages.slice(i, i + Math.min(perSend, messages.length));
      await producer.send({ topic, acks: -1, messages: chunk.map((m) => ({ ...m })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Every message of a topic, read by a throw-away consumer group, once `count` have arrived. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `int-reader-${randomBytes(4).toString('hex')}` });
  const received: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push(message);
    },
  });
  try {
    return await pollUntil(async () => (received.length >= count ? [...received] : undefined), timeoutMs);
  } finally {
    await consumer.disconnect();
  }
}

/** Committed offsets of a consumer group on a topic, per partition ("-1" when none). */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map(offsets.partitions.map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the read model's current generation has applied each cycle up to its given sequence. */
export async function waitForPositions(
  pool: Pool,
  expected: ReadonlyMap<string, number>,
  timeoutMs = 60_000,
  schema?: string,
): Promise<void> {
  await pollUntil(async () => {
    const target = schema ?? (await currentGeneration(pool)).schemaName;
    const result = await pool.query<{ cycle_id: string; last_sequence: number }>(
      `SELECT cycle_id, last_sequence FROM ${target}.projection_positions WHERE cycle_id = ANY($1::text[])`,
      [[...expected.keys()]],
    );
    const positions = new Map(result.rows.map((r) => [r.cycle_id, r.last_sequence]));
    return [...expected].every(([cycleId, sequence]) => (positions.get(cycleId) ?? 0) >= sequence) ? true : undefined;
  }, timeoutMs);
}

export const lastSequences = (events: readonly CycleEvent[]): Map<string, number> => {
  const last = new Map<string, number>();
  for (const e of events) last.set(e.cycleId, Math.max(last.get(e.cycleId) ?? 0, e.sequence));
  return last;
};

const tableKeys: Record<string, string> = {
  cycles: 'cycle_id',
  rounds: 'cycle_id, round_id',
  action_points: 'cycle_id, action_point_id',
  timeline: 'cycle_id, sequence',
  projection_positions: 'cycle_id',
  country_statistics: 'country',
};

/** Every table of a generation (or the read_model views), as JSON rows ordered by key. */
export async function dumpReadModel(pool: Pool, schema = 'read_model'): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(tableKeys)) {
    const result = await pool.query<{ row: unknown }>(
      `SELECT to_jsonb(t) AS row FROM ${schema}.${table} t ORDER BY ${key}`,
    );
    dump[table] = result.rows.map((r) => r.row);
  }
  return dump;
}

/** The read model built straight from the events, without Kafka, in a database of its own: what the projector must reach. */
export async function referenceDump(events: readonly CycleEvent[]): Promise<Record<string, unknown[]>> {
  const { pool } = await freshReadModel();
  try {
    const repository = new ReadModelRepository(pool);
    const byCycle = new Map<string, Array<{ event: CycleEvent; offset: string }>>();
    events.forEach((event, i) =>
      byCycle.set(event.cycleId, [...(byCycle.get(event.cycleId) ?? []), { event, offset: String(i) }]),
    );
    await repository.applyBatch(byCycle);
    return await dumpReadModel(pool);
  } finally {
    await pool.end();
  }
}
