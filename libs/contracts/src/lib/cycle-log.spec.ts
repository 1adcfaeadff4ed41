import { scenarioEvents } from '../testing/domain-scenario';
import { allSampleEvents } from '../testing/sample-events';
import { decodeCycleLogMessage, encodeCycleLogRecord } from './cycle-log';

const message = (key: string | null, value: unknown) => ({
  key: key === null ? null : Buffer.from(key),
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
const scenario = scenarioEvents();
const started = scenario[0];
const valid = JSON.parse(encodeCycleLogRecord(started).value) as Record<string, unknown>;
const roundScheduled = scenario.find((e) => e.type === 'RoundScheduled');
if (!roundScheduled) throw new Error('the scenario schedules a round');

describe('decodeCycleLogMessage', () => {
  it('reads every event the domain produces, as the worker publishes it', () => {
    for (const event of [...scenario, ...allSampleEvents]) {
      const { key, value } = encodeCycleLogRecord(event);
      expect(decodeCycleLogMessage(message(key, value))).toEqual({
        ok: true,
        event,
        eventId: `${event.cycleId}:${event.sequence}`,
      });
    }
  });

  it('reads a reminder policy with seconds, as the domain accepts it', () => {
    const withSeconds = structuredClone(started) as typeof started & {
      data: { reminderPolicy: { localTime: string } };
    };
    withSeconds.data.reminderPolicy.localTime = '09:30:15';
    const { key, value } = encodeCycleLogRecord(withSeconds);
    expect(decodeCycleLogMessage(message(key, value))).toMatchObject({ ok: true });
  });

  it('refuses an empty message', () => {
    expect(decodeCycleLogMessage({ key: null, value: null })).toMatchObject({ ok: false, reason: 'NOT_JSON' });
  });

  it('refuses what is not JSON, without quoting it', () => {
    expect(decodeCycleLogMessage(message(started.cycleId, '{"type": "Jane Doe'))).toEqual({
      ok: false,
      reason: 'NOT_JSON',
      detail: 'the value is not JSON',
    });
  });

  it('refuses an unknown event type, naming it', () => {
    expect(decodeCycleLogMessage(message(started.cycleId, { ...valid, type: 'CycleTeleported' }))).toEqual({
      ok: false,
      reason: 'UNKNOWN_EVENT_TYPE',
      detail: 'unknown event type "CycleTeleported"',
    });
    expect(decodeCycleLogMessage(message(started.cycleId, [1, 2]))).toMatchObject({ reason: 'UNKNOWN_EVENT_TYPE' });
  });

  it('refuses a wrong envelope, saying where without quoting values', () => {
    const decoded = decodeCycleLogMessage(
      message(started.cycleId, { ...valid, sequence: 0, actor: { userId: 'Jane Doe', role: 'KING' } }),
    );
    expect(decoded).toMatchObject({ ok: false, reason: 'INVALID_ENVELOPE' });
    const detail = (decoded as { detail: string }).detail;
    expect(detail).toMatch(/sequence/);
    expect(detail).toMatch(/actor\.role/);
    expect(detail).not.toContain('KING');
  });

  it('refuses wrong data of a known event type, saying where without quoting values', () => {
    const decoded = decodeCycleLogMessage(
      message(started.cycleId, { ...valid, data: { ...(valid['data'] as object), country: 42, title: undefined } }),
    );
    expect(decoded).toMatchObject({ ok: false, reason: 'INVALID_DATA' });
    const detail = (decoded as { detail: string }).detail;
    expect(detail).toMatch(/data\.country/);
    expect(detail).toMatch(/data\.title/);
    expect(detail).not.toContain('42');
  });

  it('refuses dates and instants that are not real', () => {
    const { key, value } = encodeCycleLogRecord(roundScheduled);
    const event = JSON.parse(value) as { data: Record<string, unknown> };
    expect(
      decodeCycleLogMessage(message(key, { ...event, data: { ...event.data, date: '2026-02-30' } })),
    ).toMatchObject({ reason: 'INVALID_DATA', detail: expect.stringMatching(/data\.date/) });
    expect(decodeCycleLogMessage(message(key, { ...event, occurredAt: '2026-01-01T09:00:00' }))).toMatchObject({
      reason: 'INVALID_ENVELOPE',
      detail: expect.stringMatching(/occurredAt/),
    });
  });

  it('refuses an id that is not <cycleId>:<sequence>', () => {
    expect(decodeCycleLogMessage(message(started.cycleId, { ...valid, id: `${started.cycleId}:2` }))).toMatchObject({
      reason: 'INCONSISTENT_ENVELOPE',
      detail: expect.stringMatching(/^id:/),
    });
  });

  it('refuses a message whose key is not its cycle id (order holds only per key)', () => {
    expect(decodeCycleLogMessage(message('another-cycle', valid))).toMatchObject({
      reason: 'INCONSISTENT_ENVELOPE',
      detail: expect.stringMatching(/^key:/),
    });
    expect(decodeCycleLogMessage(message(null, valid))).toMatchObject({ reason: 'INCONSISTENT_ENVELOPE' });
  });

  it('ignores fields it does not know (a newer producer may add some)', () => {
    const decoded = decodeCycleLogMessage(message(started.cycleId, { ...valid, traceId: 'abc' }));
    expect(decoded).toEqual({ ok: true, event: started, eventId: `${started.cycleId}:1` });
  });
});
