import { DateTime, Duration, IANAZone } from 'luxon';
import { defaultReminderPolicy } from '../reference-data';
import type { CycleType, Instant, LocalDate, RecipientRole, ReminderPolicy, ReminderStep } from './cycle-types';
import type { CycleEventOf, ReminderKind } from './events';
import { isLocalDate } from './dates';
import { LOCAL_TIME, reminderPolicySchema } from './command-schemas';
import { memoizeByKey } from './memo';

export { LOCAL_TIME };

/**
 * Reminder policies: the cycle type's defaults and their overrides, their validation, and when
 * each step of a policy falls for one deadline in the cycle's zone. What is still to send for a
 * cycle is reminders.ts.
 */
export type ReminderDirection = 'before' | 'after';
export type ReminderSentData = CycleEventOf<'ReminderSent'>['data'];
export type ReminderSubject = ReminderSentData['subject'];

export interface ReminderPolicyProblem {
  /** Path of the faulty value, e.g. "beforeDeadline[1].offset". */
  field: string;
  message: string;
}

/** One step of a policy applied to one deadline. */
export interface ReminderOccurrence {
  kind: ReminderKind;
  offset: string;
  recipientRole: RecipientRole;
  dueAt: Instant;
}

export const ON_DEADLINE_OFFSET = 'P0D';
export const GSP_REPLIES_SUBJECT = 'gsp-replies';
export const ACTION_POINT_SUBJECT_PREFIX = 'ap:';
const RECIPIENT_ROLES: readonly RecipientRole[] = ['DESK_OFFICER', 'DELEGATION', 'REVIEWER'];
/** Ten years: beyond that an offset is a typo, and luxon would leave its supported range. */
const MAX_OFFSET_DAYS = 3660;

/** The cycle type's default policy with the override's keys (those given) replacing the defaults. */
export function effectiveReminderPolicy(cycleType: CycleType, override?: Partial<ReminderPolicy>): ReminderPolicy {
  const policy = defaultReminderPolicy(cycleType);
  if (!override) return policy;
  return {
    beforeDeadline: override.beforeDeadline === undefined ? policy.beforeDeadline : copy(override.beforeDeadline),
    onDeadline: override.onDeadline === undefined ? policy.onDeadline : copy(override.onDeadline),
    escalations: override.escalations === undefined ? policy.escalations : copy(override.escalations),
    localTime: override.localTime ?? policy.localTime,
  };
}

/** A copy detached from the caller's objects; odd shapes are kept as they are for validateReminderPolicy to report. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => (isRecord(item) ? { ...item } : item)) as T;
  return isRecord(value) ? ({ ...value } as T) : value;
}

/** Whole days of a positive, days-only ISO 8601 duration ("P14D"), or undefined. */
export function offsetDays(offset: unknown): number | undefined {
  if (typeof offset !== 'string') return undefined;
  const duration = Duration.fromISO(offset);
  if (!duration.isValid) return undefined;
  const units = Object.entries(duration.toObject());
  if (units.length !== 1 || units[0][0] !== 'days') return undefined;
  const days = units[0][1];
  return Number.isInteger(days) && days > 0 && days <= MAX_OFFSET_DAYS ? days : undefined;
}

/**
 * Problems with a policy, none when it is valid: its schema's issues (command-schemas.ts), then
 * repeated offsets within a list, which would share a reminder key; each with its field.
 */
export function validateReminderPolicy(policy: unknown): ReminderPolicyProblem[] {
  const parsed = reminderPolicySchema().safeParse(policy);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      const field = issue.path.reduce<string>(
        (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)),
        '',
      );
      return { field: field || 'reminderPolicy', message: `${field || 'the reminder policy'}: ${issue.message}` };
    });
  }
  const problems: ReminderPolicyProblem[] = [];
  for (const name of ['beforeDeadline', 'escalations'] as const) {
    const offsets = parsed.data[name].map((step) => offsetDays(step.offset));
    offsets.forEach((days, i) => {
      if (offsets.indexOf(days) < i) {
        problems.push({
          field: `${name}[${i}].offset`,
          message: `${name}[${i}].offset repeats ${days} days already in ${name}`,
        });
      }
    });
  }
  return problems;
}

