/**
 * Kafka topic names are part of Suivi's public contract: downstream systems subscribe
 * to them by name. The version suffix changes only with a breaking change of the topic's
 * key or envelope; message versions evolve inside a topic.
 */
export const Topics = {
  /** Every cycle event, keyed by cycle id, kept forever: the event log. */
  cycleEvents: 'suivi.cycle-events.v1',
  /** Reminders and escalations due, for the notification service. */
  reminders: 'suivi.reminders.v1',
  /** Messages a consumer could not process, with the reason in headers. */
  deadLetter: 'suivi.dead-letter.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];
