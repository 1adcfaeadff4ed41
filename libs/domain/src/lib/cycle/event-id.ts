import type { CycleEvent } from './events';

/** An event's id, "<cycleId>:<sequence>": deterministic, so consumers drop duplicates after a retry or a crash. */
export function eventId(event: Pick<CycleEvent, 'cycleId' | 'sequence'>): string {
  return `${event.cycleId}:${event.sequence}`;
}
