import { Topics, parseIntegrationMessage } from '@suivi/contracts';
import { decide, evolve, initialState, type CycleCommand, type CycleEvent } from '@suivi/domain';
import type { MessagePublisher, OutgoingMessage } from '@suivi/kafka';
import { createCycleEventsActivities, toOutgoingMessages } from './cycle-events.activities';

const canary = 'Ms Canary Person, detained in Phnom Penh';

/** Real domain events, produced by the domain's own decide/evolve. */
function eventsOf(commands: CycleCommand[]): CycleEvent[] {
  let state = initialState('KH-HRD-2026');
  const events: CycleEvent[] = [];
  for (const command of commands) {
    const decision = decide(state, command, {
      commandId: `cmd-${events.length}`,
      actor: { userId: 'desk-kh', role: 'DESK_OFFICER' },
      issuedAt: '2026-02-01T10:00:00.000Z',
    });
    if (!decision.accepted) throw new Error(decision.error.message);
    for (const event of decision.events) state = evolve(state, event);
    events.push(...decision.events);
  }
  return events;
}

const events = eventsOf([
  {
    type: 'StartCycle',
    cycleId: 'KH-HRD-2026',
    cycleType: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'KH',
    title: `Dialogue about ${canary}`,
    timeZone: 'Asia/Phnom_Penh',
  },
  { type: 'ScheduleRound', roundId: 'R1', date: '2026-02-10' },
  {
    type: 'ProposeActionPoint',
    actionPointId: 'AP1',
    roundId: 'R1',
    text: `Release ${canary}`,
    owner: 'PARTNER',
    deadline: '2026-06-30',
    priority: 'HIGH',
    themes: ['I.C'],
    conventions: ['ICCPR'],
    unReferences: [],
  },
]);

describe('toOutgoingMessages', () => {
  it('sends each event to the internal log and, as a CloudEvent, to the public topic, keyed by cycle id', () => {
    for (const event of events) {
      const messages = toOutgoingMessages(event);
      expect(messages.map((m) => m.topic)).toEqual([Topics.cycleLog, Topics.cycleEvents]);
      for (const message of messages) {
        expect(message.key).toBe('KH-HRD-2026');
        expect(message.headers['event-id']).toBe(`KH-HRD-2026:${event.sequence}`);
        expect(message.headers['sequence']).toBe(String(event.sequence));
      }
      const published = parseIntegrationMessage(messages[1].value);
      expect(published.cloudEvent.id).toBe(`KH-HRD-2026:${event.sequence}`);
      expect(JSON.parse(messages[0].value)).toMatchObject({ id: `KH-HRD-2026:${event.sequence}`, type: event.type });
    }
  });

  it('keeps free text in the internal log only, never on the public topic', () => {
    const messages = events.flatMap(toOutgoingMessages);
    const publicValues = messages.filter((m) => m.topic !== Topics.cycleLog).map((m) => m.value);
    expect(publicValues.join('\n')).not.toContain('Canary');
    expect(messages.filter((m) => m.topic === Topics.cycleLog).some((m) => m.value.includes('Canary'))).toBe(true);
  });

  it('also copies a sent reminder to the reminders topic for the notification service', () => {
    const reminder: CycleEvent = {
      type: 'ReminderSent',
      cycleId: 'KH-HRD-2026',
      sequence: 4,
      occurredAt: '2026-05-31T02:00:00.000Z',
      actor: { userId: 'suivi-reminders', role: 'SYSTEM' },
      commandId: 'reminder:ap:AP1|2026-06-30|BEFORE_DEADLINE|P30D',
      data: {
        reminderKey: 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P30D',
        subject: { kind: 'ACTION_POINT', actionPointId: 'AP1' },
        kind: 'BEFORE_DEADLINE',
        offset: 'P30D',
        recipientRole: 'DELEGATION',
        deadline: '2026-06-30',
        dueAt: '2026-05-31T02:00:00.000Z',
      },
    } as CycleEvent;
    const messages = toOutgoingMessages(reminder);
    expect(messages.map((m) => m.topic)).toEqual([Topics.cycleLog, Topics.cycleEvents, Topics.reminders]);
    expect(parseIntegrationMessage(messages[2].value).event.type).toBe('reminder.sent');
  });
});

describe('publishCycleEvents', () => {
  it('hands every message of a batch to the injected publisher in one call, in sequence order', async () => {
    const calls: OutgoingMessage[][] = [];
    const publisher: MessagePublisher = { publish: async (messages) => void calls.push(messages) } as MessagePublisher;
    await createCycleEventsActivities({ publisher }).publishCycleEvents(events);
    expect(calls).toHaveLength(1);
    const logged = calls[0].filter((m) => m.topic === Topics.cycleLog).map((m) => Number(m.headers['sequence']));
    expect(logged).toEqual([1, 2, 3]);
  });

  it('fails the activity (so Temporal retries it) when the publisher fails', async () => {
    const publisher = { publish: async () => Promise.reject(new Error('broker down')) } as unknown as MessagePublisher;
    await expect(createCycleEventsActivities({ publisher }).publishCycleEvents(events)).rejects.toThrow('broker down');
  });
});
