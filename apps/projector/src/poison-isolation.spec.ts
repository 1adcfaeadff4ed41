import type { CycleEvent } from '@suivi/domain';
import { applyIsolatingPoison } from './poison-isolation';
import { dialogueHistory } from './testing/cycle-histories';
import { databaseError, InMemoryReadModel } from './testing/in-memory-read-model';
import type { PendingEvent } from './sequence-plan';

const histories = ['ISO-A', 'ISO-B', 'ISO-C', 'ISO-D', 'ISO-E'].map((id) => dialogueHistory(id).events);

function batchOf(events: readonly CycleEvent[]): Map<string, PendingEvent[]> {
  const pending = new Map<string, PendingEvent[]>();
  events.forEach((event, i) => {
    const list = pending.get(event.cycleId) ?? [];
    list.push({ event, offset: String(i) });
    pending.set(event.cycleId, list);
  });
  return pending;
}

/** A model that refuses given events as PostgreSQL refuses a U+0000 in text (SQLSTATE 22021). */
function refusing(...refused: Array<[string, number]>): InMemoryReadModel {
  const model = new InMemoryReadModel();
  model.refuse = (event) =>
    refused.some(([cycleId, sequence]) => event.cycleId === cycleId && event.sequence === sequence)
      ? databaseError('22021', 'invalid byte sequence for encoding "UTF8": 0x00', { table: 'cycles' })
      : undefined;
  return model;
}

describe('applyIsolatingPoison', () => {
  it('applies a batch the database accepts in one transaction', async () => {
    const model = new InMemoryReadModel();
    const outcome = await applyIsolatingPoison((p) => model.applyBatch(p), batchOf(histories[0].slice(0, 5)));
    expect(outcome).toMatchObject({ transactions: 1, failures: [] });
    expect(model.positions.get('ISO-A')).toBe(5);
  });

  it('isolates the one refused event: the other cycles are applied, its cycle up to the event before it', async () => {
    const model = refusing(['ISO-C', 4]);
    const events = histories.flatMap((h) => h.slice(0, 8));
    const onIsolating = jest.fn();
    const outcome = await applyIsolatingPoison((p) => model.applyBatch(p), batchOf(events), onIsolating);

    expect(onIsolating).toHaveBeenCalledWith({
      sqlState: '22021',
      condition: 'character_not_in_repertoire',
      table: 'cycles',
    });
    expect(outcome.failures).toHaveLength(1);
    const [failure] = outcome.failures;
    expect(failure.cycleId).toBe('ISO-C');
    expect(failure.event.event.sequence).toBe(4);
    expect(failure.error.sqlState).toBe('22021');
    expect(failure.rest.map((p) => p.event.sequence)).toEqual([5, 6, 7, 8]);
    expect(Object.fromEntries(model.positions)).toEqual({
      'ISO-A': 8,
      'ISO-B': 8,
      'ISO-C': 3,
      'ISO-D': 8,
      'ISO-E': 8,
    });
    const applied = Object.fromEntries(outcome.cycles.map((c) => [c.cycleId, c.applied]));
    expect(applied).toEqual({ 'ISO-A': 8, 'ISO-B': 8, 'ISO-C': 3, 'ISO-D': 8, 'ISO-E': 8 });
    // Bisection, not one transaction per event: about log2(cycles) + log2(events).
    expect(outcome.transactions).toBeLessThanOrEqual(12);
  });

  it('isolates several refused cycles of one batch, including a cycle refused at its first event', async () => {
    const model = refusing(['ISO-A', 1], ['ISO-E', 6]);
    const events = histories.flatMap((h) => h.slice(0, 6));
    const outcome = await applyIsolatingPoison((p) => model.applyBatch(p), batchOf(events));
    expect(outcome.failures.map((f) => [f.cycleId, f.event.event.sequence, f.rest.length])).toEqual([
      ['ISO-A', 1, 5],
      ['ISO-E', 6, 0],
    ]);
    expect(model.positions.get('ISO-A')).toBeUndefined();
    expect(model.positions.get('ISO-E')).toBe(5);
    expect(model.positions.get('ISO-B')).toBe(6);
  });

  it('rethrows anything but a data error at once: the batch is read again later (connection lost)', async () => {
    const model = new InMemoryReadModel();
    model.failNext = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    await expect(applyIsolatingPoison((p) => model.applyBatch(p), batchOf(histories[0].slice(0, 3)))).rejects.toThrow(
      'Connection terminated unexpectedly',
    );
    expect(model.batches).toBe(1);
  });

  it('rethrows a connection loss met while isolating (what is written comes back as duplicates)', async () => {
    const model = refusing(['ISO-B', 2]);
    let calls = 0;
    const apply = async (p: ReadonlyMap<string, readonly PendingEvent[]>) => {
      calls += 1;
      if (calls === 3) throw databaseError('57P01', 'terminating connection due to administrator command');
      return model.applyBatch(p);
    };
    await expect(
      applyIsolatingPoison(apply, batchOf(histories.slice(0, 4).flatMap((h) => h.slice(0, 3)))),
    ).rejects.toMatchObject({ code: '57P01' });
  });

  it('leaves events held after a gap held, and refuses nothing that is not applied', async () => {
    const model = refusing(['ISO-A', 6]);
    const a = histories[0];
    const outcome = await applyIsolatingPoison(
      (p) => model.applyBatch(p),
      batchOf([a[0], a[1], a[3], a[5], ...histories[1].slice(0, 2)]),
    );
    expect(outcome.transactions).toBe(1);
    expect(outcome.failures).toEqual([]);
    expect(outcome.cycles.find((c) => c.cycleId === 'ISO-A')).toMatchObject({
      applied: 2,
      gap: { expected: 3, received: 4 },
    });
  });
});