/**
 * When a reminder fires: at `localTime` on the calendar day `offset` before or after the
 * deadline, in the cycle's zone. The day is counted on the calendar first and the local
 * time applied afterwards, so daylight-saving changes never move the hour. A local time
 * that does not exist that day (inside a spring-forward gap) fires as luxon resolves it:
 * shifted forward by the gap, e.g. 02:30 in Brussels on 2026-03-29 fires at 03:30 CEST.
 */
function computeReminderInstant(
  deadline: LocalDate,
  offset: string,
  direction: ReminderDirection,
  localTime: string,
  timeZone: string,
): Instant {
  const days = offset === ON_DEADLINE_OFFSET ? 0 : offsetDays(offset);
  if (!isLocalDate(deadline)) throw new RangeError(`Deadline "${deadline}" is not a YYYY-MM-DD date`);
  if (days === undefined) throw new RangeError(`Offset "${offset}" is not a positive ISO duration in whole days`);
  if (!LOCAL_TIME.test(localTime)) throw new RangeError(`Local time "${localTime}" is not HH:mm`);
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
  const deadlineDay = DateTime.fromISO(deadline, { zone: 'UTC' });
  const shift = { days };
  const day = (direction === 'before' ? deadlineDay.minus(shift) : deadlineDay.plus(shift)).toISODate();
  const instant = DateTime.fromISO(`${day}T${localTime}`, { zone: timeZone }).toUTC().toISO();
  if (instant === null) throw new RangeError(`No instant for ${day}T${localTime} in ${timeZone}`);
  return instant;
}

export const reminderInstant: (
  deadline: LocalDate,
  offset: string,
  direction: ReminderDirection,
  localTime: string,
  timeZone: string,
) => Instant = memoizeByKey(
  (deadline, offset, direction, localTime, timeZone) => `${deadline}|${offset}|${direction}|${localTime}|${timeZone}`,
  computeReminderInstant,
);

/** Every step of the policy for one deadline, earliest first. */
export function reminderOccurrences(
  policy: ReminderPolicy,
  deadline: LocalDate,
  timeZone: string,
): ReminderOccurrence[] {
  const at = (offset: string, direction: ReminderDirection) =>
    reminderInstant(deadline, offset, direction, policy.localTime, timeZone);
  const occurrences: ReminderOccurrence[] = [
    ...policy.beforeDeadline.map((s) => ({
      kind: 'BEFORE_DEADLINE' as const,
      ...step(s),
      dueAt: at(s.offset, 'before'),
    })),
    ...(policy.onDeadline
      ? [
          {
            kind: 'ON_DEADLINE' as const,
            offset: ON_DEADLINE_OFFSET,
            recipientRole: policy.onDeadline.recipientRole,
            dueAt: at(ON_DEADLINE_OFFSET, 'after'),
          },
        ]
      : []),
    ...policy.escalations.map((s) => ({ kind: 'ESCALATION' as const, ...step(s), dueAt: at(s.offset, 'after') })),
  ];
  return occurrences.sort((a, b) => compareText(a.dueAt, b.dueAt));
}

export function step(s: ReminderStep) {
  return { offset: s.offset, recipientRole: s.recipientRole };
}

export function subjectText(subject: ReminderSubject): string {
  return subject.kind === 'GSP_REPLIES'
    ? GSP_REPLIES_SUBJECT
    : `${ACTION_POINT_SUBJECT_PREFIX}${subject.actionPointId}`;
}

/** `ap:<actionPointId>|<deadline>|<KIND>|<offset>` or `gsp-replies|<deadline>|<KIND>|<offset>`. */
export function reminderKey(subject: ReminderSubject, deadline: LocalDate, kind: ReminderKind, offset: string): string {
  return `${subjectText(subject)}|${deadline}|${kind}|${offset}`;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isRecipientRole(value: unknown): value is RecipientRole {
  return typeof value === 'string' && (RECIPIENT_ROLES as readonly string[]).includes(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
