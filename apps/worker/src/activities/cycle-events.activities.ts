import { Topics } from '@suivi/contracts';
import { eventId } from '@suivi/cycle-workflow-api';
import type { CycleEvent } from '@suivi/domain';
import type { MessagePublisher, OutgoingMessage } from '@suivi/kafka';
import type { CycleEventsActivities } from '@suivi/workflows';

/**
 * The event log carries every event keyed by cycle id (one partition per cycle, so order
 * holds); reminders are also copied to the reminders topic for the notification service.
 */
export function toOutgoingMessages(event: CycleEvent): OutgoingMessage[] {
  const headers = {
    'event-id': eventId(event),
    'event-type': event.type,
    'cycle-id': event.cycleId,
    sequence: String(event.sequence),
    'content-type': 'application/json',
  };
  const message = { key: event.cycleId, value: JSON.stringify({ id: eventId(event), ...event }), headers };
  const messages: OutgoingMessage[] = [{ topic: Topics.cycleEvents, ...message }];
  if (event.type === 'ReminderSent') messages.push({ topic: Topics.reminders, ...message });
  return messages;
}

export function createCycleEventsActivities(deps: { publisher: MessagePublisher }): CycleEventsActivities {
  return {
    async publishCycleEvents(events: CycleEvent[]) {
      await deps.publisher.publish(events.flatMap(toOutgoingMessages));
    },
  };
}
