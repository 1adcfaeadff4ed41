import { DateTime, Duration, IANAZone } from 'luxon';
import { defaultReminderPolicy } from '../reference-data';
import type { CycleType, Instant, LocalDate, RecipientRole, ReminderPolicy, ReminderStep } from './cycle-types';
import type { PendingReminders } from './decider';
import type { CycleEventOf, ReminderKind } from './events';
import type { ActionPointState, CycleState, ScheduledReminder } from './state';
import { instantMillis, isLocalDate } from './dates';
import { memoizeByKey } from './memo';

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

const ON_DEADLINE_OFFSET = 'P0D';
const GSP_REPLIES_SUBJECT = 'gsp-replies';
const ACTION_POINT_SUBJECT_PREFIX = 'ap:';
// "HH:mm". Seconds ("HH:mm:ss") are kept on purpose, though no client can send them (the API's body
// schema takes HH:mm only): tests on real servers need a reminder due at a chosen second, not at the
// next minute (test/integration/continue-as-new.int-spec.ts, and bench:reminders, which spreads its
// steady load over the seconds of a minute). Being ISO 8601 local times, they cost nothing here.
export const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
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
 * Problems with a policy, none when it is valid. It is checked as untrusted JSON: it may
 * come from a client. Duplicate offsets are refused because they would share a reminder key.
 */
