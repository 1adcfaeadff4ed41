import type { ActionPointTerms, CycleEvent, ReminderStep, UnReference } from '@suivi/domain';
import { actionPointTermNames, unMechanismCodes } from './codes';
import { integrationEventDefinition, type IntegrationEvent } from './integration-events';

/** A domain event that cannot be published as its integration event (an id or code the contract does not allow). */
export class IntegrationEventMappingError extends Error {
  constructor(
    readonly domainEventType: string,
    readonly integrationEventType: string,
    /** Paths and rules only, never the offending values (they could be personal data). */
    readonly problems: string[],
  ) {
    super(
      `Domain event ${domainEventType} does not fit integration event ${integrationEventType}: ${problems.join('; ')}`,
    );
    this.name = 'IntegrationEventMappingError';
  }
}

/**
 * The one place where domain events become integration events. Fields are picked, never
 * copied wholesale, so that a field added to a domain event is not published until the
 * contract says so; free text (titles, action point text, reasons, comments, progress
 * text, evidence links, UN reference text) and the actor's user id are left behind.
 * The result is checked against its schema: Suivi never publishes what its contract forbids.
 */
export function toIntegrationEvent(event: CycleEvent): IntegrationEvent {
  const integrationEvent = map(event);
  const definition = integrationEventDefinition(integrationEvent.type, integrationEvent.version);
  if (!definition) throw new IntegrationEventMappingError(event.type, integrationEvent.type, ['no schema']);
  const result = definition.data.safeParse(integrationEvent.data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`);
    throw new IntegrationEventMappingError(
      event.type,
      `${integrationEvent.type} v${integrationEvent.version}`,
      problems,
    );
  }
  return integrationEvent;
}

function map(event: CycleEvent): IntegrationEvent {
  switch (event.type) {
    case 'CycleStarted': {
      const { cycleType, country, timeZone, reminderPolicy: policy } = event.data;
      const step = ({ offset, recipientRole }: ReminderStep) => ({ offset, recipientRole });
      return {
        type: 'cycle.started',
        version: 1,
        data: {
          cycleType,
          country,
          timeZone,
          reminderPolicy: {
            beforeDeadline: policy.beforeDeadline.map(step),
            onDeadline: policy.onDeadline ? { recipientRole: policy.onDeadline.recipientRole } : null,
            escalations: policy.escalations.map(step),
            localTime: policy.localTime,
          },
        },
      };
    }
    case 'RoundScheduled':
      return {
        type: 'round.scheduled',
        version: 1,
        data: { roundId: event.data.roundId, scheduledFor: event.data.date },
      };
    case 'RoundHeld':
      return { type: 'round.held', version: 1, data: { roundId: event.data.roundId, heldOn: event.data.heldOn } };
    case 'ActionPointProposed': {
      const { actionPointId, roundId, terms } = event.data;
      return {
        type: 'action-point.proposed',
        version: 1,
        data: {
          actionPointId,
          roundId,
          owner: terms.owner,
          deadline: terms.deadline,
          priority: terms.priority,
          themes: [...terms.themes],
          conventions: [...terms.conventions],
          ...unReferenceSummary(terms.unReferences),
        },
      };
    }
    case 'ActionPointAgreed':
      return { type: 'action-point.agreed', version: 1, data: { actionPointId: event.data.actionPointId } };
    case 'ActionPointAmended': {
      const { actionPointId, changes } = event.data;
      return {
        type: 'action-point.amended',
        version: 1,
        data: {
          actionPointId,
          changedFields: changedTerms(changes),
          ...(changes.owner !== undefined ? { owner: changes.owner } : {}),
          ...(changes.deadline !== undefined ? { deadline: changes.deadline } : {}),
          ...(changes.priority !== undefined ? { priority: changes.priority } : {}),
          ...(changes.themes !== undefined ? { themes: [...changes.themes] } : {}),
          ...(changes.conventions !== undefined ? { conventions: [...changes.conventions] } : {}),
          ...(changes.unReferences !== undefined ? unReferenceSummary(changes.unReferences) : {}),
        },
      };
    }
    case 'ActionPointWithdrawn':
      return { type: 'action-point.withdrawn', version: 1, data: { actionPointId: event.data.actionPointId } };
    case 'ProgressReported': {
      const { actionPointId, reportId, reportedOn, evidenceLinks } = event.data;
      return {
        type: 'action-point.progress-reported',
        version: 1,
        data: { actionPointId, reportId, reportedOn, evidenceCount: evidenceLinks.length },
      };
    }
    case 'ActionPointAssessed': {
      const { actionPointId, assessment } = event.data;
      return { type: 'action-point.assessed', version: 1, data: { actionPointId, assessment } };
    }
    case 'ActionPointCarriedOver': {
      const { actionPointId, fromRoundId, toRoundId, roundsCarried } = event.data;
      return {
        type: 'action-point.carried-over',
        version: 1,
        data: { actionPointId, fromRoundId, toRoundId, roundsCarried },
      };
    }
    case 'RoundClosed': {
      const { roundId, carriedOver, nextRoundId } = event.data;
      return {
        type: 'round.closed',
        version: 1,
        data: {
          roundId,
          carriedOverActionPointIds: [...carriedOver],
          ...(nextRoundId !== undefined ? { nextRoundId } : {}),
        },
      };
    }
    case 'CycleClosed':
      return { type: 'cycle.closed', version: 1, data: {} };
    case 'CycleCancelled':
      return { type: 'cycle.cancelled', version: 1, data: {} };
    case 'GspStageRecorded': {
      const { stage, on, repliesDueOn } = event.data;
      return {
        type: 'gsp.stage-recorded',
        version: 1,
        data: { stage, reachedOn: on, ...(repliesDueOn !== undefined ? { repliesDueOn } : {}) },
      };
    }
    case 'WithdrawalInitiated':
      return {
        type: 'gsp.withdrawal-initiated',
        version: 1,
        data: { milestones: milestones(event.data.milestones) },
      };
    case 'WithdrawalDecisionRecorded': {
      const { decidedOn, withdrawn } = event.data;
      return {
        type: 'gsp.withdrawal-decided',
        version: 1,
        data: { decidedOn, withdrawn, milestones: milestones(event.data.milestones) },
      };
    }
    case 'ReminderSent': {
      const { reminderKey, subject, kind, offset, recipientRole, deadline, dueAt } = event.data;
      return {
        type: 'reminder.sent',
        version: 1,
        data: {
          reminderKey,
          subject:
            subject.kind === 'ACTION_POINT'
              ? { kind: 'ACTION_POINT', actionPointId: subject.actionPointId }
              : { kind: 'GSP_REPLIES' },
          kind,
          offset,
          recipientRole,
          deadline,
          dueAt: utc(dueAt),
        },
      };
    }
    case 'IndividualCaseAttached': {
      const { actionPointId, caseRef } = event.data;
      return { type: 'individual-case.attached', version: 1, data: { actionPointId, caseRef } };
    }
    case 'IndividualCaseErased': {
      const { actionPointId, caseRef } = event.data;
      return { type: 'individual-case.erased', version: 1, data: { actionPointId, caseRef } };
    }
    default:
      return unmapped(event);
  }
}

// A new domain event type stops this file compiling until its integration event is decided.
function unmapped(event: never): never {
  throw new Error(`No integration event for domain event ${(event as { type: string }).type}`);
}

/** The kinds of UN mechanism referred to, each once in reference-data order, and how many references. */
function unReferenceSummary(references: readonly UnReference[]) {
  return {
    unMechanisms: unMechanismCodes.filter((kind) => references.some((r) => r.mechanism === kind)),
    unReferenceCount: references.length,
  };
}

function changedTerms(changes: Partial<ActionPointTerms>) {
  return actionPointTermNames.filter((name) => changes[name] !== undefined);
}

function milestones(m: Extract<CycleEvent, { type: 'WithdrawalInitiated' }>['data']['milestones']) {
  const { initiatedOn, monitoringEndsOn, commissionReportDueOn, decisionDueOn, withdrawalTakesEffectOn } = m;
  return { initiatedOn, monitoringEndsOn, commissionReportDueOn, decisionDueOn, withdrawalTakesEffectOn };
}

/** Instants are published in UTC ("…Z"), whatever offset the domain was given. */
export function utc(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant; // left for the schema check to refuse
  return date.toISOString();
}
