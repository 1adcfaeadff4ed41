import type { ActionPointTerms, CycleEvent } from '@suivi/domain';

/**
 * The read model's rows, as stored (snake_case columns, dates "YYYY-MM-DD", instants ISO
 * 8601): what the projection writes and the repository reads back.
 */

export interface CycleRow {
  cycle_id: string;
  cycle_type: string;
  country: string;
  title: string;
  time_zone: string;
  status: 'ACTIVE' | 'CLOSED' | 'CANCELLED';
  /** Sequence number of the last event applied to the cycle. */
  version: number;
  started_at: string;
  /** When it was closed or cancelled. */
  closed_at: string | null;
  closing_reason: string | null;
  rounds_scheduled: number;
  /** GSP stage code → date recorded. */
  gsp_stages: Record<string, string>;
  gsp_replies_due_on: string | null;
  withdrawal_milestones: Record<string, string> | null;
  withdrawal_decided_on: string | null;
  withdrawn: boolean | null;
  updated_at: string;
}

export interface RoundRow {
  cycle_id: string;
  round_id: string;
  /** 1, 2, ... in scheduling order. */
  position: number;
  title: string | null;
  date: string;
  held_on: string | null;
  status: 'SCHEDULED' | 'HELD' | 'CLOSED';
  closed_at: string | null;
  /** Action points moved to the next round when this one closed. */
  carried_over: string[];
  next_round_id: string | null;
  version: number;
  updated_at: string;
}

export interface ActionPointRow {
  cycle_id: string;
  action_point_id: string;
  original_round_id: string;
  /** The round it belongs to now (changes when carried over). */
  round_id: string;
  text: string;
  owner: string;
  deadline: string;
  priority: string;
  themes: string[];
  conventions: string[];
  un_references: ActionPointTerms['unReferences'];
  status: 'PROPOSED' | 'AGREED' | 'IN_PROGRESS' | 'COMPLETED' | 'PARTIALLY_COMPLETED' | 'NOT_COMPLETED' | 'WITHDRAWN';
  assessment: string | null;
  assessment_comment: string | null;
  rounds_carried: number;
  progress_reports: number;
  /** The latest date progress was reported for. */
  last_progress_on: string | null;
  reminders_sent: number;
  last_reminder_at: string | null;
  /** An escalation reminder went out (the deadline was missed by more than the first step). */
  escalated: boolean;
  proposed_at: string;
  agreed_at: string | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  assessed_at: string | null;
  /** Opaque reference of the individual case the action point concerns (never who it is about). */
  case_ref: string | null;
  case_attached_at: string | null;
  /** When and by whom the case's key was destroyed. */
  case_erased_at: string | null;
  case_erased_by_role: string | null;
  case_erased_by_user: string | null;
  version: number;
  updated_at: string;
}

export interface TimelineRow {
  cycle_id: string;
  sequence: number;
  event_id: string;
  event_type: string;
  occurred_at: string;
  actor_role: string;
  actor_user_id: string;
  command_id: string;
  summary: Record<string, unknown>;
  /**
   * The whole domain event, so that a cycle's state as of any instant can be folded again
   * (the API's `?asOf=`). It holds free text: never show it as it is.
   */
  event: CycleEvent;
}

/** What the projection needs of one cycle: its current rows. */
export interface CycleRows {
  cycle: CycleRow | null;
  rounds: Readonly<Record<string, RoundRow>>;
  actionPoints: Readonly<Record<string, ActionPointRow>>;
}

export type RowChange =
  | { kind: 'upsert'; table: 'cycles'; row: CycleRow }
  | { kind: 'upsert'; table: 'rounds'; row: RoundRow }
  | { kind: 'upsert'; table: 'action_points'; row: ActionPointRow }
  | { kind: 'insert'; table: 'timeline'; row: TimelineRow };

export interface Projected {
  rows: CycleRows;
  changes: RowChange[];
}

export const emptyCycleRows = (): CycleRows => ({ cycle: null, rounds: {}, actionPoints: {} });
