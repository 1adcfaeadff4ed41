import type {
  ActionPointRef,
  CycleRef,
  NotificationInputs,
  NotificationKind,
  ReminderInput,
} from '@suivi/notifications';
import type { OwedEmail } from '../notifier-store';
import type { NoticeData, NoticeKind } from './kinds';

/**
 * The e-mail an inbox row stands for: the kind of message libs/notifications composes and its
 * input, rebuilt from the row (the cycle's type from notifier.cycles, ids, codes and dates from
 * the row and its `data`). The input is not trusted: composeMessage checks its exact shape.
 */
export type RowMessage = {
  [K in Exclude<NotificationKind, 'digest'>]: { kind: K; input: NotificationInputs[K] };
}[Exclude<NotificationKind, 'digest'>];

export function messageOf(row: OwedEmail): RowMessage {
  const kind = row.kind as NoticeKind;
  switch (kind) {
    case 'BEFORE_DEADLINE':
    case 'ON_DEADLINE':
    case 'ESCALATION':
      return { kind: 'reminder', input: reminderInputOf(row) };
    case 'PROGRESS_REPORTED': {
      const { reportId, reportedOn, evidenceCount } = dataOf<'PROGRESS_REPORTED'>(row);
      const input = { ...about(row), actionPoint: actionPointOf(row), reportId, reportedOn, evidenceCount };
      return { kind: 'progress-reported', input };
    }
    case 'ASSESSMENT_RECORDED': {
      const { assessment } = dataOf<'ASSESSMENT_RECORDED'>(row);
      return { kind: 'assessment-recorded', input: { ...about(row), actionPoint: actionPointOf(row), assessment } };
    }
    case 'ROUND_CLOSED': {
      const { roundId, nextRoundId, carriedOverActionPointIds } = dataOf<'ROUND_CLOSED'>(row);
      const input = {
        ...about(row),
        roundId,
        ...(nextRoundId !== undefined ? { nextRoundId } : {}),
        carriedOver: (carriedOverActionPointIds ?? []).map((actionPointId) => ({ actionPointId })),
      };
      return { kind: 'round-closed', input };
    }
    case 'WITHDRAWAL_INITIATED': {
      const { milestones } = dataOf<'WITHDRAWAL_INITIATED'>(row);
      return { kind: 'withdrawal-milestone', input: { ...about(row), milestones, milestone: 'INITIATED' } };
    }
    case 'WITHDRAWAL_DECIDED': {
      const { milestones, decidedOn, withdrawn } = dataOf<'WITHDRAWAL_DECIDED'>(row);
      const input = { ...about(row), milestones, milestone: 'DECIDED' as const, decidedOn, withdrawn };
      return { kind: 'withdrawal-milestone', input };
    }
    default:
      return noMessageFor(kind);
  }
}

/** The reminder an inbox row stands for, as the e-mail templates take it (ids, codes, dates). */
export function reminderInputOf(row: OwedEmail): ReminderInput {
  return {
    ...about(row),
    reminderKind: row.kind as ReminderInput['reminderKind'],
    offset: stringOf(row.data['offset']) ?? 'P0D',
    deadline: row.deadline as ReminderInput['deadline'],
    recipientRole: row.recipientRole as ReminderInput['recipientRole'],
    unassigned: row.unassigned,
    subject: row.actionPointId
      ? { kind: 'ACTION_POINT', actionPoint: { actionPointId: row.actionPointId } }
      : { kind: 'GSP_REPLIES' },
  };
}

function about(row: OwedEmail): { sourceEventId: string; cycle: CycleRef } {
  return {
    sourceEventId: row.sourceEventId,
    cycle: { cycleId: row.cycleId, cycleType: row.cycleType as CycleRef['cycleType'], country: row.country },
  };
}

function actionPointOf(row: OwedEmail): ActionPointRef {
  // A row without one is refused by composeMessage's check, as any other malformed row.
  return { actionPointId: row.actionPointId as string };
}

/** The row's data as its kind writes it (from-events.ts); composeMessage checks what is made of it. */
function dataOf<K extends NoticeKind>(row: OwedEmail): NoticeData[K] {
  return row.data as NoticeData[K];
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

// A kind the notifier writes but cannot e-mail stops this file compiling; one written by
// something else fails its row (logged by id and kind, a code) and is tried again later.
function noMessageFor(kind: never): never {
  throw new Error(`no e-mail for notifications of kind ${String(kind)}`);
}
