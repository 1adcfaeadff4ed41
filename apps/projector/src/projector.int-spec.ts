import { randomBytes } from 'node:crypto';
import type { CycleEvent } from '@suivi/domain';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { pollUntil } from '@suivi/test-support';
import type { BatchApplier } from './batch-processor';
import { startProjector, type ProjectorTopics, type RunningProjector } from './projector';
import { brokerLagSource, ProjectorMetrics } from './projector-metrics';
import { ReadModelRepository } from './read-model.repository';
import { cycleLogMessage, dialogueHistory, gspHistory } from './testing/cycle-histories';
import { recordingLogger } from './testing/in-memory-read-model';
import {
  committedOffsets,
  createTestTopics,
  dumpReadModel,
  freshReadModel,
  lastSequences,
  publishEvents,
  publishRaw,
  readTopic,
  referenceDump,
  testKafka,
  waitForPositions,
} from './testing/int-support';

const consumerConfig = { sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 200 };

async function metricValue(metrics: ProjectorMetrics, name: string, labels: Record<string, string> = {}) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? 0;
}

describe('projector on Kafka and PostgreSQL', () => {
  const kafka: Kafka = testKafka();
  let pool: Pool;
  let topics: ProjectorTopics;
  let groupId: string;
  const running: RunningProjector[] = [];

  async function start(overrides: { repository?: BatchApplier; partitions?: number } = {}) {
    const { logger, lines } = recordingLogger();
    const metrics = new ProjectorMetrics();
    const projector = await startProjector({
      kafka,
      groupId,
      topics,
      repository: overrides.repository ?? new ReadModelRepository(pool),
      logger,
      metrics,
      gapRetryMs: 500,
      consumerConfig,
    });
    running.push(projector);
    return { projector, metrics, lines };
  }

  async function stop(projector: RunningProjector) {
    running.splice(running.indexOf(projector), 1);
    await projector.stop();
  }

  async function setUp(partitions = 3) {
    ({ pool } = await freshReadModel());
    topics = await createTestTopics(kafka, partitions);
    groupId = `int-projector-${randomBytes(4).toString('hex')}`;
  }

  afterEach(async () => {
    for (const projector of running.splice(0)) await projector.stop();
    await pool?.end();
  });

  it('applies events delivered twice only once: the same rows as one clean pass', async () => {
    await setUp();
    const events = [
      ...dialogueHistory('DUP-A').events,
      ...dialogueHistory('DUP-B').events,
      ...gspHistory('DUP-C').events,
    ];
    await publishEvents(kafka, topics.source, events);
    // The whole log again (a worker re-publishing after continue-as-new), and a stretch a third time.
    await publishEvents(kafka, topics.source, events);
    await publishEvents(kafka, topics.source, events.slice(10, 20));
    const { metrics } = await start();
    await waitForPositions(pool, lastSequences(events));
    await pollUntil(async () =>
      (await metricValue(metrics, 'suivi_projector_duplicate_events_total')) === events.length + 10 ? true : undefined,
    );
    expect(await metricValue(metrics, 'suivi_projector_events_applied_total')).toBe(events.length);
    expect(await dumpReadModel(pool)).toEqual(await referenceDump(events));
  });

  it('completes correctly after a crash between the database commit and the offset commit, and a restart mid-stream', async () => {
    await setUp();
    const events = ['RST-A', 'RST-B', 'RST-C', 'RST-D'].flatMap((id) => dialogueHistory(id).events);
    await publishEvents(kafka, topics.source, events, 2);
    const repository = new ReadModelRepository(pool);
    let batches = 0;
    let crashed = false;
    const crashingOnce: BatchApplier = {
      markNeedsRepair: (...mark) => repository.markNeedsRepair(...mark),
      applyBatch: async (pending) => {
        const outcome = await repository.applyBatch(pending);
        batches += 1;
        if (batches === 2 && !crashed) {
          crashed = true;
          throw new Error('simulated crash after the database commit, before the Kafka commit');
        }
        return outcome;
      },
    };
    // Small fetches, so the log takes many batches and the stop lands mid-stream.
    const first = await startProjector({
      kafka,
      groupId,
      topics,
      repository: crashingOnce,
      logger: recordingLogger().logger,
      consumerConfig: { ...consumerConfig, maxBytesPerPartition: 2048, maxBytes: 4096 },
    });
    running.push(first);
    const appliedSoFar = async () =>
      Number((await pool.query('SELECT count(*) AS n FROM read_model.timeline')).rows[0].n);
    await pollUntil(async () => ((await appliedSoFar()) >= 20 ? true : undefined), 60_000, 20);
    await stop(first);
    const atStop = await appliedSoFar();
    expect(crashed).toBe(true);
    expect(atStop).toBeLessThan(events.length);

    const { metrics } = await start();
    await waitForPositions(pool, lastSequences(events));
    expect(await dumpReadModel(pool)).toEqual(await referenceDump(events));
    // The restarted consumer applied exactly what was missing.
    expect(await metricValue(metrics, 'suivi_projector_events_applied_total')).toBe(events.length - atStop);
  });

  it('with fetches overlapping the transactions, reads a failed batch again from its first offset and loses nothing', async () => {
    await setUp(2);
    const events = ['OVL-A', 'OVL-B', 'OVL-C', 'OVL-D'].flatMap((id) => dialogueHistory(id).events);
    await publishEvents(kafka, topics.source, events, 2);
    const repository = new ReadModelRepository(pool);
    let batches = 0;
    const failures: number[] = [];
    // Batches 2 and 5 fail before anything is written.
    const failingTwice: BatchApplier = {
      markNeedsRepair: (...mark) => repository.markNeedsRepair(...mark),
      applyBatch: async (pending) => {
        batches += 1;
        if (batches === 2 || batches === 5) {
          failures.push(batches);
          throw new Error('simulated database failure');
        }
        return repository.applyBatch(pending);
      },
    };
    const { logger, lines } = recordingLogger();
    const projector = await startProjector({
      kafka,
      groupId,
      topics,
      repository: failingTwice,
      logger,
      overlapFetching: true,
      partitionsConsumedConcurrently: 2,
      consumerConfig: { ...consumerConfig, maxBytesPerPartition: 2048, maxBytes: 4096 },
    });
    running.push(projector);
    await waitForPositions(pool, lastSequences(events));
    expect(failures).toEqual([2, 5]);
    expect(lines.filter((l) => l['msg'] === 'batch not projected; reading it again')).toHaveLength(2);
    expect(await dumpReadModel(pool)).toEqual(await referenceDump(events));
  });

  it('with fetches overlapping the transactions, reads a failed batch again when no batch comes after it', async () => {
    await setUp(1);
    const events = dialogueHistory('OVL-LAST').events;
    await publishEvents(kafka, topics.source, events);
    const repository = new ReadModelRepository(pool);
    let failed = false;
    const failingOnce: BatchApplier = {
      markNeedsRepair: (...mark) => repository.markNeedsRepair(...mark),
      applyBatch: async (pending) => {
        if (!failed) {
          failed = true;
          throw new Error('simulated database failure');
        }
        return repository.applyBatch(pending);
      },
    };
    const projector = await startProjector({
      kafka,
      groupId,
      topics,
      repository: failingOnce,
      logger: recordingLogger().logger,
      overlapFetching: true,
      consumerConfig,
    });
    running.push(projector);
    await waitForPositions(pool, lastSequences(events));
    expect(failed).toBe(true);
    expect(await dumpReadModel(pool)).toEqual(await referenceDump(events));
  });

  it('holds a cycle back at a gap (1, 2, 4), shows it, and applies 3 and 4 once 3 arrives', async () => {
    await setUp(1);
    const events = dialogueHistory('GAP-A').events;
    const other = dialogueHistory('GAP-B').events.slice(0, 3);
    await publishEvents(kafka, topics.source, [events[0], events[1], events[3], ...other]);
    const { metrics, lines } = await start();

    // The other cycle of the partition is not blocked.
    await waitForPositions(
      pool,
      new Map([
        ['GAP-A', 2],
        ['GAP-B', 3],
      ]),
    );
    await pollUntil(async () =>
      (await metricValue(metrics, 'suivi_projector_cycles_waiting')) === 1 ? true : undefined,
    );
    expect(await metricValue(metrics, 'suivi_projector_gaps_total')).toBe(1);
    expect(lines.find((l) => l['level'] === 'warn')).toMatchObject({
      cycleId: 'GAP-A',
      expectedSequence: 3,
      receivedSequence: 4,
    });
    const timeline = await pool.query(`SELECT sequence FROM read_model.timeline WHERE cycle_id = 'GAP-A' ORDER BY 1`);
    expect(timeline.rows.map((r) => r.sequence)).toEqual([1, 2]);
    // The commit stays at event 4 (offset 2), so a restart would read it again.
    await pollUntil(async () =>
      (await committedOffsets(kafka, groupId, topics.source)).get(0) === '2' ? true : undefined,
    );

    await publishEvents(kafka, topics.source, [events[2]]);
    await waitForPositions(pool, new Map([['GAP-A', 4]]));
    const after = await pool.query(`SELECT sequence FROM read_model.timeline WHERE cycle_id = 'GAP-A' ORDER BY 1`);
    expect(after.rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4]);
    await pollUntil(async () =>
      (await metricValue(metrics, 'suivi_projector_cycles_waiting')) === 0 ? true : undefined,
    );
    await pollUntil(async () =>
      (await committedOffsets(kafka, groupId, topics.source)).get(0) === '7' ? true : undefined,
    );
    expect(await dumpReadModel(pool)).toEqual(await referenceDump([...events.slice(0, 4), ...other]));
  });

  it('sends poison messages to the dead-letter topic with the reason and origin, and applies the good ones after them', async () => {
    await setUp(1);
    const events = dialogueHistory('PSN-A').events.slice(0, 3);
    const good = events.map(cycleLogMessage);
    const wrongData = JSON.parse(good[1].value) as { data: Record<string, unknown> };
    await publishRaw(kafka, topics.source, [
      good[0],
      { key: 'PSN-A', value: 'this is not JSON' },
      { key: 'PSN-A', value: JSON.stringify({ ...JSON.parse(good[1].value), type: 'CycleTeleported' }) },
      { key: 'PSN-A', value: JSON.stringify({ ...wrongData, data: { ...wrongData.data, date: 'soon' } }) },
      { key: 'another-key', value: good[1].value },
      good[1],
      good[2],
    ]);
    const { metrics } = await start();
    await waitForPositions(pool, lastSequences(events));

    const deadLetters = await readTopic(kafka, topics.deadLetter, 4);
    const header = (h: Record<string, unknown> | undefined, name: string) => String(h?.[name]);
    expect(
      deadLetters.map((m) => [
        header(m.headers, 'dead-letter-reason'),
        header(m.headers, 'dead-letter-source-topic'),
        header(m.headers, 'dead-letter-source-partition'),
        header(m.headers, 'dead-letter-source-offset'),
        header(m.headers, 'dead-letter-consumer'),
      ]),
    ).toEqual([
      ['NOT_JSON', topics.source, '0', '1', groupId],
      ['UNKNOWN_EVENT_TYPE', topics.source, '0', '2', groupId],
      ['INVALID_DATA', topics.source, '0', '3', groupId],
      ['INCONSISTENT_ENVELOPE', topics.source, '0', '4', groupId],
    ]);
    expect(header(deadLetters[2].headers, 'dead-letter-detail')).toBe(
      'data.date: expected a calendar date "YYYY-MM-DD"',
    );
    expect(deadLetters[0].value?.toString()).toBe('this is not JSON');
    expect(deadLetters[3].key?.toString()).toBe('another-key');
    expect(await metricValue(metrics, 'suivi_projector_dead_letters_total', { reason: 'NOT_JSON' })).toBe(1);
    await pollUntil(async () =>
      (await committedOffsets(kafka, groupId, topics.source)).get(0) === '7' ? true : undefined,
    );
    expect(await dumpReadModel(pool)).toEqual(await referenceDump(events));
  });

  it('exposes the consumer lag per partition: high watermark minus committed offset', async () => {
    await setUp(1);
    const events: CycleEvent[] = dialogueHistory('LAG-A').events.slice(0, 6);
    await publishEvents(kafka, topics.source, events);
    const probe = new ProjectorMetrics();
    const lag = brokerLagSource(kafka, groupId, topics.source);
    probe.setLagSource(lag.source);
    try {
      expect(await probe.render()).toContain('suivi_projector_consumer_lag{partition="0"} 6');
      await start();
      await waitForPositions(pool, lastSequences(events));
      await pollUntil(async () =>
        (await probe.render()).includes('suivi_projector_consumer_lag{partition="0"} 0') ? true : undefined,
      );
    } finally {
      await lag.close();
    }
  });
});
