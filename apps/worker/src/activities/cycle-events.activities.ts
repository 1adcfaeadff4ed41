import { Topics, integrationEventTopics, toIntegrationEvent, toIntegrationKafkaMessage } from '@suivi/contracts';
import { eventId } from '@suivi/cycle-workflow-api';
import type { CycleEvent } from '@suivi/domain';
import type { MessagePublisher, OutgoingMessage } from '@suivi/kafka';
import type { CycleEventsActivities } from '@suivi/workflows';

/** The internal log entry: the full domain event, for Suivi's own projector and rebuilds. */
function cycleLogMessage(event: CycleEvent): OutgoingMessage {
  return {
    topic: Topics.cycleLog,
    key: event.cycleId,
    value: JSON.stringify({ id: eventId(event), ...event }),
    headers: {
      'event-id': eventId(event),
      'event-type': event.type,
      'cycle-id': event.cycleId,
      sequence: String(event.sequence),
      'content-type': 'application/json',
    },
  };
}

/**
 * Every event goes to the internal log and, as a versioned integration event (CloudEvents,
 * codes and ids only), to the public topic(s) downstream systems read. All are keyed by
 * cycle id: one partition per cycle, so order holds on every topic.
 */
export function toOutgoingMessages(event: CycleEvent): OutgoingMessage[] {
  const integrationEvent = toIntegrationEvent(event);
  const integration = toIntegrationKafkaMessage(event, {}, integrationEvent);
  const topics = integrationEventTopics(integrationEvent.type);
  return [cycleLogMessage(event), ...topics.map((topic) => ({ topic, ...integration }))];
}

export function createCycleEventsActivities(deps: { publisher: MessagePublisher }): CycleEventsActivities {
  return {
    async publishCycleEvents(events: CycleEvent[]) {
      await deps.publisher.publish(events.flatMap(toOutgoingMessages));
    },
  };
}
