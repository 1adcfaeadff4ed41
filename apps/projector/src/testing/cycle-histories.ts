import { encodeCycleLogRecord } from '@suivi/contracts';
import {
  decide,
  evolve,
  initialState,
  pendingReminders,
  type Actor,
  type ActionPointTerms,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
  type CycleType,
} from '@suivi/domain';

/**
 * Realistic event histories for the projector's tests: commands go through the domain's
 * `decide`, so every event is one the worker could publish.
 */
export class CycleHistory {
  state: CycleState;
  readonly events: CycleEvent[] = [];
  private commands = 0;

  constructor(readonly cycleId: string) {
    this.state = initialState(cycleId);
  }

  /** Runs a command at `issuedAt`; throws if the domain rejects it (a broken fixture). */
  run(command: CycleCommand, issuedAt: string, actor: Actor = deskOfficer): CycleEvent[] {
    this.commands += 1;
    const decision = decide(this.state, command, {
      commandId: `${this.cycleId}-cmd-${this.commands}`,
      actor,
      issuedAt,
    });
    if (!decision.accepted) {
      throw new Error(`fixture command ${command.type} rejected: ${decision.error.code} ${decision.error.message}`);
    }
    for (const event of decision.events) this.state = evolve(this.state, event);
    this.events.push(...decision.events);
    return decision.events;
  }

  /** Sends every reminder due by `at`, as the workflow's timer would. */
  sendDueReminders(at: string): CycleEvent[] {
    const due = pendingReminders(this.state).filter((r) => r.dueAt <= at);
    return due.flatMap((r) => this.run({ type: 'SendReminder', reminderKey: r.reminderKey }, at, system));
  }
}

export const deskOfficer: Actor = { userId: 'desk-kh', role: 'DESK_OFFICER' };
export const delegation: Actor = { userId: 'delegation-kh', role: 'DELEGATION' };
export const reviewer: Actor = { userId: 'reviewer-hq', role: 'REVIEWER' };
export const system: Actor = { userId: 'system', role: 'SYSTEM' };

export const terms = (overrides: Partial<ActionPointTerms> = {}): ActionPointTerms => ({
  text: 'Release the detained human-rights defenders',
  owner: 'PARTNER',
  deadline: '2026-06-30',
  priority: 'HIGH',
  themes: ['I.C'],
  conventions: ['ICCPR'],
  unReferences: [],
  ...overrides,
});

/**
 * A dialogue through two rounds: action points proposed, agreed, amended, reported on,
 * reminded, escalated, assessed, withdrawn and carried over; then the cycle is closed.
 */
