import {
  encodeCycleLogRecord,
  Topics,
  integrationEventTopics,
  toIntegrationEvent,
  toIntegrationKafkaMessage,
} from '@suivi/contracts';
import type { CycleEvent } from '@suivi/domain';
import type { MessagePublisher, OutgoingMessage } from '@suivi/kafka';
import type { CycleEventsActivities } from '@suivi/workflows';

/** The internal log entry: the full domain event, for Suivi's own projector and rebuilds (format in @suivi/contracts). */
function cycleLogMessage(event: CycleEvent): OutgoingMessage {
  return { topic: Topics.cycleLog, ...encodeCycleLogRecord(event) };
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
