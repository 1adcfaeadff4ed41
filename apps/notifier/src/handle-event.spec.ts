import { parseIntegrationMessage, toIntegrationKafkaMessage } from '@suivi/contracts';
import type { CycleEvent } from '@suivi/domain';
import { CycleNotKnownYet, handleIntegrationMessage } from './handle-event';
import { InMemoryNotifierStore } from './testing/in-memory-store';

const cycleId = 'KH-2026';
const envelope = (sequence: number) => ({
  cycleId,
  sequence,
  occurredAt: '2026-05-31T02:00:00.000Z',
  actor: { userId: 'system', role: 'SYSTEM' },
  commandId: `c${sequence}`,
});
const started = {
  type: 'CycleStarted',
  ...envelope(1),
  data: {
    cycleType: 'GSP_PLUS_MONITORING',
    country: 'KH',
    title: 'A title that names nobody',
    timeZone: 'Asia/Phnom_Penh',
    reminderPolicy: { beforeDeadline: [], onDeadline: null, escalations: [], localTime: '09:00' },
  },
} as unknown as CycleEvent;
const reminderSent = (
  sequence: number,
  recipientRole: string,
  subject: object = { kind: 'ACTION_POINT', actionPointId: 'AP1' },
) =>
  ({
    type: 'ReminderSent',
    ...envelope(sequence),
    data: {
      reminderKey: `ap:AP1|2026-06-30|ESCALATION|P${sequence}D`,
      subject,
      kind: 'ESCALATION',
      offset: 'P7D',
      recipientRole,
      deadline: '2026-06-30',
      dueAt: '2026-07-07T02:00:00.000Z',
    },
  }) as unknown as CycleEvent;
const message = (event: CycleEvent) => parseIntegrationMessage(toIntegrationKafkaMessage(event).value);

describe('what an integration event means for people', () => {
  let store: InMemoryNotifierStore;
  beforeEach(() => {
    store = new InMemoryNotifierStore();
    store.people = [
      { userId: 'deleg.kh', role: 'delegation', countries: ['KH'] },
      { userId: 'reviewer.a', role: 'reviewer', countries: [] },
      { userId: 'reviewer.b', role: 'reviewer', countries: [] },
    ];
    store.assignments = [{ country: 'KH', assignment: 'DELEGATION', userId: 'deleg.kh' }];
  });

  it('refuses a reminder whose cycle has not started as far as it knows, so that Kafka gives it again', async () => {
    await expect(handleIntegrationMessage(message(reminderSent(5, 'DELEGATION')), store)).rejects.toBeInstanceOf(
      CycleNotKnownYet,
    );
    expect(store.rows.size).toBe(0);
  });

  it('puts a reminder in the inbox of the person assigned to its role for the country, once', async () => {
    await handleIntegrationMessage(message(started), store);
    const first = await handleIntegrationMessage(message(reminderSent(5, 'DELEGATION')), store);
    const again = await handleIntegrationMessage(message(reminderSent(5, 'DELEGATION')), store);
    expect(first).toEqual({ kind: 'notified', recipients: 1, added: 1, unassigned: false });
    expect(again).toEqual({ kind: 'notified', recipients: 1, added: 0, unassigned: false });
    expect([...store.rows.values()]).toEqual([
      expect.objectContaining({
        notificationId: `${cycleId}:5:deleg.kh`,
        userId: 'deleg.kh',
        kind: 'ESCALATION',
        country: 'KH',
        actionPointId: 'AP1',
        recipientRole: 'DELEGATION',
        unassigned: false,
        data: { reminderKey: 'ap:AP1|2026-06-30|ESCALATION|P5D', offset: 'P7D' },
      }),
    ]);
  });

  it('gives a reminder nobody holds the role for to the reviewers, marked unassigned', async () => {
    await handleIntegrationMessage(message(started), store);
    const handled = await handleIntegrationMessage(
      message(reminderSent(6, 'DESK_OFFICER', { kind: 'GSP_REPLIES' })),
      store,
    );
    expect(handled).toEqual({ kind: 'notified', recipients: 2, added: 2, unassigned: true });
    expect([...store.rows.values()].map((r) => [r.userId, r.unassigned, r.actionPointId])).toEqual([
      ['reviewer.a', true, null],
      ['reviewer.b', true, null],
    ]);
  });

  it('keeps no free text of the cycle: its title is not remembered', async () => {
    await handleIntegrationMessage(message(started), store);
    expect(JSON.stringify([...store.cycles.values()])).not.toContain('names nobody');
  });
});
