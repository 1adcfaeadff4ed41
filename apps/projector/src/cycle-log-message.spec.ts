import { decodeCycleLogMessage } from './cycle-log-message';
import { cycleLogMessage, dialogueHistory, gspHistory, withdrawalHistory } from './testing/cycle-histories';

const histories = [dialogueHistory('KH-HRD-2026'), gspHistory('LK-GSP-2026'), withdrawalHistory('KH-EBA-2019')];
const message = (key: string | null, value: unknown) => ({
  key: key === null ? null : Buffer.from(key),
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});
const started = histories[0].events[0];
const valid = JSON.parse(cycleLogMessage(started).value) as Record<string, unknown>;

describe('decodeCycleLogMessage', () => {
  it('reads every event the domain produces, as the worker publishes it', () => {
    for (const event of histories.flatMap((h) => h.events)) {
      const { key, value } = cycleLogMessage(event);
      expect(decodeCycleLogMessage(message(key, value))).toEqual({
        ok: true,
        event,
        eventId: `${event.cycleId}:${event.sequence}`,
      });
    }
  });

  it('refuses an empty message', () => {
    expect(decodeCycleLogMessage({ key: null, value: null })).toMatchObject({ ok: false, reason: 'NOT_JSON' });
  });

  it('refuses what is not JSON, without quoting it', () => {
    expect(decodeCycleLogMessage(message('KH-HRD-2026', '{"type": "Jane Doe'))).toEqual({
      ok: false,
      reason: 'NOT_JSON',
      detail: 'the value is not JSON',
    });
  });

  it('refuses an unknown event type, naming it', () => {
    expect(decodeCycleLogMessage(message('KH-HRD-2026', { ...valid, type: 'CycleTeleported' }))).toEqual({
      ok: false,
      reason: 'UNKNOWN_EVENT_TYPE',
      detail: 'unknown event type "CycleTeleported"',
    });
    expect(decodeCycleLogMessage(message('KH-HRD-2026', [1, 2]))).toMatchObject({ reason: 'UNKNOWN_EVENT_TYPE' });
  });

  it('refuses a wrong envelope, saying where without quoting values', () => {
    const decoded = decodeCycleLogMessage(
      message('KH-HRD-2026', { ...valid, sequence: 0, actor: { userId: 'Jane Doe', role: 'KING' } }),
    );
    expect(decoded).toMatchObject({ ok: false, reason: 'INVALID_ENVELOPE' });
    const detail = (decoded as { detail: string }).detail;
    expect(detail).toMatch(/sequence/);
    expect(detail).toMatch(/actor\.role/);
    expect(detail).not.toContain('KING');
  });

  it('refuses wrong data of a known event type, saying where without quoting values', () => {
    const decoded = decodeCycleLogMessage(
      message('KH-HRD-2026', { ...valid, data: { ...(valid['data'] as object), country: 42, title: undefined } }),
    );
    expect(decoded).toMatchObject({ ok: false, reason: 'INVALID_DATA' });
    const detail = (decoded as { detail: string }).detail;
    expect(detail).toMatch(/data\.country/);
    expect(detail).toMatch(/data\.title/);
    expect(detail).not.toContain('42');
  });

  it('refuses dates and instants that are not real', () => {
    const { key, value } = cycleLogMessage(histories[0].events[1]);
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
    expect(decodeCycleLogMessage(message('KH-HRD-2026', { ...valid, id: 'KH-HRD-2026:2' }))).toMatchObject({
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
    const decoded = decodeCycleLogMessage(message('KH-HRD-2026', { ...valid, traceId: 'abc' }));
    expect(decoded).toEqual({ ok: true, event: started, eventId: 'KH-HRD-2026:1' });
  });
});
