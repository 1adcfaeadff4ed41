import { ApplicationFailure } from '@temporalio/common';
import { DOMAIN_REJECTION, type CommandRequest } from '@suivi/cycle-workflow-api';
import {
  evolve,
  initialState,
  type CommandMetadata,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
} from '@suivi/domain';
import { CycleCommands } from './cycle-commands';

const metadata = (n: number): CommandMetadata => ({
  commandId: `cmd-${n}`,
  actor: { userId: 'desk-kh', role: 'DESK_OFFICER' },
  issuedAt: '2026-03-02T08:00:00.000Z',
});
const start: CycleCommand = {
  type: 'StartCycle',
  cycleId: 'KH-HRD-2026',
  cycleType: 'HUMAN_RIGHTS_DIALOGUE',
  country: 'KH',
  title: 'EU-Cambodia human rights dialogue',
  timeZone: 'Asia/Phnom_Penh',
};
const scheduleRound = (roundId: string): CycleCommand => ({ type: 'ScheduleRound', roundId, date: '2026-03-10' });
const request = (command: CycleCommand, extra: Partial<CommandRequest> = {}): CommandRequest => ({
  command,
  metadata: metadata(Math.random()),
  ...extra,
});

function setUp() {
  let state: CycleState = initialState('KH-HRD-2026');
  const applied: CycleEvent[][] = [];
  const commands = new CycleCommands({
    state: () => state,
    apply: (events) => {
      applied.push(events);
      for (const event of events) state = evolve(state, event);
    },
  });
  commands.start({ command: start as never, metadata: metadata(0) });
  applied.length = 0;
  return { commands, applied, state: () => state };
}

/** The refusal a client receives: its type and the domain error's code. */
function refusal(run: () => unknown): { type?: string; code?: string; nonRetryable?: boolean } {
  try {
    run();
  } catch (error) {
    const failure = error as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    return {
      type: failure.type ?? undefined,
      code: (failure.details?.[0] as { code?: string })?.code,
      nonRetryable: failure.nonRetryable ?? undefined,
    };
  }
  throw new Error('expected a refusal');
}

describe('CycleCommands', () => {
  it('applies the start command and its follow-ups, in order, all or none', () => {
    const applied: CycleEvent[][] = [];
    let state: CycleState = initialState('KH-HRD-2026');
    const commands = new CycleCommands({
      state: () => state,
      apply: (events) => {
        applied.push(events);
        for (const event of events) state = evolve(state, event);
      },
    });
    commands.start({
      command: start as never,
      metadata: metadata(0),
      then: [{ command: scheduleRound('R1'), metadata: metadata(1) }],
    });
    expect(applied.map((events) => events.map((e) => e.type))).toEqual([['CycleStarted'], ['RoundScheduled']]);
    expect(state.version).toBe(2);
  });

  it('refuses in the validator, applying nothing: a domain refusal, a stale version, a system command', () => {
    const { commands, applied, state } = setUp();
    const before = state();
    expect(refusal(() => commands.validate(request({ type: 'AgreeActionPoint', actionPointId: 'NOPE' })))).toEqual(
      expect.objectContaining({ type: DOMAIN_REJECTION, nonRetryable: true }),
    );
    expect(refusal(() => commands.validate(request(scheduleRound('R1'), { expectedVersion: 7 })))).toEqual({
      type: DOMAIN_REJECTION,
      code: 'VERSION_CONFLICT',
      nonRetryable: true,
    });
    expect(refusal(() => commands.validate(request({ type: 'SendReminder', reminderKey: 'ap:AP1' })))).toEqual({
      type: DOMAIN_REJECTION,
      code: 'SYSTEM_COMMAND',
      nonRetryable: true,
    });
    expect(applied).toEqual([]);
    expect(state()).toBe(before);
  });

  it('applies what the validator decided and answers with the new version and the events', () => {
    const { commands, applied } = setUp();
    const r = request(scheduleRound('R1'), { expectedVersion: 1 });
    commands.validate(r);
    expect(applied).toEqual([]);
    const result = commands.execute(r);
    expect(result.version).toBe(2);
    expect(result.events.map((e) => [e.type, e.sequence])).toEqual([['RoundScheduled', 2]]);
    expect(applied).toEqual([result.events]);
  });

  it('decides again when the handler runs without its validator (replay) or on a state that moved since', () => {
    const { commands, state } = setUp();
    // Replay: validators do not run.
    expect(commands.execute(request(scheduleRound('R1'))).version).toBe(2);
    // Validated on version 2, but another command landed in between: the handler decides on version 3.
    const late = request(scheduleRound('R3'));
    commands.validate(late);
    commands.execute(request(scheduleRound('R2')));
    const result = commands.execute(late);
    expect(result.events.map((e) => e.sequence)).toEqual([4]);
    expect(state().version).toBe(4);
  });

  it('refuses in the handler too, when deciding again on replay rejects the command', () => {
    const { commands, applied } = setUp();
    commands.execute(request(scheduleRound('R1')));
    applied.length = 0;
    expect(refusal(() => commands.execute(request(scheduleRound('R1'))))).toEqual(
      expect.objectContaining({ type: DOMAIN_REJECTION }),
    );
    expect(applied).toEqual([]);
  });
});
