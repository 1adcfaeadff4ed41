import { randomBytes } from 'node:crypto';
import type { CycleEvent } from '@suivi/domain';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { pollUntil } from '@suivi/test-support';
import { startProjector, type ProjectorTopics, type RunningProjector } from './projector';
import { ProjectorMetrics } from './projector-metrics';
import { PostgresProjectorStatus } from './projector-status';
import { ReadModelRepository } from './read-model.repository';
import { cycleLogMessage, dialogueHistory, gspHistory } from './testing/cycle-histories';
import { recordingLogger } from './testing/in-memory-read-model';
import {
  committedOffsets,
  createTestTopics,
  dumpReadModel,
  freshReadModel,
  lastSequences,
  publishRaw,
  readTopic,
  referenceDump,
  testKafka,
  waitForPositions,
} from './testing/int-support';

/**
 * Issue 14: an event the read model cannot store (here a U+0000 in a text field, which
 * PostgreSQL text refuses) once blocked its whole partition forever. It must poison its
 * own cycle only: dead-lettered with the reason, the cycle marked as needing repair and
 * frozen at its last good version, and every other cycle of the partition projected.
 */

const consumerConfig = { sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 200 };
const NUL = '\u0000';

async function metricValue(metrics: ProjectorMetrics, name: string, labels: Record<string, string> = {}) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? 0;
}

/** The message the worker would publish for `event`, with `change` applied to its JSON first. */
function tampered(event: CycleEvent, change: (json: { data: Record<string, unknown> }) => void) {
  const message = cycleLogMessage(event);
  const json = JSON.parse(message.value) as { data: Record<string, unknown> };
  change(json);
  return { ...message, value: JSON.stringify(json) };
}

const header = (headers: Record<string, unknown> | undefined, name: string) =>
  headers?.[name] === undefined ? undefined : String(headers[name]);

