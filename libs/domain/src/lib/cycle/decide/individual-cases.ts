import type { CycleState } from '../state';
import { Outcome, Command, Decisions } from './outcome';
import { reject, unknownActionPoint, actionPointFinal } from './rejections';
import { actionPointOf, isFinal } from './state-lookups';

export function attachIndividualCase(state: CycleState, c: Command<'AttachIndividualCase'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (ap.individualCase) {
    return reject(
      'CASE_ALREADY_ATTACHED',
      `Action point ${ap.actionPointId} already carries individual case ${ap.individualCase.caseRef}${ap.individualCase.erased ? ' (erased)' : ''}; an action point concerns one case.`,
      'caseRef',
    );
  }
  if (isFinal(ap)) return actionPointFinal(ap, 'given an individual case');
  return [{ type: 'IndividualCaseAttached', data: { actionPointId: ap.actionPointId, caseRef: c.caseRef } }];
}

export function eraseIndividualCase(state: CycleState, c: Command<'EraseIndividualCase'>): Outcome {
  const ap = actionPointOf(state, c.actionPointId);
  if (!ap) return unknownActionPoint(c.actionPointId);
  if (ap.individualCase?.caseRef !== c.caseRef) {
    return reject(
      'UNKNOWN_CASE',
      `Action point ${ap.actionPointId} carries no individual case ${c.caseRef}.`,
      'caseRef',
    );
  }
  if (ap.individualCase.erased) {
    return reject(
      'CASE_ALREADY_ERASED',
      `Individual case ${c.caseRef} was already erased on ${ap.individualCase.erased.at}.`,
      'caseRef',
    );
  }
  return [{ type: 'IndividualCaseErased', data: { actionPointId: ap.actionPointId, caseRef: c.caseRef } }];
}

/** Whether some action point still carries a case whose erasure the cycle must be able to record. */
export function hasLiveIndividualCase(state: CycleState): boolean {
  return Object.values(state.actionPoints).some((ap) => ap.individualCase !== undefined && !ap.individualCase.erased);
}

export const individualCaseDecisions: Decisions<'AttachIndividualCase' | 'EraseIndividualCase'> = {
  AttachIndividualCase: attachIndividualCase,
  EraseIndividualCase: eraseIndividualCase,
};
