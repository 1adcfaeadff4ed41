/**
 * Kafka topic names are part of Suivi's public contract: downstream systems subscribe
 * to them by name. The version suffix changes only with a breaking change of the topic's
 * key or envelope; message versions evolve inside a topic.
 */
export const Topics = {
  /** Public integration events (CloudEvents 1.0, structured JSON), keyed by cycle id, kept forever: what downstream systems consume. */
  cycleEvents: 'suivi.cycle-events.v1',
  /** Internal, full-fidelity domain event log, keyed by cycle id, kept forever: Suivi's own projector and rebuilds read it. */
  cycleLog: 'suivi.cycle-log.v1',
  /** reminder.sent integration events, for the notification service. */
  reminders: 'suivi.reminders.v1',
  /** Messages a consumer could not process, with the reason in headers. */
  deadLetter: 'suivi.dead-letter.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];
