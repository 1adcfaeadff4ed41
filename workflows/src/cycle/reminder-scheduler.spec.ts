import {
  decide,
  evolve,
  initialState,
  nextPendingReminder,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
} from '@suivi/domain';
import { FakeWorkflowClock } from '../testing/fake-workflow-clock';
import { REMINDER_EARLY_WAKE_MS, ReminderScheduler } from './reminder-scheduler';
import type { WorkflowClock } from './workflow-clock';

const HOUR = 3600_000;
const TIME_ZONE = 'Asia/Phnom_Penh'; // UTC+7: 09:00 there is 02:00Z
const START = Date.parse('2026-03-02T08:00:00.000Z');
const DEADLINE = '2026-04-02';

type Sent = Extract<CycleEvent, { type: 'ReminderSent' }>;

/** A cycle with one round and agreed action points due on DEADLINE, its state driven by the real domain. */
function setUp(actionPoints = ['AP1'], clock: WorkflowClock = new FakeWorkflowClock(START)) {
  let state: CycleState = initialState('KH-HRD-2026');
  const sent: Sent[] = [];
  const refused: string[] = [];
  const run = (command: CycleCommand) => {
    const decision = decide(state, command, {
      commandId: `cmd-${state.version}`,
      actor: { userId: 'desk-kh', role: 'DESK_OFFICER' },
      issuedAt: new Date(clock.now()).toISOString(),
    });
    if (!decision.accepted) throw new Error(decision.error.message);
    for (const event of decision.events) state = evolve(state, event);
  };
  run({
    type: 'StartCycle',
    cycleId: 'KH-HRD-2026',
    cycleType: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'KH',
    title: 'EU-Cambodia human rights dialogue',
    timeZone: TIME_ZONE,
  });
  run({ type: 'ScheduleRound', roundId: 'R1', date: '2026-03-02' });
  for (const actionPointId of actionPoints) {
    run({
      type: 'ProposeActionPoint',
      actionPointId,
      roundId: 'R1',
      text: 'Release detained human-rights defenders',
      owner: 'PARTNER',
      deadline: DEADLINE,
      priority: 'HIGH',
      themes: ['I.C'],
      conventions: ['ICCPR'],
      unReferences: [],
    });
    run({ type: 'AgreeActionPoint', actionPointId });
  }
  const finished = () => state.status === 'CLOSED' || state.status === 'CANCELLED';
  const scheduler = new ReminderScheduler({
    clock,
    state: () => state,
    active: () => !finished(),
    sent: (events) => {
      for (const event of events) state = evolve(state, event);
      sent.push(...(events as Sent[]));
    },
    refused: (reminderKey, reason) => refused.push(`${reminderKey} ${reason}`),
  });
  return { scheduler, sent, refused, run, state: () => state };
}

/** The workflow's own loop around the scheduler (cycle.workflow.ts), until `stop`. */
function loop(scheduler: ReminderScheduler) {
  let stopped = false;
  const running = (async () => {
    while (!stopped) if ((await scheduler.wait(() => stopped)) === false) scheduler.sendDue();
  })();
  return { stop: () => (stopped = true), running };
}

