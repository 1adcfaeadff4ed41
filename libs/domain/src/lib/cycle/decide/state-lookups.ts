import { type ActionPointStatus } from '../cycle-types';
import type { ActionPointState, CycleState, RoundState } from '../state';

export const OPEN_STATUSES: readonly ActionPointStatus[] = ['PROPOSED', 'AGREED', 'IN_PROGRESS'];

export function roundOf(state: CycleState, roundId: unknown): RoundState | undefined {
  return typeof roundId === 'string' && Object.hasOwn(state.rounds, roundId) ? state.rounds[roundId] : undefined;
}

export function actionPointOf(state: CycleState, actionPointId: unknown): ActionPointState | undefined {
  return typeof actionPointId === 'string' && Object.hasOwn(state.actionPoints, actionPointId)
    ? state.actionPoints[actionPointId]
    : undefined;
}

export function openActionPoints(state: CycleState): ActionPointState[] {
  return Object.values(state.actionPoints).filter((ap) => OPEN_STATUSES.includes(ap.status));
}

export function isFinal(ap: ActionPointState): boolean {
  return !OPEN_STATUSES.includes(ap.status);
}
