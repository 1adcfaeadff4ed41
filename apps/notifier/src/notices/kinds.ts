import { reminderKindCodes } from '@suivi/contracts';
import type { Assessment, LocalDate, ReminderKind, WithdrawalMilestones } from '@suivi/domain';

/**
 * The kinds of inbox row the notifier writes (api.notifications.kind) and what each row's
 * `data` holds: ids, codes, dates, counts and flags, never free text. A reminder row has its
 * reminder's kind; an event notice has a kind of its own.
 */

export const EVENT_NOTICE_KINDS = [
  'PROGRESS_REPORTED',
  'ASSESSMENT_RECORDED',
  'ROUND_CLOSED',
  'WITHDRAWAL_INITIATED',
  'WITHDRAWAL_DECIDED',
] as const;
export type EventNoticeKind = (typeof EVENT_NOTICE_KINDS)[number];
export type NoticeKind = ReminderKind | EventNoticeKind;

/** Every kind the notifier writes, and so every kind its mailer can compose. */
export const NOTICE_KINDS: readonly NoticeKind[] = [...reminderKindCodes, ...EVENT_NOTICE_KINDS];

export type ReminderData = { reminderKey: string; offset: string };

/** `data` of each kind of row (type aliases, not interfaces: they must fit the row's plain JSON record). */
export type NoticeData = {
  BEFORE_DEADLINE: ReminderData;
  ON_DEADLINE: ReminderData;
  ESCALATION: ReminderData;
  PROGRESS_REPORTED: { reportId: string; reportedOn: LocalDate; evidenceCount: number };
  ASSESSMENT_RECORDED: { assessment: Assessment };
  /** Never an empty list: a round that carried nothing over is no notice. */
  ROUND_CLOSED: { roundId: string; nextRoundId?: string; carriedOverActionPointIds: string[] };
  WITHDRAWAL_INITIATED: { milestones: WithdrawalMilestones };
  WITHDRAWAL_DECIDED: { decidedOn: LocalDate; withdrawn: boolean; milestones: WithdrawalMilestones };
};

/** api.people.delivery. */
export type Delivery = 'digest' | 'immediate' | 'none';

/** What a digest reader finds in the daily digest rather than in an e-mail of its own. */
export const KINDS_THAT_WAIT_FOR_THE_DIGEST: readonly NoticeKind[] = ['BEFORE_DEADLINE', 'ON_DEADLINE'];

/**
 * Whether a row of this kind is e-mailed as soon as it is written: never for 'none'; always for
 * 'immediate'; for 'digest', escalations and event notices are, the reminders before and on the
 * deadline wait for the digest. (PostgresNotifierStore.owedEmails says the same in SQL.)
 */
export function emailedAtOnce(delivery: Delivery, kind: string): boolean {
  if (delivery === 'none') return false;
  return delivery === 'immediate' || !KINDS_THAT_WAIT_FOR_THE_DIGEST.some((waiting) => waiting === kind);
}
