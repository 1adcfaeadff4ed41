/**
 * The public event log (`suivi.cycle-events.v1`) against what the API accepted: after dropping
 * copies by event id (at-least-once publication allows copies, and consumers drop them by id),
 * every accepted command's events are there once, each cycle's events run 1, 2, 3... in log
 * order without a gap, and no event appears that no accepted command produced (a retried
 * command applied twice) other than reminders. Pure: the suite feeds it what it consumed.
 */

/** One record of the topic, as consumed (offsets as numbers: the suite's topics stay small). */
export interface LoggedEvent {
  /** CloudEvents id, `<cycleId>:<sequence>`. */
  id: string;
  cycleId: string;
  sequence: number;
  type: string;
  partition: number;
  offset: number;
}

/** A command the API answered 2xx, with the events its reply named (`<cycleId>:<sequence>`). */
export interface AcceptedCommand {
  cycleId: string;
  eventIds: readonly string[];
}

export interface EventLogVerdict {
  figures: { events: number; duplicates: number };
  problems: string[];
}

/** Reminders come from timers, not from commands; reminders.ts checks them. */
export const isReminder = (event: Pick<LoggedEvent, 'type'>) => /reminder\.sent/.test(event.type);

/** Keeps the first copy of each id in log order (by partition, then offset); counts the copies. */
export function dedupeById(events: readonly LoggedEvent[]): { unique: LoggedEvent[]; copies: LoggedEvent[] } {
  const ordered = [...events].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  const seen = new Map<string, LoggedEvent>();
  const copies: LoggedEvent[] = [];
  for (const event of ordered) {
    if (seen.has(event.id)) copies.push(event);
    else seen.set(event.id, event);
  }
  return { unique: [...seen.values()], copies };
}

export function checkEventLog(
  logged: readonly LoggedEvent[],
  accepted: readonly AcceptedCommand[],
  cycles: ReadonlySet<string>,
): EventLogVerdict {
  const ours = logged.filter((e) => cycles.has(e.cycleId));
  const { unique, copies } = dedupeById(ours);
  const problems: string[] = [];
  const first = new Map(unique.map((e) => [e.id, e]));
  for (const copy of copies) {
    const original = first.get(copy.id) as LoggedEvent;
    if (original.type !== copy.type || original.sequence !== copy.sequence || original.cycleId !== copy.cycleId) {
      problems.push(`event id ${copy.id} carries two different events (${original.type}, ${copy.type})`);
    }
  }

  const byCycle = new Map<string, LoggedEvent[]>();
  for (const event of unique) byCycle.set(event.cycleId, [...(byCycle.get(event.cycleId) ?? []), event]);
  for (const [cycleId, events] of byCycle) {
    const partitions = new Set(events.map((e) => e.partition));
    if (partitions.size > 1) problems.push(`cycle ${cycleId} is on partitions ${[...partitions].join(', ')}`);
    events.forEach((event, i) => {
      const previous = i === 0 ? 0 : events[i - 1].sequence;
      if (event.sequence === previous + 1) return;
      problems.push(
        event.sequence > previous + 1
          ? `cycle ${cycleId}: sequence ${event.sequence} follows ${previous} (gap)`
          : `cycle ${cycleId}: sequence ${event.sequence} after ${previous} (out of order)`,
      );
    });
  }

  const expected = new Set<string>();
  for (const command of accepted) {
    for (const id of command.eventIds) {
      expected.add(id);
      if (!first.has(id)) problems.push(`event ${id} of an accepted command is not on the log`);
    }
  }
  for (const event of unique) {
    if (!expected.has(event.id) && !isReminder(event)) {
      problems.push(`event ${event.id} (${event.type}) is in no accepted command's reply (a command applied twice?)`);
    }
  }
  return { figures: { events: unique.length, duplicates: copies.length }, problems };
}
