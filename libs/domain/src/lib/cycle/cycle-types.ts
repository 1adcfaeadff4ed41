/** Vocabulary shared by commands, events and state. Dates are calendar dates "YYYY-MM-DD"; instants are ISO 8601 UTC. */

export const cycleTypes = [
  'HUMAN_RIGHTS_DIALOGUE',
  'POLITICAL_DIALOGUE',
  'GSP_PLUS_MONITORING',
  'EBA_ENHANCED_ENGAGEMENT',
  'GSP_WITHDRAWAL_PROCEDURE',
  'ELECTION_OBSERVATION_FOLLOW_UP',
] as const;
export type CycleType = (typeof cycleTypes)[number];

export type CycleStatus = 'ACTIVE' | 'CLOSED' | 'CANCELLED';

export type ActionPointStatus =
  | 'PROPOSED'
  | 'AGREED'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'PARTIALLY_COMPLETED'
  | 'NOT_COMPLETED'
  | 'WITHDRAWN';

export type Assessment = 'COMPLETED' | 'PARTIALLY_COMPLETED' | 'NOT_COMPLETED';
export type ActionPointOwner = 'PARTNER' | 'EU' | 'JOINT';
export type Priority = 'HIGH' | 'MEDIUM' | 'LOW';
export type RecipientRole = 'DESK_OFFICER' | 'DELEGATION' | 'REVIEWER';
export type UnMechanismKind = 'UPR' | 'TREATY_BODY' | 'SPECIAL_PROCEDURE';

/** A calendar date, "YYYY-MM-DD", read in the cycle's time zone. */
export type LocalDate = string;
/** An instant, ISO 8601 in UTC ("2026-11-22T09:00:00.000Z"). */
export type Instant = string;

export interface UnReference {
  mechanism: UnMechanismKind;
  /** Free text as published, e.g. "UPR / A/HRC/55/12 / 141.23". */
  text: string;
  documentSymbol?: string;
  paragraph?: string;
}

/** Who did it: a person (by user id and role) or the system (reminders). */
export interface Actor {
  userId: string;
  role: 'DESK_OFFICER' | 'DELEGATION' | 'REVIEWER' | 'AUDITOR' | 'SYSTEM';
}

/** Carried by every command: the domain takes time and identity from here, never from a clock. */
export interface CommandMetadata {
  commandId: string;
  actor: Actor;
  issuedAt: Instant;
}

export interface ReminderStep {
  /** ISO 8601 duration, e.g. "P30D" before the deadline or "P7D" after it. */
  offset: string;
  recipientRole: RecipientRole;
}

export interface ReminderPolicy {
  beforeDeadline: ReminderStep[];
  /** Reminder on the deadline day itself (null: none). */
  onDeadline: { recipientRole: RecipientRole } | null;
  /** Escalation chain after the deadline. */
  escalations: ReminderStep[];
  /** Local time of day "HH:mm" at which reminders fire, in the cycle's time zone. */
  localTime: string;
}

export type GspStage =
  | 'LIST_OF_ISSUES_SENT'
  | 'REPLIES_RECEIVED'
  | 'MONITORING_MISSION_HELD'
  | 'ASSESSMENT_COMPLETED'
  | 'REPORT_PUBLISHED';

export interface WithdrawalMilestones {
  initiatedOn: LocalDate;
  /** +6 months: end of monitoring and evaluation. */
  monitoringEndsOn: LocalDate;
  /** +9 months: Commission report due. */
  commissionReportDueOn: LocalDate;
  /** +12 months: final decision due. */
  decisionDueOn: LocalDate;
  /** Decision + 6 months (from the due date until a decision is recorded). */
  withdrawalTakesEffectOn: LocalDate;
}