describe('ReminderScheduler', () => {
  it('keeps one timer, for the earliest reminder, waking 2 s early and waiting the rest from a fresh task', async () => {
    const clock = new FakeWorkflowClock(START);
    const { scheduler, state } = setUp(['AP1'], clock);
    const first = nextPendingReminder(state());
    expect(first?.dueAt).toBe('2026-03-03T02:00:00.000Z'); // 30 days before, at 09:00 in Phnom Penh
    expect(scheduler.next()).toEqual(first);
    loop(scheduler);
    await clock.settle();
    const waitMs = Date.parse('2026-03-03T02:00:00.000Z') - START;
    expect(clock.timers()).toEqual([waitMs - REMINDER_EARLY_WAKE_MS]);
    await clock.advance(waitMs - REMINDER_EARLY_WAKE_MS);
    expect(clock.timers()).toEqual([REMINDER_EARLY_WAKE_MS]);
  });

  it('sends each reminder when due, in the cycle time zone, and moves its timer to the next one', async () => {
    const clock = new FakeWorkflowClock(START);
    const { scheduler, sent } = setUp(['AP1'], clock);
    loop(scheduler);
    await clock.settle();
    await clock.advance(20 * HOUR);
    expect(sent.map((e) => [e.data.offset, e.data.dueAt, e.occurredAt])).toEqual([
      ['P30D', '2026-03-03T02:00:00.000Z', '2026-03-03T02:00:00.000Z'],
    ]);
    // P14D: 2026-03-19 at 09:00 in Phnom Penh.
    expect(clock.timers()).toEqual([Date.parse('2026-03-19T02:00:00.000Z') - clock.now() - REMINDER_EARLY_WAKE_MS]);
    await clock.advance(90 * 24 * HOUR);
    expect(sent.map((e) => `${e.data.kind} ${e.data.offset}`)).toEqual([
      'BEFORE_DEADLINE P30D',
      'BEFORE_DEADLINE P14D',
      'BEFORE_DEADLINE P7D',
      'BEFORE_DEADLINE P1D',
      'ON_DEADLINE P0D',
      'ESCALATION P7D',
      'ESCALATION P30D',
    ]);
    expect(clock.timers()).toEqual([]);
  });

  it('sends every reminder due at the same instant in one go', async () => {
    const clock = new FakeWorkflowClock(START);
    const { scheduler, sent } = setUp(['AP1', 'AP2', 'AP3'], clock);
    loop(scheduler);
    await clock.settle();
    const tasksBefore = clock.currentTask();
    await clock.advance(20 * HOUR);
    expect(sent.map((e) => e.data.subject)).toHaveLength(3);
    expect(clock.currentTask() - tasksBefore).toBe(2); // the early wake, then the one that sent all three
  });

  it('replaces the timer when a command changes the schedule, and stops once the action point is closed', async () => {
    const clock = new FakeWorkflowClock(START);
    const { scheduler, sent, run } = setUp(['AP1'], clock);
    loop(scheduler);
    await clock.settle();
    await clock.activate(() =>
      run({
        type: 'AmendActionPoint',
        actionPointId: 'AP1',
        changes: { deadline: '2026-05-02' },
        reason: 'Agreed at the follow-up call',
      }),
    );
    expect(clock.timers()).toEqual([Date.parse('2026-04-02T02:00:00.000Z') - START - REMINDER_EARLY_WAKE_MS]);
    await clock.activate(() => run({ type: 'AssessActionPoint', actionPointId: 'AP1', assessment: 'COMPLETED' }));
    expect(clock.timers()).toEqual([]);
    expect(scheduler.next()).toBeUndefined();
    await clock.advance(120 * 24 * HOUR);
    expect(sent).toEqual([]);
  });

  it('sends nothing for a cycle that no longer chases deadlines, and waits until told to stop', async () => {
    const clock = new FakeWorkflowClock(START);
    const { scheduler, sent, run } = setUp(['AP1'], clock);
    const { stop, running } = loop(scheduler);
    await clock.settle();
    await clock.activate(() => run({ type: 'CancelCycle', reason: 'Dialogue suspended' }));
    expect(clock.timers()).toEqual([]);
    await clock.advance(120 * 24 * HOUR);
    expect(sent).toEqual([]);
    await clock.activate(stop);
    await expect(running).resolves.toBeUndefined();
  });

  it('skips a reminder the domain refuses, reporting it, rather than retrying it in a hot loop', async () => {
    const fake = new FakeWorkflowClock(START);
    // Once counting, the instant the command is issued at comes out a millisecond early: the domain says "not due".
    let nowCalls: number | undefined;
    const clock: WorkflowClock = {
      ...fake,
      now: () => fake.now() - (nowCalls !== undefined && ++nowCalls === 2 ? 1 : 0),
    };
    const { scheduler, sent, refused } = setUp(['AP1'], clock);
    await fake.advance(Date.parse('2026-03-03T02:00:00.000Z') - START);
    nowCalls = 0;
    scheduler.sendDue();
    expect(sent).toEqual([]);
    expect(refused).toEqual(['ap:AP1|2026-04-02|BEFORE_DEADLINE|P30D REMINDER_NOT_DUE']);
    expect(scheduler.next()?.reminderKey).toBe('ap:AP1|2026-04-02|BEFORE_DEADLINE|P14D');
  });
});