export function validateReminderPolicy(policy: unknown): ReminderPolicyProblem[] {
  if (!isRecord(policy)) return [{ field: 'reminderPolicy', message: 'the reminder policy must be an object' }];
  const problems: ReminderPolicyProblem[] = [];
  const checkSteps = (name: 'beforeDeadline' | 'escalations') => {
    const steps = policy[name];
    if (!Array.isArray(steps)) {
      problems.push({ field: name, message: `${name} must be a list of steps (it may be empty)` });
      return;
    }
    const seen = new Set<number>();
    steps.forEach((step: unknown, i) => {
      const field = `${name}[${i}]`;
      if (!isRecord(step)) {
        problems.push({ field, message: `${field} must be an object with an offset and a recipientRole` });
        return;
      }
      const days = offsetDays(step['offset']);
      if (days === undefined) {
        problems.push({
          field: `${field}.offset`,
          message: `${field}.offset ${JSON.stringify(step['offset'])} is not a positive ISO 8601 duration in whole days of at most ${MAX_OFFSET_DAYS} (e.g. "P14D")`,
        });
      } else if (seen.has(days)) {
        problems.push({ field: `${field}.offset`, message: `${field}.offset repeats ${days} days already in ${name}` });
      } else {
        seen.add(days);
      }
      if (!isRecipientRole(step['recipientRole'])) {
        problems.push({
          field: `${field}.recipientRole`,
          message: `${field}.recipientRole ${JSON.stringify(step['recipientRole'])} must be one of ${RECIPIENT_ROLES.join(', ')}`,
        });
      }
    });
  };
  checkSteps('beforeDeadline');
  checkSteps('escalations');
  const onDeadline = policy['onDeadline'];
  if (onDeadline !== null && !(isRecord(onDeadline) && isRecipientRole(onDeadline['recipientRole']))) {
    problems.push({
      field: 'onDeadline',
      message: `onDeadline must be null or { recipientRole } with one of ${RECIPIENT_ROLES.join(', ')}`,
    });
  }
  const localTime = policy['localTime'];
  if (typeof localTime !== 'string' || !LOCAL_TIME.test(localTime)) {
    problems.push({
      field: 'localTime',
      message: `localTime ${JSON.stringify(localTime)} must be a time of day "HH:mm" between 00:00 and 23:59`,
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

function step(s: ReminderStep) {
  return { offset: s.offset, recipientRole: s.recipientRole };
}

function subjectText(subject: ReminderSubject): string {
  return subject.kind === 'GSP_REPLIES'
    ? GSP_REPLIES_SUBJECT
    : `${ACTION_POINT_SUBJECT_PREFIX}${subject.actionPointId}`;
}

/** `ap:<actionPointId>|<deadline>|<KIND>|<offset>` or `gsp-replies|<deadline>|<KIND>|<offset>`. */
export function reminderKey(subject: ReminderSubject, deadline: LocalDate, kind: ReminderKind, offset: string): string {
  return `${subjectText(subject)}|${deadline}|${kind}|${offset}`;
}

/** What is chased now: open action points, and the GSP+ replies until they arrive. */
interface ChasedDeadline {
  subject: ReminderSubject;
  deadline: LocalDate;
  /** Steps due before this instant were already past when the deadline was set. */
  setAt?: Instant;
}

const isChased = (state: CycleState) =>
  Boolean(state.started && state.status === 'ACTIVE' && state.reminderPolicy && state.timeZone);

function chasedActionPoint(ap: ActionPointState): ChasedDeadline | undefined {
  return ap.status === 'AGREED' || ap.status === 'IN_PROGRESS'
    ? {
        subject: { kind: 'ACTION_POINT', actionPointId: ap.actionPointId },
        deadline: ap.deadline,
        setAt: ap.deadlineSetAt,
      }
    : undefined;
}

function chasedGspReplies(state: CycleState): ChasedDeadline | undefined {
  const gsp = state.gsp;
  return gsp?.repliesDueOn && gsp.stages.REPLIES_RECEIVED === undefined
    ? { subject: { kind: 'GSP_REPLIES' }, deadline: gsp.repliesDueOn, setAt: gsp.repliesDueSetAt }
    : undefined;
}

function chasedDeadlines(state: CycleState): ChasedDeadline[] {
  if (!isChased(state)) return [];
  const chased: ChasedDeadline[] = [];
  for (const ap of Object.values(state.actionPoints)) {
    const c = chasedActionPoint(ap);
    if (c) chased.push(c);
  }
  const gsp = chasedGspReplies(state);
  if (gsp) chased.push(gsp);
  return chased;
}

function chasedDeadlineOf(state: CycleState, subjectText: string): ChasedDeadline | undefined {
  const chased = chasedDeadlines(state);
  return chased.find((c) => subjectTextOf(c) === subjectText);
}

const subjectTextOf = (c: ChasedDeadline) => subjectText(c.subject);

function notBeforeSetAt(dueAt: Instant, setAt: Instant | undefined): boolean {
  return setAt === undefined || !(instantMillis(dueAt) < instantMillis(setAt));
}

type OccurrenceWithMillis = ReminderOccurrence & { dueAtMillis: number };
/** A policy's text, computed once per policy object (policies are immutable state). */
const policyKeys = new WeakMap<ReminderPolicy, string>();
function policyKey(policy: ReminderPolicy): string {
  let key = policyKeys.get(policy);
  if (key === undefined) {
    key = JSON.stringify(policy);
    policyKeys.set(policy, key);
  }
  return key;
}
/** Each deadline's steps with their instants parsed; shared by the cycles with the same policy and zone. */
const occurrencesByKey = memoizeByKey<[string, ReminderPolicy, LocalDate, string], OccurrenceWithMillis[]>(
  (key) => key,
  (_key: string, policy: ReminderPolicy, deadline: LocalDate, timeZone: string): OccurrenceWithMillis[] =>
    reminderOccurrences(policy, deadline, timeZone).map((o) => ({ ...o, dueAtMillis: instantMillis(o.dueAt) })),
  5_000,
);
function occurrencesWithMillis(policy: ReminderPolicy, deadline: LocalDate, timeZone: string): OccurrenceWithMillis[] {
  return occurrencesByKey(`${policyKey(policy)}|${deadline}|${timeZone}`, policy, deadline, timeZone);
}

/** The keys already sent, as a set; one per remindersSent array (a new array once a reminder is sent). */
const sentSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function sentKeys(state: CycleState): ReadonlySet<string> {
  let sent = sentSets.get(state.remindersSent);
  if (!sent) {
    sent = new Set(state.remindersSent);
    sentSets.set(state.remindersSent, sent);
  }
  return sent;
}

/** Calls `visit` for every reminder of one chased deadline still to send, in no particular order. */
function visitPendingOf(
  c: ChasedDeadline,
  policy: ReminderPolicy,
  timeZone: string,
  sent: ReadonlySet<string>,
  visit: (reminder: ScheduledReminder) => void,
): void {
  const setAtMillis = c.setAt === undefined ? Number.NEGATIVE_INFINITY : instantMillis(c.setAt);
  for (const o of occurrencesWithMillis(policy, c.deadline, timeZone)) {
    // NaN (an unreadable setAt) compares false: the step is kept rather than silently dropped.
    if (o.dueAtMillis < setAtMillis) continue;
    const key = reminderKey(c.subject, c.deadline, o.kind, o.offset);
    if (!sent.has(key)) visit({ reminderKey: key, dueAt: o.dueAt });
  }
}

/** Calls `visit` for every reminder still to send, in no particular order. */
function visitPending(state: CycleState, visit: (reminder: ScheduledReminder) => void): void {
  const chased = chasedDeadlines(state);
  if (chased.length === 0) return;
  const sent = sentKeys(state);
  for (const c of chased)
    visitPendingOf(c, state.reminderPolicy as ReminderPolicy, state.timeZone as string, sent, visit);
}

const byDueAtThenKey = (a: ScheduledReminder, b: ScheduledReminder) =>
  compareText(a.dueAt, b.dueAt) || compareText(a.reminderKey, b.reminderKey);

/**
 * Every reminder still to send, earliest first (then by key). Sent keys are skipped, and so
 * are steps already past when their deadline was set: those are not sent late.
 */
export const pendingReminders: PendingReminders = (state) => {
  const pending: ScheduledReminder[] = [];
  visitPending(state, (reminder) => pending.push(reminder));
  return pending.sort(byDueAtThenKey);
};

function firstOf(
  c: ChasedDeadline,
  policy: ReminderPolicy,
  timeZone: string,
  sent: ReadonlySet<string>,
): ScheduledReminder | undefined {
  let first: ScheduledReminder | undefined;
  visitPendingOf(c, policy, timeZone, sent, (reminder) => {
    if (!first || byDueAtThenKey(reminder, first) < 0) first = reminder;
  });
  return first;
}

/**
 * An action point's first pending reminder, kept with everything it was computed from. The
 * workflow asks for the next reminder after every command, and a command changes one action
 * point at most (states are immutable: an unchanged action point is the same object), so the
 * others are not recomputed; sending a reminder makes a new remindersSent array, which
 * invalidates them all.
 */
interface CachedFirst {
  policy: ReminderPolicy;
  timeZone: string;
  remindersSent: readonly string[];
  first: ScheduledReminder | undefined;
}
const firstByActionPoint = new WeakMap<ActionPointState, CachedFirst>();

/** The first of `pendingReminders(state)`, without listing and sorting them all (for large cycles). */
export function nextPendingReminder(state: CycleState): ScheduledReminder | undefined {
  if (!isChased(state)) return undefined;
  const policy = state.reminderPolicy as ReminderPolicy;
  const timeZone = state.timeZone as string;
  let next: ScheduledReminder | undefined;
  const consider = (first: ScheduledReminder | undefined) => {
    if (first && (!next || byDueAtThenKey(first, next) < 0)) next = first;
  };
  for (const ap of Object.values(state.actionPoints)) {
    const c = chasedActionPoint(ap);
    if (!c) continue;
    let cached = firstByActionPoint.get(ap);
    if (
      !cached ||
      cached.policy !== policy ||
      cached.timeZone !== timeZone ||
      cached.remindersSent !== state.remindersSent
    ) {
      cached = {
        policy,
        timeZone,
        remindersSent: state.remindersSent,
        first: firstOf(c, policy, timeZone, sentKeys(state)),
      };
      firstByActionPoint.set(ap, cached);
    }
    consider(cached.first);
  }
  const gsp = chasedGspReplies(state);
  if (gsp) consider(firstOf(gsp, policy, timeZone, sentKeys(state)));
  return next;
}

/**
 * The ReminderSent data for a key of the current schedule (an open action point or the
 * awaited GSP+ replies, at its current deadline, with a step of the cycle's policy), sent
 * or not; undefined for any other key.
 */
export function describeReminder(state: CycleState, key: string): ReminderSentData | undefined {
  if (typeof key !== 'string') return undefined;
  const parts = key.split('|');
  if (parts.length < 4) return undefined;
  // The subject is parsed from the left and the rest from the right, whatever the id contains.
  const [deadline, kind, offset] = parts.slice(-3);
  const chased = chasedDeadlineOf(state, parts.slice(0, -3).join('|'));
  if (!chased || chased.deadline !== deadline) return undefined;
  const occurrence = reminderOccurrences(
    state.reminderPolicy as ReminderPolicy,
    chased.deadline,
    state.timeZone as string,
  ).find((o) => o.kind === kind && o.offset === offset);
  if (!occurrence) return undefined;
  return {
    reminderKey: key,
    subject: { ...chased.subject },
    kind: occurrence.kind,
    offset: occurrence.offset,
    recipientRole: occurrence.recipientRole,
    deadline: chased.deadline,
    dueAt: occurrence.dueAt,
  };
}

/** Why a key cannot be sent now, or undefined when it is pending. Used by decide. */
export function reminderPendingProblem(state: CycleState, key: string): string | undefined {
  const description = describeReminder(state, key);
  if (!description) {
    return `Reminder "${key}" is not on this cycle's schedule: its action point may be closed, its deadline amended, or the key mistyped.`;
  }
  if (state.remindersSent.includes(key)) return `Reminder "${key}" was already sent; a reminder is sent only once.`;
  const chased = chasedDeadlineOf(state, subjectText(description.subject));
  if (!notBeforeSetAt(description.dueAt, chased?.setAt)) {
    return `Reminder "${key}" (due ${description.dueAt}) was already past when the deadline was set at ${chased?.setAt}; past reminders are not sent late.`;
  }
  return undefined;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecipientRole(value: unknown): value is RecipientRole {
  return typeof value === 'string' && (RECIPIENT_ROLES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