export function dialogueHistory(cycleId: string, country = 'KH'): CycleHistory {
  const h = new CycleHistory(cycleId);
  h.run(
    {
      type: 'StartCycle',
      cycleId,
      cycleType: 'HUMAN_RIGHTS_DIALOGUE',
      country,
      title: 'EU-Cambodia human rights dialogue',
      timeZone: 'Asia/Phnom_Penh',
    },
    '2026-01-10T09:00:00.000Z',
  );
  h.run({ type: 'ScheduleRound', roundId: 'R1', date: '2026-02-01', title: 'Round 1' }, '2026-01-11T09:00:00.000Z');
  h.run({ type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-02' }, '2026-02-03T09:00:00.000Z');
  h.run({ type: 'ProposeActionPoint', actionPointId: 'AP1', roundId: 'R1', ...terms() }, '2026-02-03T10:00:00.000Z');
  h.run(
    {
      type: 'ProposeActionPoint',
      actionPointId: 'AP2',
      roundId: 'R1',
      ...terms({ text: 'Publish the prison census', owner: 'EU', priority: 'LOW', themes: ['I.D'], conventions: [] }),
    },
    '2026-02-03T10:05:00.000Z',
  );
  h.run(
    {
      type: 'ProposeActionPoint',
      actionPointId: 'AP3',
      roundId: 'R1',
      ...terms({ text: 'Ratify the optional protocol', owner: 'JOINT', deadline: '2026-12-31', themes: ['III.A'] }),
    },
    '2026-02-03T10:10:00.000Z',
  );
  h.run({ type: 'AgreeActionPoint', actionPointId: 'AP1' }, '2026-02-04T09:00:00.000Z');
  h.run({ type: 'AgreeActionPoint', actionPointId: 'AP2' }, '2026-02-04T09:01:00.000Z');
  h.run({ type: 'AgreeActionPoint', actionPointId: 'AP3' }, '2026-02-04T09:02:00.000Z');
  h.run(
    { type: 'AmendActionPoint', actionPointId: 'AP2', changes: { deadline: '2026-05-31' }, reason: 'Census delayed' },
    '2026-02-05T09:00:00.000Z',
  );
  h.run(
    {
      type: 'ReportProgress',
      actionPointId: 'AP1',
      reportId: 'P1',
      text: 'Two of the five defenders were released',
      evidenceLinks: ['https://example.org/press-release'],
      reportedOn: '2026-03-01',
    },
    '2026-03-02T09:00:00.000Z',
    delegation,
  );
  h.sendDueReminders('2026-07-15T09:00:00.000Z');
  h.run(
    { type: 'AssessActionPoint', actionPointId: 'AP2', assessment: 'PARTIALLY_COMPLETED' },
    '2026-07-16T09:00:00.000Z',
    reviewer,
  );
  h.run({ type: 'ScheduleRound', roundId: 'R2', date: '2027-02-01' }, '2026-07-20T09:00:00.000Z');
  h.run({ type: 'CloseRound', roundId: 'R1', nextRoundId: 'R2' }, '2026-07-21T09:00:00.000Z');
  h.run({ type: 'WithdrawActionPoint', actionPointId: 'AP3', reason: 'Superseded' }, '2026-07-22T09:00:00.000Z');
  h.run(
    { type: 'AssessActionPoint', actionPointId: 'AP1', assessment: 'COMPLETED' },
    '2026-07-23T09:00:00.000Z',
    reviewer,
  );
  h.run({ type: 'CloseCycle', reason: 'Dialogue suspended' }, '2026-07-24T09:00:00.000Z');
  return h;
}

/** A GSP+ monitoring cycle with its stages, one of them setting the replies due date. */
export function gspHistory(cycleId: string, cycleType: CycleType = 'GSP_PLUS_MONITORING'): CycleHistory {
  const h = new CycleHistory(cycleId);
  h.run(
    {
      type: 'StartCycle',
      cycleId,
      cycleType,
      country: 'LK',
      title: 'GSP+ monitoring Sri Lanka',
      timeZone: 'Asia/Colombo',
    },
    '2026-01-10T09:00:00.000Z',
  );
  h.run(
    { type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-01-15', repliesDueOn: '2026-03-15' },
    '2026-01-15T09:00:00.000Z',
  );
  h.run({ type: 'RecordGspStage', stage: 'REPLIES_RECEIVED', on: '2026-03-10' }, '2026-03-10T09:00:00.000Z');
  h.run({ type: 'CancelCycle', reason: 'Preferences suspended' }, '2026-04-01T09:00:00.000Z');
  return h;
}

/** A GSP withdrawal procedure, initiated and decided. */
export function withdrawalHistory(cycleId: string): CycleHistory {
  const h = new CycleHistory(cycleId);
  h.run(
    {
      type: 'StartCycle',
      cycleId,
      cycleType: 'GSP_WITHDRAWAL_PROCEDURE',
      country: 'KH',
      title: 'EBA withdrawal procedure Cambodia',
      timeZone: 'Asia/Phnom_Penh',
    },
    '2019-02-01T09:00:00.000Z',
  );
  h.run({ type: 'InitiateWithdrawal', initiatedOn: '2019-02-12' }, '2019-02-12T09:00:00.000Z');
  h.run({ type: 'RecordWithdrawalDecision', decidedOn: '2020-02-12', withdrawn: true }, '2020-02-12T09:00:00.000Z');
  return h;
}

export const CASE_REF = 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d';

/** A dialogue whose action point concerns a person at risk; the case is erased after the cycle was cancelled. */
export function individualCaseHistory(cycleId: string): CycleHistory {
  const h = new CycleHistory(cycleId);
  h.run(
    {
      type: 'StartCycle',
      cycleId,
      cycleType: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'VN',
      title: 'EU-Viet Nam human rights dialogue',
      timeZone: 'Asia/Ho_Chi_Minh',
    },
    '2026-01-10T09:00:00.000Z',
  );
  h.run({ type: 'ScheduleRound', roundId: 'R1', date: '2026-02-01' }, '2026-01-11T09:00:00.000Z');
  h.run({ type: 'ProposeActionPoint', actionPointId: 'AP1', roundId: 'R1', ...terms() }, '2026-02-03T10:00:00.000Z');
  h.run({ type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef: CASE_REF }, '2026-02-03T10:01:00.000Z');
  h.run({ type: 'CancelCycle', reason: 'Dialogue suspended' }, '2026-03-01T09:00:00.000Z');
  h.run({ type: 'EraseIndividualCase', actionPointId: 'AP1', caseRef: CASE_REF }, '2026-04-01T09:00:00.000Z', reviewer);
  return h;
}

/** The cycle log record the worker publishes for an event (@suivi/contracts). */
export const cycleLogMessage = encodeCycleLogRecord;
