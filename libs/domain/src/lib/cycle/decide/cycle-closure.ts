import type { CycleState } from '../state';
import { Outcome, Command, Decisions } from './outcome';
import { reject, count, listIds } from './rejections';
import { openActionPoints } from './state-lookups';

export function closeCycle(state: CycleState, c: Command<'CloseCycle'>): Outcome {
  const open = openActionPoints(state);
  if (open.length > 0) {
    return reject(
      'OPEN_ACTION_POINTS',
      `Cycle ${state.cycleId} still has ${count(open.length, 'open action point')} (${listIds(open.map((ap) => ap.actionPointId))}). Assess or withdraw them before closing the cycle, or cancel the cycle instead.`,
    );
  }
  return [{ type: 'CycleClosed', data: c.reason ? { reason: c.reason } : {} }];
}

export function cancelCycle(c: Command<'CancelCycle'>): Outcome {
  return [{ type: 'CycleCancelled', data: { reason: c.reason } }];
}

export const cycleClosureDecisions: Decisions<'CloseCycle' | 'CancelCycle'> = {
  CloseCycle: closeCycle,
  CancelCycle: (_, command) => cancelCycle(command),
};