describe('projector: an event the database refuses poisons its own cycle, not its partition', () => {
  const kafka: Kafka = testKafka('projector-poison-int');
  let pool: Pool;
  let topics: ProjectorTopics;
  let groupId: string;
  let projector: RunningProjector | undefined;

  beforeEach(async () => {
    ({ pool } = await freshReadModel());
    // One partition: every cycle of the test shares it, as cycles do in production.
    topics = await createTestTopics(kafka, 1);
    groupId = `int-poison-${randomBytes(4).toString('hex')}`;
  });

  afterEach(async () => {
    await projector?.stop();
    projector = undefined;
    await pool?.end();
  });

  it('dead-letters a U+0000 event, marks its cycle as needing repair, holds its later events and projects the cycles after it', async () => {
    // A: the fuzzer's case, a cycle started with a U+0000 in its title, then a later event of A.
    const a = dialogueHistory('NUL-A').events;
    // D: a cycle three events in, whose fourth event (an action point) carries a U+0000.
    const d = dialogueHistory('NUL-D').events;
    const b = dialogueHistory('NUL-B').events;
    const c = gspHistory('NUL-C').events;
    const messages = [
      tampered(a[0], (json) => (json.data['title'] = `EU-Cambodia${NUL} dialogue of Ms Secret`)),
      cycleLogMessage(a[1]),
      ...b.map(cycleLogMessage),
      ...d.slice(0, 3).map(cycleLogMessage),
      tampered(d[3], (json) => {
        const terms = json.data['terms'] as Record<string, unknown>;
        terms['text'] = `Release ${NUL}Mr Secret`;
      }),
      ...d.slice(4, 6).map(cycleLogMessage),
      ...c.map(cycleLogMessage),
    ];
    await publishRaw(kafka, topics.source, messages);

    const { logger } = recordingLogger();
    const metrics = new ProjectorMetrics();
    projector = await startProjector({
      kafka,
      groupId,
      topics,
      repository: new ReadModelRepository(pool),
      logger,
      metrics,
      gapRetryMs: 500,
      consumerConfig,
      statusStore: new PostgresProjectorStatus(pool, groupId, topics.source),
      statusIntervalMs: 200,
    });

    // B and C, after the poison on the same partition, are projected in full.
    await waitForPositions(pool, lastSequences([...b, ...c, ...d.slice(0, 3)]));
    // The offsets move past everything: nothing is left to re-read at a restart.
    await pollUntil(
      async () =>
        (await committedOffsets(kafka, groupId, topics.source)).get(0) === String(messages.length) ? true : undefined,
      60_000,
      100,
    );

    const dump = await dumpReadModel(pool);
    const reference = await referenceDump([...b, ...d.slice(0, 3), ...c]);
    for (const table of ['cycles', 'rounds', 'action_points', 'timeline', 'country_statistics'])
      expect({ table, rows: dump[table] }).toEqual({ table, rows: reference[table] });

    // A and D are marked as needing repair, at the event that failed, with a reason that
    // names the SQLSTATE and never the data. D stays at its last good version (3).
    const repairs = await pool.query<{
      cycle_id: string;
      last_sequence: number;
      repair_sequence: number;
      repair_reason: string;
      repair_since: Date | null;
    }>(
      `SELECT cycle_id, last_sequence, repair_sequence, repair_reason, repair_since
       FROM read_model.projection_positions WHERE repair_since IS NOT NULL ORDER BY cycle_id`,
    );
    expect(repairs.rows.map((r) => [r.cycle_id, r.last_sequence, r.repair_sequence])).toEqual([
      ['NUL-A', 0, 1],
      ['NUL-D', 3, 4],
    ]);
    for (const row of repairs.rows) {
      expect(row.repair_reason).toMatch(/^SQLSTATE 22[0-9A-Z]{3}\b/);
      expect(row.repair_reason).not.toMatch(/Secret|0x00/);
    }

    // The dead letters (sent before the offsets moved): A's and D's poison events with the
    // SQLSTATE, then their later events, held for repair rather than applied over a gap.
    const deadLetters = await readTopic(kafka, topics.deadLetter, 5);
    const dOffset = 2 + b.length + 3;
    expect(
      deadLetters.map((m) => [
        m.key?.toString(),
        header(m.headers, 'dead-letter-reason'),
        header(m.headers, 'dead-letter-source-offset'),
      ]),
    ).toEqual([
      ['NUL-A', 'PROCESSING_FAILED', '0'],
      ['NUL-A', 'PROCESSING_FAILED', '1'],
      ['NUL-D', 'PROCESSING_FAILED', String(dOffset)],
      ['NUL-D', 'PROCESSING_FAILED', String(dOffset + 1)],
      ['NUL-D', 'PROCESSING_FAILED', String(dOffset + 2)],
    ]);
    const details = deadLetters.map((m) => header(m.headers, 'dead-letter-detail') ?? '');
    expect(details[0]).toMatch(/^SQLSTATE 22[0-9A-Z]{3}\b/);
    expect(details[2]).toMatch(/^SQLSTATE 22[0-9A-Z]{3}\b/);
    for (const i of [1, 3, 4]) expect(details[i]).toMatch(/^CYCLE_NEEDS_REPAIR\b/);
    for (const detail of details) expect(detail).not.toMatch(/Secret|0x00/);
    // The original bytes, unchanged, for whoever repairs.
    expect(deadLetters[0].value?.toString()).toBe(messages[0].value);

    expect(await metricValue(metrics, 'suivi_read_model_cycles_needing_repair')).toBe(2);
    expect(await metricValue(metrics, 'suivi_projector_partitions_stuck')).toBe(0);
    expect(await metricValue(metrics, 'suivi_projector_dead_letters_total', { reason: 'PROCESSING_FAILED' })).toBe(5);

    // The status the API's readiness reads: the partition made progress and is not stuck.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const status = await pool.query<{ partition: number; stuck_since: Date | null; last_progress_at: Date | null }>(
      `SELECT partition, stuck_since, last_progress_at FROM read_model_control.projector_status
       WHERE consumer_group = $1 AND topic = $2`,
      [groupId, topics.source],
    );
    expect(status.rows).toEqual([{ partition: 0, stuck_since: null, last_progress_at: expect.any(Date) }]);
  });

  it('keeps the repair mark and dead-letters later events of the cycle after a restart', async () => {
    const d = dialogueHistory('NUL-R').events;
    const other = dialogueHistory('NUL-S').events;
    await publishRaw(kafka, topics.source, [
      cycleLogMessage(d[0]),
      tampered(d[1], (json) => (json.data['title'] = `Round${NUL}`)),
    ]);
    const start = async () =>
      startProjector({
        kafka,
        groupId,
        topics,
        repository: new ReadModelRepository(pool),
        logger: recordingLogger().logger,
        gapRetryMs: 500,
        consumerConfig,
      });
    projector = await start();
    await pollUntil(
      async () => ((await committedOffsets(kafka, groupId, topics.source)).get(0) === '2' ? true : undefined),
      60_000,
      100,
    );
    await projector.stop();

    // Later events of the frozen cycle, and another cycle, after a restart.
    await publishRaw(kafka, topics.source, [...d.slice(2, 4).map(cycleLogMessage), ...other.map(cycleLogMessage)]);
    projector = await start();
    await waitForPositions(pool, lastSequences(other));
    await pollUntil(
      async () =>
        (await committedOffsets(kafka, groupId, topics.source)).get(0) === String(4 + other.length) ? true : undefined,
      60_000,
      100,
    );
    const position = await pool.query(
      `SELECT last_sequence, repair_sequence FROM read_model.projection_positions WHERE cycle_id = 'NUL-R'`,
    );
    expect(position.rows).toEqual([{ last_sequence: 1, repair_sequence: 2 }]);
    const deadLetters = await readTopic(kafka, topics.deadLetter, 3);
    expect(deadLetters.map((m) => header(m.headers, 'dead-letter-source-offset'))).toEqual(['1', '2', '3']);
  });
});
