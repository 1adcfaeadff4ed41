import type { CycleEvent } from '@suivi/domain';

/**
 * Activities the cycle workflow calls, declared as a type only; the worker implements
 * them with an injected publisher (apps/worker).
 */
export interface CycleEventsActivities {
  /**
   * Publishes events to the event log in the given order, keyed by cycle id, with the
   * deterministic event id. Must throw (and so be retried) until Kafka accepts them all.
   */
  publishCycleEvents(events: CycleEvent[]): Promise<void>;
}
