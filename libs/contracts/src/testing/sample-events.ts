import type { CycleEvent, CycleEventOf, CycleEventType } from '@suivi/domain';

/** Free text of the kind that must never leave Suivi: it names a person at risk of reprisals. */
export const PERSON_AT_RISK = 'Release Ms Canary Person';
export const CYCLE_ID = 'KH-HRD-2026';

const envelope = (sequence: number) => ({
  cycleId: CYCLE_ID,
  sequence,
  occurredAt: '2026-02-01T10:00:00.000Z',
  actor: { userId: 'desk.officer.canary-person', role: 'DESK_OFFICER' as const },
  commandId: `cmd-${sequence}`,
});

const milestones = {
  initiatedOn: '2026-02-12',
  monitoringEndsOn: '2026-08-12',
  commissionReportDueOn: '2026-11-12',
  decisionDueOn: '2027-02-12',
  withdrawalTakesEffectOn: '2027-08-12',
};

/**
 * One event of each domain type, free text filled with PERSON_AT_RISK wherever the domain
 * allows text. Typed as a record over CycleEventType, so a new domain event type must be added here.
 */
export const sampleEvents: { [T in CycleEventType]: CycleEventOf<T> } = {
  CycleStarted: {
    type: 'CycleStarted',
    ...envelope(1),
    data: {
      cycleType: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: `${PERSON_AT_RISK} dialogue`,
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
  RoundScheduled: {
    type: 'RoundScheduled',
    ...envelope(2),
    data: { roundId: 'R1', date: '2026-02-01', title: `Round on ${PERSON_AT_RISK}` },
  },
  RoundHeld: { type: 'RoundHeld', ...envelope(3), data: { roundId: 'R1', heldOn: '2026-02-02' } },
  ActionPointProposed: {
    type: 'ActionPointProposed',
    ...envelope(4),
    data: {
      actionPointId: 'AP1',
      roundId: 'R1',
      terms: {
        text: PERSON_AT_RISK,
        owner: 'PARTNER',
        deadline: '2026-06-30',
        priority: 'HIGH',
        themes: ['I.C', 'I.D'],
        conventions: ['ICCPR', 'CAT'],
        unReferences: [
          { mechanism: 'UPR', text: `UPR / ${PERSON_AT_RISK}`, documentSymbol: 'A/HRC/55/12', paragraph: '141.23' },
          { mechanism: 'SPECIAL_PROCEDURE', text: `Communication about ${PERSON_AT_RISK}` },
          { mechanism: 'UPR', text: 'UPR / A/HRC/55/12 / 141.24' },
        ],
      },
    },
  },
  ActionPointAgreed: { type: 'ActionPointAgreed', ...envelope(5), data: { actionPointId: 'AP1' } },
  ActionPointAmended: {
    type: 'ActionPointAmended',
    ...envelope(6),
    data: {
      actionPointId: 'AP1',
      changes: {
        text: `${PERSON_AT_RISK} and her lawyer`,
        deadline: '2026-09-30',
        themes: ['I.C'],
        unReferences: [{ mechanism: 'TREATY_BODY', text: `CCPR about ${PERSON_AT_RISK}` }],
      },
      reason: `Asked by ${PERSON_AT_RISK}'s family`,
    },
  },
  ActionPointWithdrawn: {
    type: 'ActionPointWithdrawn',
    ...envelope(7),
    data: { actionPointId: 'AP2', reason: `${PERSON_AT_RISK} was released` },
  },
  ProgressReported: {
    type: 'ProgressReported',
    ...envelope(8),
    data: {
      actionPointId: 'AP1',
      reportId: 'P1',
      text: `${PERSON_AT_RISK}: hearing postponed`,
      evidenceLinks: ['https://example.org/canary-person', 'https://example.org/press'],
      reportedOn: '2026-03-01',
    },
  },
  ActionPointAssessed: {
    type: 'ActionPointAssessed',
    ...envelope(9),
    data: { actionPointId: 'AP1', assessment: 'PARTIALLY_COMPLETED', comment: `${PERSON_AT_RISK} still detained` },
  },
  ActionPointCarriedOver: {
    type: 'ActionPointCarriedOver',
    ...envelope(10),
    data: { actionPointId: 'AP1', fromRoundId: 'R1', toRoundId: 'R2', roundsCarried: 1 },
  },
  RoundClosed: {
    type: 'RoundClosed',
    ...envelope(11),
    data: { roundId: 'R1', carriedOver: ['AP1'], nextRoundId: 'R2' },
  },
  CycleClosed: { type: 'CycleClosed', ...envelope(12), data: { reason: `${PERSON_AT_RISK} case closed` } },
  CycleCancelled: { type: 'CycleCancelled', ...envelope(13), data: { reason: `Threats against ${PERSON_AT_RISK}` } },
  GspStageRecorded: {
    type: 'GspStageRecorded',
    ...envelope(14),
    data: { stage: 'LIST_OF_ISSUES_SENT', on: '2026-02-10', repliesDueOn: '2026-04-10' },
  },
  WithdrawalInitiated: { type: 'WithdrawalInitiated', ...envelope(15), data: { milestones } },
  WithdrawalDecisionRecorded: {
    type: 'WithdrawalDecisionRecorded',
    ...envelope(16),
    data: { decidedOn: '2027-02-12', withdrawn: true, milestones },
  },
  ReminderSent: {
    type: 'ReminderSent',
    ...envelope(17),
    actor: { userId: 'system', role: 'SYSTEM' },
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
    type: 'IndividualCaseAttached',
    ...envelope(18),
    data: { actionPointId: 'AP1', caseRef: 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d' },
  },
  IndividualCaseErased: {
    type: 'IndividualCaseErased',
    ...envelope(19),
    data: { actionPointId: 'AP1', caseRef: 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d' },
  },
};

export const allSampleEvents: CycleEvent[] = Object.values(sampleEvents);
