import { type CommandMetadata } from '../cycle-types';
import type { CycleState, RoundState } from '../state';
import { EventDraft, Outcome, Command, Decisions, nextFreeId, andThen } from './outcome';
import { reject, unknownRound, roundClosed, count, listIds } from './rejections';
import { roundOf, openActionPoints } from './state-lookups';

/** `at` prefixes the fields a refusal names ("nextRound." when scheduled by CloseRound). */
export function scheduleRound(state: CycleState, c: Command<'ScheduleRound'>, at = ''): Outcome {
  const roundId = c.roundId ?? nextFreeId(Object.keys(state.rounds), 'R');
  const existing = roundOf(state, roundId);
  if (existing) {
    return reject(
      'DUPLICATE_ROUND',
      `Round ${roundId} already exists (scheduled for ${existing.date}). Choose another round id, or leave it out to get the next one.`,
      `${at}roundId`,
    );
  }
  return [
    {
      type: 'RoundScheduled',
      data: { roundId, date: c.date, ...(c.title !== undefined ? { title: c.title } : {}) },
    },
  ];
}

export function recordRoundHeld(state: CycleState, c: Command<'RecordRoundHeld'>): Outcome {
  const round = roundOf(state, c.roundId);
  if (!round) return unknownRound(state, c.roundId, 'roundId');
  if (round.status === 'CLOSED') return roundClosed(round);
  if (round.status === 'HELD') {
    return reject(
      'ROUND_ALREADY_HELD',
      `Round ${round.roundId} was already recorded as held on ${round.heldOn}. A round is held only once.`,
      'roundId',
    );
  }
  return [{ type: 'RoundHeld', data: { roundId: round.roundId, heldOn: c.heldOn } }];
}

export function closeRound(state: CycleState, c: Command<'CloseRound'>, metadata: CommandMetadata): Outcome {
  if (c.nextRound !== undefined) {
    if (c.nextRoundId !== undefined) {
      return reject(
        'INVALID_NEXT_ROUND',
        'Give either nextRoundId (a round already scheduled) or nextRound (to schedule it now), not both.',
        'nextRound',
      );
    }
    if (!roundOf(state, c.roundId)) return unknownRound(state, c.roundId, 'roundId');
    const scheduled = scheduleRound(state, { type: 'ScheduleRound', ...c.nextRound }, 'nextRound.');
    if (!Array.isArray(scheduled)) return scheduled;
    const [draft] = scheduled as Array<Extract<EventDraft, { type: 'RoundScheduled' }>>;
    return andThen(state, metadata, scheduled, (after) =>
      closeRound(after, { type: 'CloseRound', roundId: c.roundId, nextRoundId: draft.data.roundId }, metadata),
    );
  }
  const round = roundOf(state, c.roundId);
  if (!round) return unknownRound(state, c.roundId, 'roundId');
  if (round.status === 'CLOSED') return roundClosed(round);
  const open = openActionPoints(state).filter((ap) => ap.roundId === round.roundId);
  let next: RoundState | undefined;
  if (c.nextRoundId !== undefined) {
    next = roundOf(state, c.nextRoundId);
    const problem = !next
      ? `There is no round ${String(c.nextRoundId)} in this cycle`
      : next.roundId === round.roundId
        ? `A round cannot carry its action points over to itself`
        : next.status === 'CLOSED'
          ? `Round ${next.roundId} is already closed`
          : undefined;
    if (problem) {
      return reject(
        'INVALID_NEXT_ROUND',
        `${problem}. Name a scheduled, not yet closed round as nextRoundId (schedule it first if needed).`,
        'nextRoundId',
      );
    }
  }
  if (open.length > 0 && !next) {
    return reject(
      'OPEN_ACTION_POINTS_NEED_NEXT_ROUND',
      `Round ${round.roundId} still has ${count(open.length, 'open action point')} (${listIds(open.map((ap) => ap.actionPointId))}). Schedule the next round and close this one with it as nextRoundId to carry them over, or assess or withdraw them first.`,
      'nextRoundId',
    );
  }
  const carried: EventDraft[] = open.map((ap) => ({
    type: 'ActionPointCarriedOver',
    data: {
      actionPointId: ap.actionPointId,
      fromRoundId: round.roundId,
      toRoundId: (next as RoundState).roundId,
      roundsCarried: ap.roundsCarried + 1,
    },
  }));
  return [
    ...carried,
    {
      type: 'RoundClosed',
      data: {
        roundId: round.roundId,
        carriedOver: open.map((ap) => ap.actionPointId),
        ...(next ? { nextRoundId: next.roundId } : {}),
      },
    },
  ];
}

export const roundDecisions: Decisions<'ScheduleRound' | 'RecordRoundHeld' | 'CloseRound'> = {
  ScheduleRound: (state, command) => scheduleRound(state, command),
  RecordRoundHeld: recordRoundHeld,
  CloseRound: closeRound,
};
