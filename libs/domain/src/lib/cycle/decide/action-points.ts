import type { ActionPointTerms } from '../commands';
import { type CommandMetadata } from '../cycle-types';
import type { CycleState, RoundState } from '../state';
import { EventDraft, Outcome, Command, Decisions, nextFreeId, andThen } from './outcome';
import { reject, unknownRound, roundClosed, unknownActionPoint, actionPointFinal, describeStatus } from './rejections';
import { roundOf, actionPointOf, isFinal } from './state-lookups';

export function proposeActionPoint(
  state: CycleState,
  c: Command<'ProposeActionPoint'> | Command<'RecordAgreedActionPoint'>,
): Outcome {
  const actionPointId = c.actionPointId ?? nextFreeId(Object.keys(state.actionPoints), 'AP');
  const existing = actionPointOf(state, actionPointId);
  if (existing) {
    return reject(
      'DUPLICATE_ACTION_POINT',
      `Action point ${actionPointId} already exists (round ${existing.originalRoundId}). Choose another id (or leave it out to get the next one), or amend ${actionPointId}.`,
      'actionPointId',
    );
  }
  const round = roundOf(state, c.roundId);
  if (!round) return unknownRound(state, c.roundId, 'roundId');
  if (round.status === 'CLOSED') return roundClosed(round);
  const { text, owner, deadline, priority, themes, conventions, unReferences } = c;
  const deadlineProblem = deadlineBeforeRound(deadline, round);
  if (deadlineProblem) return deadlineProblem;
  return [
    {
      type: 'ActionPointProposed',
      data: {
        actionPointId,
        roundId: round.roundId,
        terms: { text, owner, deadline, priority, themes, conventions, unReferences },
      },
    },
  ];
}

/** Proposed and agreed at once: what a meeting's minutes record. */
export function recordAgreedActionPoint(
  state: CycleState,
  c: Command<'RecordAgreedActionPoint'>,
  metadata: CommandMetadata,
): Outcome {
  const proposed = proposeActionPoint(state, c);
  if (!Array.isArray(proposed)) return proposed;
  const [draft] = proposed as Array<Extract<EventDraft, { type: 'ActionPointProposed' }>>;
  return andThen(state, metadata, proposed, (after) =>
    agreeActionPoint(after, { type: 'AgreeActionPoint', actionPointId: draft.data.actionPointId }),
  );
}

export function agreeActionPoint(state: CycleState, c: Command<'AgreeActionPoint'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (ap.status !== 'PROPOSED') {
    return reject(
      'ACTION_POINT_NOT_PROPOSED',
      `Action point ${ap.actionPointId} is ${describeStatus(ap.status)}; only a proposed action point can be agreed.`,
      'actionPointId',
    );
  }
  return [{ type: 'ActionPointAgreed', data: { actionPointId: ap.actionPointId } }];
}

export function amendActionPoint(state: CycleState, c: Command<'AmendActionPoint'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (isFinal(ap)) return actionPointFinal(ap, 'amended');
  if (c.changes.deadline !== undefined) {
    // The deadline cannot precede the round in which the action point was agreed, wherever it was carried since.
    const originalRound = roundOf(state, ap.originalRoundId) ?? roundOf(state, ap.roundId);
    const deadlineProblem = deadlineBeforeRound(c.changes.deadline, originalRound);
    if (deadlineProblem) return deadlineProblem;
  }
  const changes: Partial<ActionPointTerms> = {};
  for (const [key, value] of Object.entries(c.changes) as [keyof ActionPointTerms, unknown][]) {
    if (JSON.stringify(value) !== JSON.stringify(ap[key])) Object.assign(changes, { [key]: value });
  }
  if (Object.keys(changes).length === 0) {
    return reject(
      'NO_CHANGES',
      `The amendment changes nothing: every value given is already that of action point ${ap.actionPointId}.`,
      'changes',
    );
  }
  return [{ type: 'ActionPointAmended', data: { actionPointId: ap.actionPointId, changes, reason: c.reason } }];
}

export function withdrawActionPoint(state: CycleState, c: Command<'WithdrawActionPoint'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (isFinal(ap)) return actionPointFinal(ap, 'withdrawn');
  return [{ type: 'ActionPointWithdrawn', data: { actionPointId: ap.actionPointId, reason: c.reason } }];
}

function deadlineBeforeRound(deadline: string, round: RoundState | undefined) {
  const roundDate = round ? (round.heldOn ?? round.date) : undefined;
  if (!round || roundDate === undefined || deadline >= roundDate) return undefined;
  return reject(
    'DEADLINE_BEFORE_ROUND_DATE',
    `The deadline ${deadline} is before the round's date ${roundDate} (round ${round.roundId}). Choose a deadline on or after the round.`,
    'deadline',
  );
}

export const actionPointDecisions: Decisions<
  'ProposeActionPoint' | 'RecordAgreedActionPoint' | 'AgreeActionPoint' | 'AmendActionPoint' | 'WithdrawActionPoint'
> = {
  ProposeActionPoint: proposeActionPoint,
  RecordAgreedActionPoint: recordAgreedActionPoint,
  AgreeActionPoint: agreeActionPoint,
  AmendActionPoint: amendActionPoint,
  WithdrawActionPoint: withdrawActionPoint,
};
