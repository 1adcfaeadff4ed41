import type { CycleEventType } from '@suivi/domain';
import fc from 'fast-check';
import { domainEvent, domainEventOf, domainEventTypes, FREE_TEXT_MARKER } from '../testing/arbitraries';
import { scenarioEvents } from '../testing/domain-scenario';
import { allSampleEvents, PERSON_AT_RISK, sampleEvents } from '../testing/sample-events';
import { integrationEventCatalog, type IntegrationEvent } from './integration-events';
import { IntegrationEventMappingError, toIntegrationEvent } from './to-integration-event';

const milestones = {
  initiatedOn: '2026-02-12',
  monitoringEndsOn: '2026-08-12',
  commissionReportDueOn: '2026-11-12',
  decisionDueOn: '2027-02-12',
  withdrawalTakesEffectOn: '2027-08-12',
};

/** The expected integration event of each sample domain event: the mapping, written out. */
const expected: { [T in CycleEventType]: IntegrationEvent } = {
  CycleStarted: {
    type: 'cycle.started',
    version: 1,
    data: {
      cycleType: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      timeZone: 'Asia/Phnom_Penh',
      reminderPolicy: {
        beforeDeadline: [
          { offset: 'P30D', recipientRole: 'DELEGATION' },
          { offset: 'P7D', recipientRole: 'DELEGATION' },
        ],
        onDeadline: { recipientRole: 'DELEGATION' },
        escalations: [{ offset: 'P7D', recipientRole: 'DESK_OFFICER' }],
        localTime: '09:00',
      },
    },
  },
  RoundScheduled: { type: 'round.scheduled', version: 1, data: { roundId: 'R1', scheduledFor: '2026-02-01' } },
  RoundHeld: { type: 'round.held', version: 1, data: { roundId: 'R1', heldOn: '2026-02-02' } },
  ActionPointProposed: {
    type: 'action-point.proposed',
    version: 1,
    data: {
      actionPointId: 'AP1',
      roundId: 'R1',
      owner: 'PARTNER',
      deadline: '2026-06-30',
      priority: 'HIGH',
      themes: ['I.C', 'I.D'],
      conventions: ['ICCPR', 'CAT'],
      unMechanisms: ['UPR', 'SPECIAL_PROCEDURE'],
      unReferenceCount: 3,
    },
  },
  ActionPointAgreed: { type: 'action-point.agreed', version: 1, data: { actionPointId: 'AP1' } },
  ActionPointAmended: {
    type: 'action-point.amended',
    version: 1,
    data: {
      actionPointId: 'AP1',
      changedFields: ['text', 'deadline', 'themes', 'unReferences'],
      deadline: '2026-09-30',
      themes: ['I.C'],
      unMechanisms: ['TREATY_BODY'],
      unReferenceCount: 1,
    },
  },
  ActionPointWithdrawn: { type: 'action-point.withdrawn', version: 1, data: { actionPointId: 'AP2' } },
  ProgressReported: {
    type: 'action-point.progress-reported',
    version: 1,
    data: { actionPointId: 'AP1', reportId: 'P1', reportedOn: '2026-03-01', evidenceCount: 2 },
  },
  ActionPointAssessed: {
    type: 'action-point.assessed',
    version: 1,
    data: { actionPointId: 'AP1', assessment: 'PARTIALLY_COMPLETED' },
  },
  ActionPointCarriedOver: {
    type: 'action-point.carried-over',
    version: 1,
    data: { actionPointId: 'AP1', fromRoundId: 'R1', toRoundId: 'R2', roundsCarried: 1 },
  },
  RoundClosed: {
    type: 'round.closed',
    version: 1,
    data: { roundId: 'R1', carriedOverActionPointIds: ['AP1'], nextRoundId: 'R2' },
  },
  CycleClosed: { type: 'cycle.closed', version: 1, data: {} },
  CycleCancelled: { type: 'cycle.cancelled', version: 1, data: {} },
  GspStageRecorded: {
    type: 'gsp.stage-recorded',
    version: 1,
    data: { stage: 'LIST_OF_ISSUES_SENT', reachedOn: '2026-02-10', repliesDueOn: '2026-04-10' },
  },
  WithdrawalInitiated: { type: 'gsp.withdrawal-initiated', version: 1, data: { milestones } },
  WithdrawalDecisionRecorded: {
    type: 'gsp.withdrawal-decided',
    version: 1,
    data: { decidedOn: '2027-02-12', withdrawn: true, milestones },
  },
  ReminderSent: {
    type: 'reminder.sent',
    version: 1,
    data: {
      reminderKey: 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P30D',
      subject: { kind: 'ACTION_POINT', actionPointId: 'AP1' },
      kind: 'BEFORE_DEADLINE',
      offset: 'P30D',
      recipientRole: 'DELEGATION',
      deadline: '2026-06-30',
      dueAt: '2026-05-31T02:00:00.000Z',
    },
  },
  IndividualCaseAttached: {
    type: 'individual-case.attached',
    version: 1,
    data: { actionPointId: 'AP1', caseRef: 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d' },
  },
  IndividualCaseErased: {
    type: 'individual-case.erased',
    version: 1,
    data: { actionPointId: 'AP1', caseRef: 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d' },
  },
};

describe('toIntegrationEvent', () => {
  it.each(Object.keys(sampleEvents) as CycleEventType[])('maps %s to its integration event', (type) => {
    expect(toIntegrationEvent(sampleEvents[type])).toEqual(expected[type]);
  });

  it('gives each domain event type its own integration event, and every integration event has a domain event', () => {
    const names = allSampleEvents.map((e) => toIntegrationEvent(e).type);
    expect(new Set(names).size).toBe(allSampleEvents.length);
    expect(new Set(names)).toEqual(new Set(integrationEventCatalog.map((d) => d.name)));
  });

  it('maps every event a real domain scenario records, all types included', () => {
    const events = scenarioEvents();
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(domainEventTypes));
    for (const event of events) expect(() => toIntegrationEvent(event)).not.toThrow();
  });

  it.each(domainEventTypes)('maps any valid %s and publishes none of its free text (property)', (type) => {
    fc.assert(
      fc.property(domainEventOf(type), (event) => {
        const published = JSON.stringify(toIntegrationEvent(event));
        expect(published).not.toContain(FREE_TEXT_MARKER);
      }),
      { numRuns: 150 },
    );
  });

  it('never publishes the action point text, even in an amendment of the text alone', () => {
    const event = {
      ...sampleEvents.ActionPointAmended,
      data: { actionPointId: 'AP1', changes: { text: PERSON_AT_RISK }, reason: PERSON_AT_RISK },
    };
    expect(toIntegrationEvent(event)).toEqual({
      type: 'action-point.amended',
      version: 1,
      data: { actionPointId: 'AP1', changedFields: ['text'] },
    });
  });

  it('publishes instants in UTC whatever offset the domain was given', () => {
    const event = {
      ...sampleEvents.ReminderSent,
      data: { ...sampleEvents.ReminderSent.data, dueAt: '2026-05-31T09:00:00+07:00' },
    };
    expect(toIntegrationEvent(event).data).toMatchObject({ dueAt: '2026-05-31T02:00:00.000Z' });
  });

  it('refuses an id the contract does not allow, without quoting it', () => {
    const event = { ...sampleEvents.ActionPointAgreed, data: { actionPointId: 'AP/Canary' } };
    expect(() => toIntegrationEvent(event)).toThrow(IntegrationEventMappingError);
    expect(() => toIntegrationEvent(event)).toThrow(/ActionPointAgreed .* action-point\.agreed v1: actionPointId/);
    expect(() => toIntegrationEvent(event)).not.toThrow(/Canary/);
  });

  it('refuses a code the reference data does not know', () => {
    const { terms } = sampleEvents.ActionPointProposed.data;
    const event = {
      ...sampleEvents.ActionPointProposed,
      data: { ...sampleEvents.ActionPointProposed.data, terms: { ...terms, themes: ['IX.Z'] } },
    };
    expect(() => toIntegrationEvent(event)).toThrow(/themes\.0/);
  });

  it('handles any mix of domain events (property)', () => {
    fc.assert(
      fc.property(fc.array(domainEvent, { maxLength: 5 }), (events) => {
        for (const event of events) expect(toIntegrationEvent(event).version).toBe(1);
      }),
      { numRuns: 50 },
    );
  });
});
