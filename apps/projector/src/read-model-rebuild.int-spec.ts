import { randomBytes } from 'node:crypto';
import type { CycleEvent } from '@suivi/domain';
import type { Pool } from 'pg';
import { listGenerations } from './generations';
import { startProjector, type ProjectorTopics, type RunningProjector } from './projector';
import { rebuildReadModel } from './read-model-rebuild';
import { ReadModelRepository } from './read-model.repository';
import { dialogueHistory, gspHistory, withdrawalHistory } from './testing/cycle-histories';
import { recordingLogger } from './testing/in-memory-read-model';
import {
  createTestTopics,
  dumpReadModel,
  freshReadModel,
  lastSequences,
  publishEvents,
  publishRaw,
  referenceDump,
  testKafka,
  waitForPositions,
} from './testing/int-support';

const consumerConfig = { sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 200 };

/** Queries the read model in a loop, as users would during a rebuild; records what it saw. */
function watchQueries(pool: Pool) {
  const seen: number[] = [];
  const errors: unknown[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const result = await pool.query('SELECT count(*)::int AS n FROM read_model.timeline');
        seen.push(result.rows[0].n);
      } catch (error) {
        errors.push(error);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    seen,
    errors,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

describe('read-model rebuild', () => {
  const kafka = testKafka('projector-rebuild-int');
  let pool: Pool;
  let topics: ProjectorTopics;
  let live: RunningProjector | undefined;

  afterEach(async () => {
    await live?.stop();
    live = undefined;
    await pool?.end();
  });

  it('builds a generation identical row for row to the incremental one, switches queries to it without a gap, and the live projector follows', async () => {
    ({ pool } = await freshReadModel());
    topics = await createTestTopics(kafka, 3);
    const groupId = `int-live-${randomBytes(4).toString('hex')}`;
    const logger = recordingLogger().logger;
    const first: CycleEvent[] = [
      ...dialogueHistory('RB-A').events,
      ...dialogueHistory('RB-B', 'LK').events,
      ...gspHistory('RB-C').events,
      ...withdrawalHistory('RB-D').events,
    ];
    await publishEvents(kafka, topics.source, first, 5);
    await publishEvents(kafka, topics.source, first.slice(0, 12)); // republished: duplicates in the log
    await publishRaw(kafka, topics.source, [{ key: 'RB-A', value: 'not an event' }]);

    live = await startProjector({
      kafka,
      groupId,
      topics,
      repository: new ReadModelRepository(pool),
      logger,
      consumerConfig,
    });
    await waitForPositions(pool, lastSequences(first));
    const incremental = await dumpReadModel(pool, 'read_model_g1');
    expect(incremental['timeline']).toHaveLength(first.length);

    const queries = watchQueries(pool);
    const rebuilt = await rebuildReadModel({
      pool,
      kafka,
      logger,
      topics,
      groupIdPrefix: groupId,
      keepPreviousGeneration: true,
      pollMs: 100,
      consumerConfig,
    });
    await queries.stop();

    expect(rebuilt).toMatchObject({
      generation: { generation: 2, schemaName: 'read_model_g2' },
      previousGeneration: { generation: 1, schemaName: 'read_model_g1' },
      previousDropped: false,
      applied: first.length,
      duplicates: 12,
      deadLettered: 1,
    });
    expect(await dumpReadModel(pool, 'read_model_g2')).toEqual(incremental);
    expect(await dumpReadModel(pool)).toEqual(incremental);
    // Queries never saw an empty or partial model, nor an error, while the rebuild ran and switched.
    expect(queries.errors).toEqual([]);
    expect(queries.seen.length).toBeGreaterThan(0);
    expect(Math.min(...queries.seen)).toBe(first.length);

    // The live projector writes to the new generation from the switch on.
    const later = dialogueHistory('RB-E').events.slice(0, 8);
    await publishEvents(kafka, topics.source, later);
    await waitForPositions(pool, lastSequences(later));
    const newCycle = `SELECT count(*)::int AS n FROM %s.timeline WHERE cycle_id = 'RB-E'`;
    expect((await pool.query(newCycle.replace('%s', 'read_model_g2'))).rows[0].n).toBe(8);
    expect((await pool.query(newCycle.replace('%s', 'read_model_g1'))).rows[0].n).toBe(0);
  });

  it('catches up with a live projector that keeps writing during the rebuild, then drops the old generation', async () => {
    ({ pool } = await freshReadModel());
    topics = await createTestTopics(kafka, 3);
    const groupId = `int-live-${randomBytes(4).toString('hex')}`;
    const logger = recordingLogger().logger;
    const before = ['RC-A', 'RC-B', 'RC-C'].flatMap((id) => dialogueHistory(id).events);
    await publishEvents(kafka, topics.source, before, 4);
    live = await startProjector({
      kafka,
      groupId,
      topics,
      repository: new ReadModelRepository(pool),
      logger,
      consumerConfig,
    });
    await waitForPositions(pool, lastSequences(before));

    // New events keep arriving while the rebuild runs.
    const during = ['RC-D', 'RC-E'].flatMap((id) => dialogueHistory(id).events);
    let publishing = true;
    const publisher = (async () => {
      for (let i = 0; i < during.length; i += 3) {
        await publishEvents(kafka, topics.source, during.slice(i, i + 3));
        await new Promise((r) => setTimeout(r, 40));
      }
      publishing = false;
    })();
    const queries = watchQueries(pool);
    const rebuilt = await rebuildReadModel({
      pool,
      kafka,
      logger,
      topics,
      groupIdPrefix: groupId,
      pollMs: 50,
      consumerConfig,
    });
    await publisher;
    expect(publishing).toBe(false);
    await waitForPositions(pool, lastSequences([...before, ...during]));
    await queries.stop();

    expect(rebuilt).toMatchObject({ generation: { generation: 2 }, previousDropped: true });
    expect(queries.errors).toEqual([]);
    // Never fewer rows than before the rebuild started, never fewer than seen a moment earlier.
    expect(Math.min(...queries.seen)).toBeGreaterThanOrEqual(before.length);
    expect(queries.seen).toEqual([...queries.seen].sort((a, b) => a - b));
    expect(await dumpReadModel(pool)).toEqual(await referenceDump([...before, ...during]));
    expect((await listGenerations(pool)).map((g) => [g.generation, g.status])).toEqual([
      [1, 'DROPPED'],
      [2, 'CURRENT'],
    ]);
    const schemas = await pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read_model_g%'`);
    expect(schemas.rows).toEqual([{ nspname: 'read_model_g2' }]);
  });

  it('refuses to run twice at once, and leaves nothing behind when it fails', async () => {
    ({ pool } = await freshReadModel());
    topics = await createTestTopics(kafka, 1);
    const logger = recordingLogger().logger;
    const holder = await pool.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('suivi:read-model-rebuild'))`);
      await expect(
        rebuildReadModel({ pool, kafka, logger, topics, groupIdPrefix: 'int-refused', consumerConfig }),
      ).rejects.toThrow('Another read-model rebuild is running');
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(hashtext('suivi:read-model-rebuild'))`);
      holder.release();
    }
    await expect(
      rebuildReadModel({
        pool,
        kafka,
        logger,
        topics: { ...topics, source: `${topics.source}.missing` },
        groupIdPrefix: 'int-failing',
        timeoutMs: 5000,
        consumerConfig,
      }),
    ).rejects.toThrow();
    expect((await listGenerations(pool)).map((g) => [g.generation, g.status])).toEqual([
      [1, 'CURRENT'],
      [2, 'DROPPED'],
    ]);
  });
});
