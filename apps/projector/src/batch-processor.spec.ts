import type { CycleEvent } from '@suivi/domain';
import { BatchProcessor, type IncomingMessage } from './batch-processor';
import { ProjectorMetrics } from './projector-metrics';
import { cycleLogMessage, dialogueHistory } from './testing/cycle-histories';
import {
  databaseError,
  InMemoryReadModel,
  RecordingDeadLetters,
  recordingLogger,
} from './testing/in-memory-read-model';

const a = dialogueHistory('CYCLE-A').events;
const b = dialogueHistory('CYCLE-B').events;

let nextOffset = 0;
function kafkaMessage(event: CycleEvent): IncomingMessage {
  const { key, value, headers } = cycleLogMessage(event);
  return {
    offset: String(nextOffset++),
    timestamp: '1767225600000',
    key: Buffer.from(key),
    value: Buffer.from(value),
    headers,
  };
}
function rawMessage(key: string, value: string): IncomingMessage {
  return {
    offset: String(nextOffset++),
    timestamp: '1767225600000',
    key: Buffer.from(key),
    value: Buffer.from(value),
    headers: {},
  };
}

async function metricValue(metrics: ProjectorMetrics, name: string, labels: Record<string, string> = {}) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? 0;
}

function setUp() {
  nextOffset = 0;
  const model = new InMemoryReadModel();
  const deadLetters = new RecordingDeadLetters();
  const { logger, lines } = recordingLogger();
  const metrics = new ProjectorMetrics();
  const processor = new BatchProcessor({ topic: 'cycle-log', repository: model, deadLetters, logger, metrics });
  return { model, deadLetters, lines, metrics, processor };
}

