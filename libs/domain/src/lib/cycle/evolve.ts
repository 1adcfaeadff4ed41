import type { ActionPointTerms } from './commands';
import type { ActionPointStatus, UnReference } from './cycle-types';
import { initialState, type Evolve } from './decider';
import type { CycleEvent } from './events';
import type { ActionPointState, CycleState, RoundState } from './state';

/**
 * Applies one event. Never mutates `state` nor the event: it returns new objects along the
 * changed path and copies what it takes from the event, so state and history never alias.
 * Events were validated by `decide`; one that names an unknown round or action point
 * (impossible in a consistent history) only advances the version.
 */
/**
 * An action point's status after a progress report: the first report shows work has started;
 * later ones leave it alone. Shared with the read model's projection.
 */
export function statusAfterProgressReport<S extends ActionPointStatus>(status: S): S | 'IN_PROGRESS' {
  return status === 'AGREED' ? 'IN_PROGRESS' : status;
}

export const evolve: Evolve = (state, event) => {
  const next: CycleState = { ...state, version: event.sequence };
  switch (event.type) {
    case 'CycleStarted': {
      const { cycleType, country, title, timeZone, reminderPolicy } = event.data;
      return {
        ...next,
        started: true,
        status: 'ACTIVE',
        cycleType,
        country,
        title,
        timeZone,
        reminderPolicy: {
          beforeDeadline: reminderPolicy.beforeDeadline.map((s) => ({ ...s })),
          onDeadline: reminderPolicy.onDeadline ? { ...reminderPolicy.onDeadline } : null,
          escalations: reminderPolicy.escalations.map((s) => ({ ...s })),
          localTime: reminderPolicy.localTime,
        },
      };
    }
    case 'RoundScheduled': {
      const { roundId, date, title } = event.data;
      const round: RoundState = { roundId, date, status: 'SCHEDULED', ...(title !== undefined ? { title } : {}) };
      return { ...next, rounds: { ...state.rounds, [roundId]: round }, roundOrder: [...state.roundOrder, roundId] };
    }
    case 'RoundHeld':
      return withRound(next, event.data.roundId, (r) => ({ ...r, status: 'HELD', heldOn: event.data.heldOn }));
    case 'RoundClosed':
      return withRound(next, event.data.roundId, (r) => ({ ...r, status: 'CLOSED' }));
    case 'ActionPointProposed': {
      const { actionPointId, roundId, terms } = event.data;
      const actionPoint: ActionPointState = {
        ...copyTerms(terms),
        actionPointId,
        roundId,
        originalRoundId: roundId,
        roundsCarried: 0,
        status: 'PROPOSED',
        progress: [],
        proposedAt: event.occurredAt,
      };
      return { ...next, actionPoints: { ...state.actionPoints, [actionPointId]: actionPoint } };
    }
    case 'ActionPointAgreed':
      return withActionPoint(next, event.data.actionPointId, (ap) => ({
        ...ap,
        status: 'AGREED',
        deadlineSetAt: event.occurredAt,
      }));
    case 'ActionPointAmended':
      return withActionPoint(next, event.data.actionPointId, (ap) => {
        const changes = copyTerms(event.data.changes);
        const deadlineChanged = changes.deadline !== undefined && changes.deadline !== ap.deadline;
        return { ...ap, ...changes, ...(deadlineChanged ? { deadlineSetAt: event.occurredAt } : {}) };
      });
    case 'ActionPointWithdrawn':
      return withActionPoint(next, event.data.actionPointId, (ap) => ({ ...ap, status: 'WITHDRAWN' }));
    case 'ProgressReported': {
      const { actionPointId, reportId, text, evidenceLinks, reportedOn } = event.data;
      return withActionPoint(next, actionPointId, (ap) => ({
        ...ap,
        status: statusAfterProgressReport(ap.status),
        progress: [
          ...ap.progress,
          {
            reportId,
            text,
            evidenceLinks: [...evidenceLinks],
            reportedOn,
            reportedAt: event.occurredAt,
            reportedBy: event.actor.userId,
          },
        ],
      }));
    }
    case 'ActionPointAssessed': {
      const { actionPointId, assessment } = event.data;
      return withActionPoint(next, actionPointId, (ap) => ({ ...ap, status: assessment, assessment }));
    }
    case 'ActionPointCarriedOver': {
      const { actionPointId, toRoundId, roundsCarried } = event.data;
      return withActionPoint(next, actionPointId, (ap) => ({ ...ap, roundId: toRoundId, roundsCarried }));
    }
    case 'CycleClosed':
      return { ...next, status: 'CLOSED' };
    case 'CycleCancelled':
      return { ...next, status: 'CANCELLED' };
    case 'GspStageRecorded': {
      const { stage, on, repliesDueOn } = event.data;
      const gsp = state.gsp ?? { stages: {} };
      return {
        ...next,
        gsp: {
          ...gsp,
          stages: { ...gsp.stages, [stage]: on },
          ...(repliesDueOn !== undefined ? { repliesDueOn, repliesDueSetAt: event.occurredAt } : {}),
        },
      };
    }
    case 'WithdrawalInitiated':
      return { ...next, withdrawal: { milestones: { ...event.data.milestones } } };
    case 'WithdrawalDecisionRecorded': {
      const { decidedOn, withdrawn, milestones } = event.data;
      return { ...next, withdrawal: { milestones: { ...milestones }, decidedOn, withdrawn } };
    }
    case 'IndividualCaseAttached': {
      const { actionPointId, caseRef } = event.data;
      return withActionPoint(next, actionPointId, (ap) => ({
        ...ap,
        individualCase: { caseRef, attachedAt: event.occurredAt },
      }));
    }
    case 'IndividualCaseErased':
      return withActionPoint(next, event.data.actionPointId, (ap) =>
        ap.individualCase
          ? {
              ...ap,
              individualCase: {
                ...ap.individualCase,
                erased: { at: event.occurredAt, byUserId: event.actor.userId, byRole: event.actor.role },
              },
            }
          : ap,
      );
    case 'ReminderSent':
      return { ...next, remindersSent: [...state.remindersSent, event.data.reminderKey] };
    default:
      // An event type from a newer version of the domain: keep the version moving, change nothing else.
      return next;
  }
};

