/**
 * Reminders against the log: every reminder that fell due during the load was sent once. The
 * suite gives each of its reminder action points a single reminder (on the deadline), so a
 * reminder is known by its cycle and action point. Copies of one event (same id) are dropped
 * first; two events for one reminder are a reminder sent twice. Pure.
 */

export interface DueReminder {
  cycleId: string;
  actionPointId: string;
  dueAt: number;
}

export interface FiredReminder {
  /** Event id: copies of one publication share it. */
  id: string;
  cycleId: string;
  actionPointId: string;
}

export interface ReminderVerdict {
  figures: { due: number; fired: number };
  problems: string[];
}

const keyOf = (r: { cycleId: string; actionPointId: string }) => `${r.cycleId}/${r.actionPointId}`;

export function checkReminders(due: readonly DueReminder[], fired: readonly FiredReminder[]): ReminderVerdict {
  const events = new Map<string, Set<string>>();
  for (const reminder of fired) {
    const ids = events.get(keyOf(reminder)) ?? new Set<string>();
    ids.add(reminder.id);
    events.set(keyOf(reminder), ids);
  }
  const problems: string[] = [];
  const expected = new Set(due.map(keyOf));
  for (const reminder of due) {
    const count = events.get(keyOf(reminder))?.size ?? 0;
    if (count === 0) {
      problems.push(`reminder ${keyOf(reminder)} due at ${new Date(reminder.dueAt).toISOString()} never fired`);
    }
    if (count > 1) problems.push(`reminder ${keyOf(reminder)} fired ${count} times`);
  }
  for (const key of events.keys()) if (!expected.has(key)) problems.push(`reminder ${key} fired but was not due`);
  const fired1 = [...events.entries()].filter(([key]) => expected.has(key)).length;
  return { figures: { due: due.length, fired: fired1 }, problems };
}
