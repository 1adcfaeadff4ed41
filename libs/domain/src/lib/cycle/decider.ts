import type { CycleCommand } from './commands';
import type { CommandMetadata } from './cycle-types';
import type { CycleEvent } from './events';
import type { CycleState, ScheduledReminder } from './state';

/** A rejection a desk officer understands: `message` says what is wrong and how to fix it. */
export interface DomainError {
  code: string;
  message: string;
  /** The command field at fault, when there is one (e.g. "deadline"). */
  field?: string;
}

export type Decision = { accepted: true; events: CycleEvent[] } | { accepted: false; error: DomainError };

export function initialState(cycleId: string): CycleState {
  return { cycleId, version: 0, started: false, rounds: {}, roundOrder: [], actionPoints: {}, remindersSent: [] };
}

// Implemented in decide.ts / evolve.ts / reminders.ts (see their tests).
export type Decide = (state: CycleState, command: CycleCommand, metadata: CommandMetadata) => Decision;
export type Evolve = (state: CycleState, event: CycleEvent) => CycleState;
export type PendingReminders = (state: CycleState) => ScheduledReminder[];
