import type { ActionPointTerms } from './commands';
import type {
  Actor,
  ActionPointStatus,
  Assessment,
  CycleStatus,
  CycleType,
  GspStage,
  Instant,
  LocalDate,
  ReminderPolicy,
  WithdrawalMilestones,
} from './cycle-types';

export interface ProgressReport {
  reportId: string;
  text: string;
  evidenceLinks: string[];
  reportedOn: LocalDate;
  reportedAt: Instant;
  reportedBy: string;
}

export interface ActionPointState extends ActionPointTerms {
  actionPointId: string;
  /** The round it belongs to now (changes when carried over). */
  roundId: string;
  originalRoundId: string;
  roundsCarried: number;
  status: ActionPointStatus;
  assessment?: Assessment;
  progress: ProgressReport[];
  /** When the current deadline was set (agreement or last amendment): earlier reminder instants are not sent. */
  deadlineSetAt?: Instant;
  proposedAt: Instant;
  /** The need-to-know case the action point concerns, by reference only. */
  individualCase?: IndividualCaseRef;
}

export interface IndividualCaseRef {
  caseRef: string;
  attachedAt: Instant;
  /** Set once the case's key was destroyed: the reference stays, the content is gone. */
  erased?: { at: Instant; byUserId: string; byRole: Actor['role'] };
}

export interface RoundState {
  roundId: string;
  date: LocalDate;
  title?: string;
  heldOn?: LocalDate;
  status: 'SCHEDULED' | 'HELD' | 'CLOSED';
}

/** The fold of a cycle's events. Plain JSON: it travels through continue-as-new and queries. */
export interface CycleState {
  cycleId: string;
  /** Sequence number of the last event applied (0 before the first). */
  version: number;
  started: boolean;
  cycleType?: CycleType;
  country?: string;
  title?: string;
  timeZone?: string;
  status?: CycleStatus;
  reminderPolicy?: ReminderPolicy;
  rounds: Record<string, RoundState>;
  /** Round ids in scheduling order. */
  roundOrder: string[];
  actionPoints: Record<string, ActionPointState>;
  /** Reminder keys already sent: a reminder is sent at most once. */
  remindersSent: string[];
  gsp?: { stages: Partial<Record<GspStage, LocalDate>>; repliesDueOn?: LocalDate; repliesDueSetAt?: Instant };
  withdrawal?: { milestones: WithdrawalMilestones; decidedOn?: LocalDate; withdrawn?: boolean };
}

/** A reminder the workflow must fire at `dueAt` by sending the command SendReminder { reminderKey }. */
export interface ScheduledReminder {
  reminderKey: string;
  dueAt: Instant;
}
