import {
  decideAndEvolve,
  initialState,
  pendingReminders,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
} from '@suivi/domain';
import { PERSON_AT_RISK } from './sample-events';

/** A command, or one computed from the state, optionally with its own instant. */
type Step = CycleCommand | ((state: CycleState) => CycleCommand | { command: CycleCommand; issuedAt: string });

/** Runs commands through the real domain decider and returns the events it recorded (fails on a rejection). */
export function eventsOf(cycleId: string, steps: Step[], issuedAt = '2026-02-02T10:00:00.000Z'): CycleEvent[] {
  let state = initialState(cycleId);
  const events: CycleEvent[] = [];
  steps.forEach((step, i) => {
    const computed = typeof step === 'function' ? step(state) : step;
    const { command, at } =
      'command' in computed
        ? { command: computed.command, at: computed.issuedAt }
        : { command: computed, at: issuedAt };
    const metadata = {
      commandId: `cmd-${i + 1}`,
      actor: { userId: 'desk-kh', role: 'DESK_OFFICER' as const },
      issuedAt: at,
    };
    const result = decideAndEvolve(state, command, metadata);
    if (!result.decision.accepted) {
      throw new Error(`${command.type} rejected: ${result.decision.error.code} ${result.decision.error.message}`);
    }
    events.push(...result.decision.events);
    state = result.state;
  });
  return events;
}

const terms = {
  text: PERSON_AT_RISK,
  owner: 'PARTNER' as const,
  deadline: '2026-06-30',
  priority: 'HIGH' as const,
  themes: ['I.C'],
  conventions: ['ICCPR'],
  unReferences: [{ mechanism: 'UPR' as const, text: `UPR / ${PERSON_AT_RISK}` }],
};

/** Three cycles that, between them, record every type of domain event. */
export function scenarioEvents(): CycleEvent[] {
  const dialogue = eventsOf('KH-HRD-2026', [
    {
      type: 'StartCycle',
      cycleId: 'KH-HRD-2026',
      cycleType: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: `Dialogue about ${PERSON_AT_RISK}`,
      timeZone: 'Asia/Phnom_Penh',
    },
    { type: 'ScheduleRound', roundId: 'R1', date: '2026-02-01', title: PERSON_AT_RISK },
    { type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-01' },
    { type: 'ProposeActionPoint', actionPointId: 'AP1', roundId: 'R1', ...terms },
    { type: 'ProposeActionPoint', actionPointId: 'AP2', roundId: 'R1', ...terms },
    { type: 'ProposeActionPoint', actionPointId: 'AP3', roundId: 'R1', ...terms },
    { type: 'AgreeActionPoint', actionPointId: 'AP1' },
    { type: 'AgreeActionPoint', actionPointId: 'AP3' },
    { type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef: 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d' },
    {
      type: 'AmendActionPoint',
      actionPointId: 'AP1',
      changes: { text: `${PERSON_AT_RISK} and her lawyer`, priority: 'MEDIUM', deadline: '2026-07-31' },
      reason: `Asked by ${PERSON_AT_RISK}`,
    },
    { type: 'WithdrawActionPoint', actionPointId: 'AP2', reason: `${PERSON_AT_RISK} was released` },
    {
      type: 'ReportProgress',
      actionPointId: 'AP1',
      reportId: 'P1',
      text: `${PERSON_AT_RISK} seen by her lawyer`,
      evidenceLinks: ['https://example.org/canary'],
      reportedOn: '2026-02-02',
    },
    { type: 'AssessActionPoint', actionPointId: 'AP1', assessment: 'COMPLETED', comment: PERSON_AT_RISK },
    { type: 'ScheduleRound', roundId: 'R2', date: '2026-09-01' },
    { type: 'CloseRound', roundId: 'R1', nextRoundId: 'R2' },
    (state) => {
      const [first] = pendingReminders(state);
      return { command: { type: 'SendReminder', reminderKey: first.reminderKey }, issuedAt: first.dueAt };
    },
    { type: 'WithdrawActionPoint', actionPointId: 'AP3', reason: 'Superseded' },
    { type: 'CloseCycle', reason: `${PERSON_AT_RISK} case closed` },
    // Erasure is the one change a closed cycle accepts.
    { type: 'EraseIndividualCase', actionPointId: 'AP1', caseRef: 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d' },
  ]);
  const monitoring = eventsOf('LK-GSP-2026', [
    {
      type: 'StartCycle',
      cycleId: 'LK-GSP-2026',
      cycleType: 'GSP_PLUS_MONITORING',
      country: 'LK',
      title: 'GSP+ monitoring',
      timeZone: 'Asia/Colombo',
    },
    { type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-02-01', repliesDueOn: '2026-04-01' },
    { type: 'CancelCycle', reason: `Threats against ${PERSON_AT_RISK}` },
  ]);
  const withdrawal = eventsOf(
    'KH-WD-2026',
    [
      {
        type: 'StartCycle',
        cycleId: 'KH-WD-2026',
        cycleType: 'GSP_WITHDRAWAL_PROCEDURE',
        country: 'KH',
        title: 'Withdrawal procedure',
        timeZone: 'Asia/Phnom_Penh',
      },
      { type: 'InitiateWithdrawal', initiatedOn: '2026-02-01' },
      { type: 'RecordWithdrawalDecision', decidedOn: '2027-02-01', withdrawn: true },
    ],
    '2027-02-02T10:00:00.000Z',
  );
  return [...dialogue, ...monitoring, ...withdrawal];
}
