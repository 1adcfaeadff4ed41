import type { Instant, LocalDate, ReminderPolicy } from './cycle-types';
import type { PendingReminders } from './decider';
import type { ActionPointState, CycleState, ScheduledReminder } from './state';
import { instantMillis } from './dates';
import { memoizeByKey } from './memo';

/**
 * What a cycle still has to send: the chased deadlines of its state, each policy step not yet
 * sent, the next one to wait for. Policies and when their steps fall are reminder-policy.ts.
 */
export * from './reminder-policy';
import {
  compareText,
  reminderKey,
  reminderOccurrences,
  subjectText,
  type ReminderOccurrence,
  type ReminderSentData,
  type ReminderSubject,
} from './reminder-policy';

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
