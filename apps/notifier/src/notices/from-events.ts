import type { CloudEventEnvelope, IntegrationEvent } from '@suivi/contracts';
import type { Assignment } from '@suivi/notifications';
import type { NoticeData, NoticeKind } from './kinds';

/**
 * What an integration event means for people: one notice (a kind of inbox row, the roles it is
 * for, and its ids, codes and dates), or nothing. Only the events that tell someone something have
 * a rule, by name and version; any other event, a new one included, tells nobody anything, as for
 * any consumer of the contracts (a new event is added in the domain and its mapping only, ADR 0028).
 * Events deliberately without a rule: cycle.started (the notifier's own memory, handle-event.ts),
 * action-point.carried-over (round.closed lists them, one notice per round), and
 * individual-case.* (rows never hold a case reference, so an erased case leaves nothing to drop).
 */

/** A notice, before its recipients are known. */
export type Notice = {
  [K in NoticeKind]: {
    kind: K;
    /** Each role's holders for the cycle's country, or the reviewers standing in (resolveRecipients). */
    roles: readonly Assignment[];
    actionPointId: string | null;
    /** The deadline a reminder is about; null for an event notice. */
    deadline: string | null;
    /** When it became due: a reminder's due instant, an event's time. */
    dueAt: string;
    data: NoticeData[K];
  };
}[NoticeKind];

type EventKey = IntegrationEvent extends infer E
  ? E extends { type: infer N extends string; version: infer V extends number }
    ? `${N}/v${V}`
    : never
  : never;
type EventOf<K extends EventKey> = K extends `${infer N}/v${infer V extends number}`
  ? Extract<IntegrationEvent, { type: N; version: V }>
  : never;

/** The CloudEvents attributes a rule may use besides the data. */
type Occurrence = Pick<CloudEventEnvelope, 'id' | 'time'>;
/** undefined: this occurrence of the event is nothing to tell anyone. */
type Rule<K extends EventKey> = (data: EventOf<K>['data'], occurrence: Occurrence) => Notice | undefined;

const rules: { readonly [K in EventKey]?: Rule<K> } = {
  'reminder.sent/v1': (reminder) => ({
    kind: reminder.kind,
    roles: [reminder.recipientRole],
    actionPointId: reminder.subject.kind === 'ACTION_POINT' ? reminder.subject.actionPointId : null,
    deadline: reminder.deadline,
    dueAt: reminder.dueAt,
    data: { reminderKey: reminder.reminderKey, offset: reminder.offset },
  }),
  // The desk officer assesses what was reported.
  'action-point.progress-reported/v1': ({ actionPointId, reportId, reportedOn, evidenceCount }, { time }) => ({
    kind: 'PROGRESS_REPORTED',
    roles: ['DESK_OFFICER'],
    actionPointId,
    deadline: null,
    dueAt: time,
    data: { reportId, reportedOn, evidenceCount },
  }),
  // The delegation hears how what it reported was judged.
  'action-point.assessed/v1': ({ actionPointId, assessment }, { time }) => ({
    kind: 'ASSESSMENT_RECORDED',
    roles: ['DELEGATION'],
    actionPointId,
    deadline: null,
    dueAt: time,
    data: { assessment },
  }),
  // One notice per round, listing what it carried over; a round that carried nothing says nothing.
  // (action-point.carried-over repeats each item, one event each: no notice of its own.)
  'round.closed/v1': ({ roundId, nextRoundId, carriedOverActionPointIds }, { time }) =>
    carriedOverActionPointIds.length === 0
      ? undefined
      : {
          kind: 'ROUND_CLOSED',
          roles: ['DELEGATION'],
          actionPointId: null,
          deadline: null,
          dueAt: time,
          data: {
            roundId,
            ...(nextRoundId !== undefined ? { nextRoundId } : {}),
            carriedOverActionPointIds: [...carriedOverActionPointIds],
          },
        },
  'gsp.withdrawal-initiated/v1': ({ milestones }, { time }) => ({
    kind: 'WITHDRAWAL_INITIATED',
    roles: ['DESK_OFFICER', 'REVIEWER'],
    actionPointId: null,
    deadline: null,
    dueAt: time,
    data: { milestones: { ...milestones } },
  }),
  'gsp.withdrawal-decided/v1': ({ decidedOn, withdrawn, milestones }, { time }) => ({
    kind: 'WITHDRAWAL_DECIDED',
    roles: ['DESK_OFFICER', 'REVIEWER'],
    actionPointId: null,
    deadline: null,
    dueAt: time,
    data: { decidedOn, withdrawn, milestones: { ...milestones } },
  }),
};

/** The notice an event gives, if any. */
export function noticeOf(event: IntegrationEvent, occurrence: Occurrence): Notice | undefined {
  const rule = rules[`${event.type}/v${event.version}` as EventKey];
  if (rule === undefined) return undefined;
  // The key was built from the event's own type and version: the rule takes its data.
  return (rule as Rule<EventKey>)(event.data, occurrence);
}
