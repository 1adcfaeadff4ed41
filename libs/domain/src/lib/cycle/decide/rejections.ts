import { type ActionPointStatus } from '../cycle-types';
import type { DomainError } from '../decider';
import type { ActionPointState, CycleState, RoundState } from '../state';

/** Every code `decide` may reject with; clients can rely on them (messages may be reworded). */
export const rejectionCodes = [
  'INVALID_METADATA',
  'UNKNOWN_COMMAND',
  'UNKNOWN_FIELD',
  'CYCLE_NOT_STARTED',
  'CYCLE_ALREADY_STARTED',
  'CYCLE_ID_MISMATCH',
  'UNKNOWN_CYCLE_TYPE',
  'INVALID_COUNTRY',
  'INVALID_TITLE',
  'INVALID_TIME_ZONE',
  'INVALID_REMINDER_POLICY',
  'CYCLE_CLOSED',
  'INVALID_ID',
  'INVALID_DATE',
  'DUPLICATE_ROUND',
  'UNKNOWN_ROUND',
  'ROUND_ALREADY_CLOSED',
  'ROUND_ALREADY_HELD',
  'DUPLICATE_ACTION_POINT',
  'UNKNOWN_ACTION_POINT',
  'DEADLINE_BEFORE_ROUND_DATE',
  'UNKNOWN_THEME',
  'NO_THEME',
  'UNKNOWN_CONVENTION',
  'INVALID_UN_REFERENCE',
  'INVALID_OWNER',
  'INVALID_PRIORITY',
  'INVALID_TEXT',
  'NO_CHANGES',
  'REASON_REQUIRED',
  'ACTION_POINT_NOT_PROPOSED',
  'ACTION_POINT_FINAL',
  'ACTION_POINT_NOT_AGREED',
  'ACTION_POINT_ALREADY_ASSESSED',
  'INVALID_ASSESSMENT',
  'DUPLICATE_REPORT',
  'INVALID_EVIDENCE_LINK',
  'OPEN_ACTION_POINTS_NEED_NEXT_ROUND',
  'INVALID_NEXT_ROUND',
  'OPEN_ACTION_POINTS',
  'NOT_A_GSP_CYCLE',
  'UNKNOWN_GSP_STAGE',
  'GSP_STAGE_OUT_OF_ORDER',
  'GSP_STAGE_ALREADY_RECORDED',
  'INVALID_REPLIES_DUE_ON',
  'NOT_A_WITHDRAWAL_PROCEDURE',
  'WITHDRAWAL_ALREADY_INITIATED',
  'WITHDRAWAL_NOT_INITIATED',
  'WITHDRAWAL_ALREADY_DECIDED',
  'DECISION_BEFORE_INITIATION',
  'INVALID_DECISION',
  'INVALID_CASE_REF',
  'CASE_ALREADY_ATTACHED',
  'UNKNOWN_CASE',
  'CASE_ALREADY_ERASED',
  'REMINDER_NOT_PENDING',
  'REMINDER_NOT_DUE',
] as const;

export type RejectionCode = (typeof rejectionCodes)[number];

export function reject(code: RejectionCode, message: string, field?: string): DomainError {
  return field === undefined ? { code, message } : { code, message, field };
}

export function unknownRound(state: CycleState, roundId: unknown, field: string): DomainError {
  const known =
    state.roundOrder.length > 0 ? `Known rounds: ${listIds(state.roundOrder)}.` : 'No round is scheduled yet.';
  return reject(
    'UNKNOWN_ROUND',
    `There is no round ${String(roundId)} in this cycle. ${known} Schedule it first if needed.`,
    field,
  );
}

export function roundClosed(round: RoundState): DomainError {
  return reject(
    'ROUND_ALREADY_CLOSED',
    `Round ${round.roundId} is closed; its open action points were carried over. Work in the next round instead.`,
    'roundId',
  );
}

export function unknownActionPoint(actionPointId: unknown): DomainError {
  return reject(
    'UNKNOWN_ACTION_POINT',
    `There is no action point ${String(actionPointId)} in this cycle. Check the id.`,
    'actionPointId',
  );
}

export function actionPointFinal(ap: ActionPointState, verb: string): DomainError {
  return reject(
    'ACTION_POINT_FINAL',
    `Action point ${ap.actionPointId} is ${describeStatus(ap.status)} and can no longer be ${verb}. Propose a new action point if more is needed.`,
    'actionPointId',
  );
}

export function notAgreed(ap: ActionPointState, todo: string): DomainError {
  return reject(
    'ACTION_POINT_NOT_AGREED',
    `Action point ${ap.actionPointId} is only proposed. Agree it before you ${todo}.`,
    'actionPointId',
  );
}

export function describeStatus(status: ActionPointStatus): string {
  return status.toLowerCase().replace(/_/g, ' ');
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function listIds(ids: readonly string[], max = 10): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}
