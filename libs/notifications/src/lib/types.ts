import type {
  ActionPointOwner,
  ActionPointStatus,
  Assessment,
  CycleType,
  LocalDate,
  RecipientRole,
  ReminderKind,
  WithdrawalMilestones,
} from '@suivi/domain';

/**
 * What the notifier may put into an e-mail: ids, codes, dates and counts, nothing else. No
 * type here has a field for free text (an action point's text, a title, a report, a reason,
 * a name), so an individual's name has no way into a message; inputs.ts refuses at run time
 * any value that is not of the expected shape, and any field these types do not declare.
 */

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Who a message is for, as the people directory knows them (api.people). */
export interface Recipient {
  /** The token's `sub`: never shown, only hashed into the Message-ID and signed into the unsubscribe token. */
  userId: string;
  language: Language;
  /** IANA zone: the digest comes at 09:00 there, and "today" is read there. */
  timeZone: string;
}

/** A cycle, by what identifies it without its free-text title. */
export interface CycleRef {
  cycleId: string;
  cycleType: CycleType;
  /** ISO 3166-1 alpha-2 partner code, or a regional body code. */
  country: string;
}

/** An action point by its id, with what is known of its coded terms. */
export interface ActionPointRef {
  actionPointId: string;
  owner?: ActionPointOwner;
  /** EU Action Plan codes ("I.C"). */
  themes?: readonly string[];
  /** The individual case it concerns, by its opaque reference ("case-<uuid>") only. */
  caseRef?: string;
}

/** An action point a person must hear about in their digest. */
export interface OpenActionPoint {
  cycle: CycleRef;
  actionPointId: string;
  owner: ActionPointOwner;
  /** "YYYY-MM-DD", read in the cycle's time zone. */
  deadline: LocalDate;
  /** Only AGREED and IN_PROGRESS are chased; any other status is left out of the digest. */
  status: ActionPointStatus;
  themes: readonly string[];
  caseRef?: string;
}

/** A reminder or escalation (integration event reminder.sent), about one action point or the GSP+ replies. */
export interface ReminderInput {
  /** The CloudEvents id of the reminder.sent event ("<cycleId>:<sequence>"). */
  sourceEventId: string;
  cycle: CycleRef;
  reminderKind: ReminderKind;
  /** Whole days before (BEFORE_DEADLINE) or after (ESCALATION) the deadline, ISO 8601: "P7D"; "P0D" on the day. */
  offset: string;
  deadline: LocalDate;
  recipientRole: RecipientRole;
  /** Nobody holds the role for the country: the reminder went to reviewers instead. */
  unassigned: boolean;
  subject: { kind: 'ACTION_POINT'; actionPoint: ActionPointRef } | { kind: 'GSP_REPLIES' };
}

/** Progress was reported on an action point (to the desk officer). */
export interface ProgressReportedInput {
  sourceEventId: string;
  cycle: CycleRef;
  actionPoint: ActionPointRef;
  reportId: string;
  reportedOn: LocalDate;
  evidenceCount: number;
}

/** An action point was assessed (to the delegation). */
export interface AssessmentRecordedInput {
  sourceEventId: string;
  cycle: CycleRef;
  actionPoint: ActionPointRef;
  assessment: Assessment;
}

export interface CarriedOverActionPoint extends ActionPointRef {
  deadline?: LocalDate;
  /** Rounds it has been carried over, this one included. */
  roundsCarried?: number;
}

/** A round was closed with open action points carried over (to the delegation); at least one. */
export interface RoundClosedInput {
  sourceEventId: string;
  cycle: CycleRef;
  roundId: string;
  nextRoundId?: string;
  carriedOver: readonly CarriedOverActionPoint[];
}

/** A milestone of a GSP withdrawal procedure (to the desk officer and the reviewers). */
export type WithdrawalMilestoneInput = {
  sourceEventId: string;
  cycle: CycleRef;
  milestones: WithdrawalMilestones;
} & ({ milestone: 'INITIATED' } | { milestone: 'DECIDED'; decidedOn: LocalDate; withdrawn: boolean });

export type DigestSectionName = 'overdue' | 'dueToday' | 'dueSoon';
export const DIGEST_SECTIONS: readonly DigestSectionName[] = ['overdue', 'dueToday', 'dueSoon'];

export interface DigestItem {
  actionPointId: string;
  owner: ActionPointOwner;
  deadline: LocalDate;
  status: ActionPointStatus;
  themes: readonly string[];
  caseRef?: string;
  /** Deadline minus the person's today, in days: negative when overdue, 0 when due today. */
  daysFromToday: number;
}

export interface DigestCycleGroup {
  cycle: CycleRef;
  /** By deadline, then action point id. */
  items: DigestItem[];
}

/** One person's digest for one local date; never empty (composeDigest returns undefined instead). */
export interface Digest {
  userId: string;
  /** The person's local date the digest is for. */
  localDate: LocalDate;
  /** Each section's cycles, the cycle with the earliest deadline first. */
  sections: Record<DigestSectionName, DigestCycleGroup[]>;
  counts: Record<DigestSectionName, number>;
}

/** What composeMessage takes, by kind of notification. */
export interface NotificationInputs {
  digest: Digest;
  reminder: ReminderInput;
  'progress-reported': ProgressReportedInput;
  'assessment-recorded': AssessmentRecordedInput;
  'round-closed': RoundClosedInput;
  'withdrawal-milestone': WithdrawalMilestoneInput;
}
export type NotificationKind = keyof NotificationInputs;
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'digest',
  'reminder',
  'progress-reported',
  'assessment-recorded',
  'round-closed',
  'withdrawal-milestone',
];