describe('BatchProcessor', () => {
  it('applies a batch and commits past its last message', async () => {
    const { model, processor } = setUp();
    const result = await processor.process(0, a.slice(0, 5).map(kafkaMessage));
    expect(result).toEqual({ commitOffset: '5', applied: 5, duplicates: 0, deadLettered: 0, held: 0 });
    expect(model.positions.get('CYCLE-A')).toBe(5);
  });

  it('skips a redelivered batch: same rows, counted as duplicates', async () => {
    const { model, processor, metrics } = setUp();
    const messages = a.slice(0, 5).map(kafkaMessage);
    await processor.process(0, messages);
    const rows = structuredClone(model.rows.get('CYCLE-A'));
    const again = await processor.process(0, messages);
    expect(again).toMatchObject({ applied: 0, duplicates: 5 });
    expect(model.rows.get('CYCLE-A')).toEqual(rows);
    expect(await metricValue(metrics, 'suivi_projector_duplicate_events_total')).toBe(5);
    expect(await metricValue(metrics, 'suivi_projector_events_applied_total')).toBe(5);
  });

  it('holds events after a gap, keeps the commit before them, logs and counts the gap', async () => {
    const { model, processor, lines, metrics } = setUp();
    const result = await processor.process(0, [a[0], a[1], a[3]].map(kafkaMessage));
    expect(result).toMatchObject({ commitOffset: '2', applied: 2, held: 1 });
    expect(model.positions.get('CYCLE-A')).toBe(2);
    const warning = lines.find(
      (l) => l['msg'] === 'gap in a cycle event sequence: later events held back until the missing ones arrive',
    );
    expect(warning).toMatchObject({ level: 'warn', cycleId: 'CYCLE-A', expectedSequence: 3, receivedSequence: 4 });
    expect(await metricValue(metrics, 'suivi_projector_gaps_total')).toBe(1);
    expect(await metricValue(metrics, 'suivi_projector_cycles_waiting')).toBe(1);
    expect(processor.gaps()).toEqual(new Map([['CYCLE-A', { expected: 3, received: 4 }]]));
  });

  it('applies the held events once the missing one arrives, then commits past everything', async () => {
    const { model, processor, lines, metrics } = setUp();
    await processor.process(0, [a[0], a[1], a[3]].map(kafkaMessage));
    const result = await processor.process(0, [a[2], a[4]].map(kafkaMessage));
    expect(result).toMatchObject({ commitOffset: '5', applied: 3, held: 0 });
    expect(model.positions.get('CYCLE-A')).toBe(5);
    expect(lines.some((l) => l['msg'] === 'gap in a cycle event sequence closed')).toBe(true);
    expect(await metricValue(metrics, 'suivi_projector_cycles_waiting')).toBe(0);
    expect(await metricValue(metrics, 'suivi_projector_gaps_total')).toBe(1);
  });

  it('logs a gap once, not at every batch that finds it still open', async () => {
    const { processor, lines } = setUp();
    await processor.process(0, [a[0], a[2]].map(kafkaMessage));
    await processor.process(0, [a[3]].map(kafkaMessage));
    await processor.retryHeld(0);
    expect(lines.filter((l) => l['level'] === 'warn')).toHaveLength(1);
  });

  it('keeps applying the other cycles of the partition while one waits', async () => {
    const { model, processor } = setUp();
    const result = await processor.process(0, [a[0], a[2], b[0], b[1], b[2]].map(kafkaMessage));
    expect(model.positions.get('CYCLE-A')).toBe(1);
    expect(model.positions.get('CYCLE-B')).toBe(3);
    expect(result.commitOffset).toBe('1'); // the held event of CYCLE-A
  });

  it('sends poison messages to the dead letters before the transaction, and goes on with the good ones', async () => {
    const { model, processor, deadLetters, metrics } = setUp();
    const batch = [
      kafkaMessage(a[0]),
      rawMessage('CYCLE-A', 'not json'),
      rawMessage('CYCLE-A', JSON.stringify({ type: 'Teleported' })),
      kafkaMessage(a[1]),
    ];
    const result = await processor.process(3, batch);
    expect(result).toMatchObject({ commitOffset: '4', applied: 2, deadLettered: 2 });
    expect(model.positions.get('CYCLE-A')).toBe(2);
    expect(deadLetters.sent.map((p) => [p.reason, p.topic, p.partition, p.offset])).toEqual([
      ['NOT_JSON', 'cycle-log', 3, '1'],
      ['UNKNOWN_EVENT_TYPE', 'cycle-log', 3, '2'],
    ]);
    expect(await metricValue(metrics, 'suivi_projector_dead_letters_total', { reason: 'NOT_JSON' })).toBe(1);
  });

  it('changes nothing in memory when the transaction fails, so the redelivered batch is applied whole', async () => {
    const { model, processor } = setUp();
    await processor.process(0, [a[0], a[2]].map(kafkaMessage));
    model.failNext = new Error('connection lost');
    const batch = [a[1], a[3]].map(kafkaMessage);
    await expect(processor.process(0, batch)).rejects.toThrow('connection lost');
    expect(processor.waitingCycles()).toBe(1);
    expect(await processor.process(0, batch)).toMatchObject({ applied: 3, held: 0, commitOffset: '4' });
  });

  it('retries held events without new messages (the missing one may reach the model another way)', async () => {
    const { model, processor } = setUp();
    await processor.process(0, [a[0], a[2], a[3]].map(kafkaMessage));
    expect(processor.partitionsWaiting()).toEqual([0]);
    model.positions.set('CYCLE-A', 2); // e.g. a rebuilt generation already has event 2
    expect(await processor.retryHeld(0)).toMatchObject({ applied: 2, held: 0, commitOffset: '3' });
    expect(processor.partitionsWaiting()).toEqual([]);
  });

  it('forgets everything on reset (after a rebalance the partitions restart from their committed offsets)', async () => {
    const { processor, metrics } = setUp();
    await processor.process(0, [a[0], a[2]].map(kafkaMessage));
    processor.reset();
    expect(processor.waitingCycles()).toBe(0);
    expect(processor.consumedOffsets()).toEqual(new Map());
    expect(await metricValue(metrics, 'suivi_projector_cycles_waiting')).toBe(0);
  });

  it('leaves the new assignment alone when a batch begun before a reset finishes after it', async () => {
    const { model, processor } = setUp();
    const epoch = processor.assignmentEpoch;
    const applyBatch = model.applyBatch.bind(model);
    jest.spyOn(model, 'applyBatch').mockImplementationOnce(async (pending) => {
      processor.reset(); // a rebalance while the transaction runs
      return applyBatch(pending);
    });
    const result = await processor.process(0, [a[0], a[2]].map(kafkaMessage));
    expect(processor.assignmentEpoch).toBe(epoch + 1);
    expect(result).toMatchObject({ commitOffset: null });
    expect(processor.waitingCycles()).toBe(0);
    expect(processor.consumedOffsets()).toEqual(new Map());
    expect(model.positions.get('CYCLE-A')).toBe(1); // the transaction itself is idempotent
  });

  it('runs the work on one partition one at a time', async () => {
    const { processor } = setUp();
    const order: string[] = [];
    const slow = processor.exclusive(1, async () => {
      order.push('slow start');
      await new Promise((r) => setTimeout(r, 30));
      order.push('slow end');
    });
    const failing = processor.exclusive(1, async () => {
      order.push('failing');
      throw new Error('boom');
    });
    const after = processor.exclusive(1, async () => order.push('after'));
    const other = processor.exclusive(2, async () => order.push('other partition'));
    await Promise.all([slow, failing.catch(() => undefined), after, other]);
    expect(order).toEqual(['slow start', 'other partition', 'slow end', 'failing', 'after']);
  });

  describe('an event the database refuses for its data (issue 14)', () => {
    /** Refuses CYCLE-A's event 3 as PostgreSQL refuses a U+0000 in text. */
    function refusingA3() {
      const context = setUp();
      context.model.refuse = (event) =>
        event.cycleId === 'CYCLE-A' && event.sequence === 3
          ? databaseError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')
          : undefined;
      return context;
    }

    it('dead-letters it and the later events of its cycle, marks the cycle, applies the others and commits past all', async () => {
      const { model, processor, deadLetters, metrics, lines } = refusingA3();
      const batch = [a[0], a[1], a[2], b[0], a[3], b[1], a[4], b[2]].map(kafkaMessage);
      const result = await processor.process(0, batch);

      expect(result).toEqual({ commitOffset: '8', applied: 5, duplicates: 0, deadLettered: 3, held: 0 });
      expect(model.positions.get('CYCLE-A')).toBe(2);
      expect(model.positions.get('CYCLE-B')).toBe(3);
      expect(model.repairs.get('CYCLE-A')).toMatchObject({
        sequence: 3,
        reason: 'SQLSTATE 22021 character_not_in_repertoire',
      });
      expect(deadLetters.sent.map((p) => [p.offset, p.reason, p.detail, p.key?.toString()])).toEqual([
        ['2', 'PROCESSING_FAILED', 'SQLSTATE 22021 character_not_in_repertoire', 'CYCLE-A'],
        [
          '4',
          'PROCESSING_FAILED',
          'CYCLE_NEEDS_REPAIR: held since sequence 3 (SQLSTATE 22021 character_not_in_repertoire)',
          'CYCLE-A',
        ],
        [
          '6',
          'PROCESSING_FAILED',
          'CYCLE_NEEDS_REPAIR: held since sequence 3 (SQLSTATE 22021 character_not_in_repertoire)',
          'CYCLE-A',
        ],
      ]);
      // The dead letter is the message as it came.
      expect(deadLetters.sent[0].value).toBe(batch[2].value);
      expect(await metricValue(metrics, 'suivi_projector_dead_letters_total', { reason: 'PROCESSING_FAILED' })).toBe(3);
      const error = lines.find((l) => l['level'] === 'error');
      expect(error).toMatchObject({ cycleId: 'CYCLE-A', sequence: 3, sqlState: '22021', offset: '2' });
      expect(JSON.stringify(lines)).not.toContain('0x00');
    });

    it('holds later events of a cycle needing repair in later batches too (dead-lettered, never applied over the gap)', async () => {
      const { model, processor, deadLetters } = refusingA3();
      await processor.process(0, [a[0], a[1], a[2]].map(kafkaMessage));
      model.refuse = undefined; // even if the database would now take them
      const result = await processor.process(0, [a[3], b[0], a[4]].map(kafkaMessage));
      expect(result).toMatchObject({ commitOffset: '6', applied: 1, deadLettered: 2, held: 0 });
      expect(model.positions.get('CYCLE-A')).toBe(2);
      expect(deadLetters.sent.map((p) => [p.offset, p.detail.split(':')[0]])).toEqual([
        ['2', 'SQLSTATE 22021 character_not_in_repertoire'],
        ['3', 'CYCLE_NEEDS_REPAIR'],
        ['5', 'CYCLE_NEEDS_REPAIR'],
      ]);
    });

    it('gives the refused event its own reason again when it is delivered again (a restart before the commit)', async () => {
      const { processor, deadLetters } = refusingA3();
      const batch = [a[0], a[1], a[2]].map(kafkaMessage);
      await processor.process(0, batch);
      processor.reset();
      await processor.process(0, batch);
      expect(deadLetters.sent.map((p) => [p.offset, p.detail])).toEqual([
        ['2', 'SQLSTATE 22021 character_not_in_repertoire'],
        ['2', 'SQLSTATE 22021 character_not_in_repertoire'],
      ]);
    });

    it('dead-letters the events it held after a gap when their cycle turns out to need repair', async () => {
      const { model, processor, deadLetters } = refusingA3();
      await processor.process(0, [a[0], a[1], a[3]].map(kafkaMessage));
      expect(processor.waitingCycles()).toBe(1);
      const result = await processor.process(0, [kafkaMessage(a[2])]);
      expect(result).toMatchObject({ commitOffset: '4', deadLettered: 2, held: 0 });
      expect(processor.waitingCycles()).toBe(0);
      expect(model.positions.get('CYCLE-A')).toBe(2);
      expect(deadLetters.sent.map((p) => [p.offset, p.headers['event-type']])).toEqual([
        ['2', a[3].type],
        ['3', a[2].type],
      ]);
    });

    it('still retries the whole batch on any other error: nothing is dead-lettered, nothing marked', async () => {
      const { model, processor, deadLetters } = setUp();
      model.failNext = databaseError('57P01', 'terminating connection due to administrator command');
      await expect(processor.process(0, [a[0], a[1]].map(kafkaMessage))).rejects.toMatchObject({ code: '57P01' });
      expect(deadLetters.sent).toEqual([]);
      expect(model.repairs.size).toBe(0);
    });
  });
});
