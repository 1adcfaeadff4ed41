import type { CycleEvent, CycleEventOf } from '@suivi/domain';

/**
 * A compact summary: ids, codes, dates and counts. Free text (titles, action point text,
 * reasons, progress reports, comments) is left out: it may name people at risk of
 * reprisals, and the timeline is what auditors and dashboards skim.
 */
export function timelineSummary(event: CycleEvent): Record<string, unknown> {
  switch (event.type) {
    case 'CycleStarted':
      return { cycleType: event.data.cycleType, country: event.data.country, timeZone: event.data.timeZone };
    case 'RoundScheduled':
      return { roundId: event.data.roundId, date: event.data.date };
    case 'RoundHeld':
      return { roundId: event.data.roundId, heldOn: event.data.heldOn };
    case 'ActionPointProposed': {
      const { actionPointId, roundId, terms } = event.data;
      return {
        actionPointId,
        roundId,
        owner: terms.owner,
        deadline: terms.deadline,
        priority: terms.priority,
        themes: [...terms.themes],
        conventions: [...terms.conventions],
      };
    }
    case 'ActionPointAgreed':
    case 'ActionPointWithdrawn':
      return { actionPointId: event.data.actionPointId };
    case 'ActionPointAmended':
      return amendedSummary(event);
    case 'ProgressReported': {
      const { actionPointId, reportId, reportedOn, evidenceLinks } = event.data;
      return { actionPointId, reportId, reportedOn, evidenceLinks: evidenceLinks.length };
    }
    case 'ActionPointAssessed':
      return { actionPointId: event.data.actionPointId, assessment: event.data.assessment };
    case 'ActionPointCarriedOver': {
      const { actionPointId, fromRoundId, toRoundId, roundsCarried } = event.data;
      return { actionPointId, fromRoundId, toRoundId, roundsCarried };
    }
    case 'RoundClosed': {
      const { roundId, carriedOver, nextRoundId } = event.data;
      return { roundId, carriedOver: carriedOver.length, ...(nextRoundId !== undefined ? { nextRoundId } : {}) };
    }
    case 'CycleClosed':
    case 'CycleCancelled':
      return {};
    case 'GspStageRecorded': {
      const { stage, on, repliesDueOn } = event.data;
      return { stage, on, ...(repliesDueOn !== undefined ? { repliesDueOn } : {}) };
    }
    case 'WithdrawalInitiated':
      return { initiatedOn: event.data.milestones.initiatedOn, decisionDueOn: event.data.milestones.decisionDueOn };
    case 'WithdrawalDecisionRecorded':
      return { decidedOn: event.data.decidedOn, withdrawn: event.data.withdrawn };
    case 'IndividualCaseAttached':
    case 'IndividualCaseErased':
      return { actionPointId: event.data.actionPointId, caseRef: event.data.caseRef };
    case 'ReminderSent': {
      const { subject, kind, offset, recipientRole, deadline } = event.data;
      return { subject: { ...subject }, kind, offset, recipientRole, deadline };
    }
    default:
      return unsummarised(event);
  }
}

/** A new event type that is not summarised does not compile: decide what the timeline shows of it. */
function unsummarised(event: never): never {
  throw new Error(`no timeline summary for ${(event as CycleEvent).type}`);
}

function amendedSummary(event: CycleEventOf<'ActionPointAmended'>): Record<string, unknown> {
  const { actionPointId, changes } = event.data;
  // Names of the changed terms; values only for codes and dates.
  return {
    actionPointId,
    changed: Object.keys(changes).sort(),
    ...(changes.deadline !== undefined ? { deadline: changes.deadline } : {}),
    ...(changes.owner !== undefined ? { owner: changes.owner } : {}),
    ...(changes.priority !== undefined ? { priority: changes.priority } : {}),
  };
}
