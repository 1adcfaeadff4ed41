import {
  decide,
  nextPendingReminder,
  pendingReminders,
  type CommandMetadata,
  type CycleEvent,
  type CycleState,
  type ScheduledReminder,
} from '@suivi/domain';
import type { WorkflowClock } from './workflow-clock';

/** A timer further out than twice this wakes this much early and waits the rest from a fresh task. */
export const REMINDER_EARLY_WAKE_MS = 2000;

export interface ReminderSchedulerDeps {
  clock: WorkflowClock;
  /** The cycle's current state. */
  state(): CycleState;
  /** Whether the cycle still chases its deadlines (not closed or cancelled). */
  active(): boolean;
  /** Records a sent reminder's events (evolve, outbox) and has them published at once. */
  sent(events: CycleEvent[]): void;
  /** Reports a reminder the domain refused (should not happen): it is skipped, not retried. */
  refused(reminderKey: string, reason: string): void;
}

const reminderId = (r: ScheduledReminder | undefined) => (r ? `${r.reminderKey}@${r.dueAt}` : '');

/**
 * The cycle's reminders as durable timers following the state (ADR 0006): one timer for the
 * earliest pending reminder (the domain computes it in the cycle's time zone), replaced only
 * when that reminder changes; when it fires, every reminder due by then is sent as the system
 * command `SendReminder`.
 */
export class ReminderScheduler {
  /** The next reminder is recomputed only when the state changes (pendingReminders is not free). */
  private memo: { version: number; next: ScheduledReminder | undefined } = { version: -1, next: undefined };
  /** Reminders the domain refused, skipped rather than retried in a hot loop. */
  private readonly skipped = new Set<string>();

  constructor(private readonly deps: ReminderSchedulerDeps) {}

  /** The earliest unsent reminder, none when the cycle no longer chases deadlines. */
  next(): ScheduledReminder | undefined {
    if (!this.deps.active()) return undefined;
    const state = this.deps.state();
    if (this.memo.version !== state.version) {
      const next =
        this.skipped.size === 0
          ? nextPendingReminder(state)
          : pendingReminders(state).find((r) => !this.skipped.has(r.reminderKey));
      this.memo = { version: state.version, next };
    }
    return this.memo.next;
  }

  /** Sends every reminder due by now in one go: a common 09:00 makes many fall due together. */
  sendDue(): void {
    if (!this.deps.active()) return;
    const { now } = this.deps.clock;
    for (let due = this.next(); due && Date.parse(due.dueAt) <= now(); due = this.next()) {
      const metadata: CommandMetadata = {
        commandId: `reminder:${due.reminderKey}`,
        actor: { userId: 'suivi-reminders', role: 'SYSTEM' },
        issuedAt: new Date(now()).toISOString(),
      };
      const decision = decide(this.deps.state(), { type: 'SendReminder', reminderKey: due.reminderKey }, metadata);
      if (decision.accepted) {
        this.deps.sent(decision.events);
      } else {
        this.skipped.add(due.reminderKey);
        this.memo.version = -1;
        this.deps.refused(due.reminderKey, decision.error.code);
      }
    }
  }

  /**
   * Sends what is due, then waits: for the earliest reminder's timer (resolves false: call
   * `sendDue`), for the schedule to change, or for `interrupt` (resolves true, or nothing when
   * no reminder is pending). Not async: the caller awaits Temporal's own promise, so the
   * workflow's commands keep their order within a task (determinism).
   *
   * A timer runs from when the server records it, at the end of this task, later than this
   * task's clock when the worker is busy: a timer further out than twice
   * REMINDER_EARLY_WAKE_MS wakes that much early and the rest is waited from a fresh task, so
   * reminders leave on time.
   */
  wait(interrupt: () => boolean): Promise<boolean | void> {
    this.sendDue();
    const next = this.next();
    const changed = () => reminderId(this.next()) !== reminderId(next) || interrupt();
    if (!next) return this.deps.clock.condition(changed);
    const waitMs = Math.max(1, Date.parse(next.dueAt) - this.deps.clock.now());
    const wakeEarly = waitMs > 2 * REMINDER_EARLY_WAKE_MS;
    return this.deps.clock.condition(changed, wakeEarly ? waitMs - REMINDER_EARLY_WAKE_MS : waitMs);
  }
}