/** The state after `events`, from the cycle's initial state. */
export function foldEvents(cycleId: string, events: readonly CycleEvent[]): CycleState {
  let state = initialState(cycleId);
  for (const event of events) state = evolve(state, event);
  return state;
}

function withRound(state: CycleState, roundId: string, change: (round: RoundState) => RoundState): CycleState {
  const round = state.rounds[roundId] as RoundState | undefined;
  return round ? { ...state, rounds: { ...state.rounds, [roundId]: change(round) } } : state;
}

function withActionPoint(
  state: CycleState,
  actionPointId: string,
  change: (actionPoint: ActionPointState) => ActionPointState,
): CycleState {
  const actionPoint = state.actionPoints[actionPointId] as ActionPointState | undefined;
  return actionPoint
    ? { ...state, actionPoints: { ...state.actionPoints, [actionPointId]: change(actionPoint) } }
    : state;
}

/** Copies the given terms, arrays included, leaving out the absent ones. */
function copyTerms<T extends Partial<ActionPointTerms>>(terms: T): T {
  const copy: Partial<ActionPointTerms> = {};
  if (terms.text !== undefined) copy.text = terms.text;
  if (terms.owner !== undefined) copy.owner = terms.owner;
  if (terms.deadline !== undefined) copy.deadline = terms.deadline;
  if (terms.priority !== undefined) copy.priority = terms.priority;
  if (terms.themes !== undefined) copy.themes = [...terms.themes];
  if (terms.conventions !== undefined) copy.conventions = [...terms.conventions];
  if (terms.unReferences !== undefined) copy.unReferences = terms.unReferences.map((r: UnReference) => ({ ...r }));
  return copy as T;
}
