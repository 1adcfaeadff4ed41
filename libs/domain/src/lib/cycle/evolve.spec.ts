import fc from 'fast-check';
import { givenCommands, meta, TEST_CYCLE_ID } from '../../testing/decider-spec';
import { proposeActionPoint, scheduleRound, startCycle, withAgreedActionPoint } from '../../testing/fixtures';
import type { ActionPointTerms, CycleCommand } from './commands';
import { cycleTypes, type CommandMetadata } from './cycle-types';
import { decide } from './decide';
import { initialState } from './decider';
import type { CycleEvent, CycleEventType } from './events';
import { evolve, foldEvents } from './evolve';
import { pendingReminders } from './reminders';
import type { CycleState } from './state';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('evolve', () => {
  const { events } = givenCommands([
    ...withAgreedActionPoint(),
    [
      {
        type: 'AmendActionPoint',
        actionPointId: 'AP1',
        changes: { deadline: '2026-07-31', themes: ['I.C', 'II.C'] },
        reason: 'x',
      },
      meta('2026-03-01T00:00:00.000Z'),
    ],
    [
      {
        type: 'ReportProgress',
        actionPointId: 'AP1',
        reportId: 'P1',
        text: 'Progress',
        evidenceLinks: ['https://example.org/1'],
        reportedOn: '2026-03-02',
      },
      meta('2026-03-03T00:00:00.000Z', { userId: 'del-kh', role: 'DELEGATION' }),
    ],
    scheduleRound('R2', '2027-01-15'),
    { type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-01' },
    { type: 'CloseRound', roundId: 'R1', nextRoundId: 'R2' },
  ]);

  it('folds a history into the cycle state', () => {
    const state = foldEvents(TEST_CYCLE_ID, events);
    expect(state).toEqual({
      cycleId: TEST_CYCLE_ID,
      version: events.length,
      started: true,
      status: 'ACTIVE',
      cycleType: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: 'EU-Cambodia human rights dialogue',
      timeZone: 'Asia/Phnom_Penh',
      reminderPolicy: expect.objectContaining({ localTime: '09:00' }),
      rounds: {
        R1: { roundId: 'R1', date: '2026-02-01', heldOn: '2026-02-01', status: 'CLOSED' },
        R2: { roundId: 'R2', date: '2027-01-15', status: 'SCHEDULED' },
      },
      roundOrder: ['R1', 'R2'],
      actionPoints: {
        AP1: {
          actionPointId: 'AP1',
          roundId: 'R2',
          originalRoundId: 'R1',
          roundsCarried: 1,
          status: 'IN_PROGRESS',
          text: 'Release the detained human-rights defenders',
          owner: 'PARTNER',
          deadline: '2026-07-31',
          priority: 'HIGH',
          themes: ['I.C', 'II.C'],
          conventions: ['ICCPR'],
          unReferences: [],
          progress: [
            {
              reportId: 'P1',
              text: 'Progress',
              evidenceLinks: ['https://example.org/1'],
              reportedOn: '2026-03-02',
              reportedAt: '2026-03-03T00:00:00.000Z',
              reportedBy: 'del-kh',
            },
          ],
          deadlineSetAt: '2026-03-01T00:00:00.000Z',
          proposedAt: '2026-02-01T10:00:00.000Z',
        },
      },
      remindersSent: [],
    });
  });

  it('does not mutate the state or the event it is given', () => {
    let state = initialState(TEST_CYCLE_ID);
    for (const event of events) {
      const before = clone(state);
      const eventBefore = clone(event);
      state = evolve(deepFreeze(state), deepFreeze(event));
      expect(clone(event)).toEqual(eventBefore);
      expect(state).not.toBe(before);
    }
  });

  it('keeps state and history apart: changing the state does not change the events', () => {
    const history = givenCommands([startCycle(), scheduleRound(), proposeActionPoint()]).events;
    const state = foldEvents(TEST_CYCLE_ID, history);
    state.actionPoints['AP1'].themes.push('V.B');
    state.reminderPolicy?.beforeDeadline.pop();
    expect(foldEvents(TEST_CYCLE_ID, history)).not.toEqual(state);
  });

  it('advances the version on an event it does not know, changing nothing else', () => {
    const state = foldEvents(TEST_CYCLE_ID, events);
    const future = { ...events[0], type: 'SomethingNew', sequence: state.version + 1 } as unknown as CycleEvent;
    expect(evolve(state, future)).toEqual({ ...state, version: state.version + 1 });
  });
});

// ---- property: generated command sequences ----

const ZONES = ['Europe/Brussels', 'America/Santiago', 'Pacific/Chatham', 'Asia/Phnom_Penh', 'UTC'];
// Few ids and mostly plausible dates, so that generated commands often meet (and sometimes clash).
const roundIds = fc.constantFrom('R1', 'R2', 'R3');
const apIds = fc.constantFrom('AP1', 'AP2', 'AP3');
const dayOffset = fc.integer({ min: -30, max: 500 });
const dateFrom = (offset: number) =>
  new Date(Date.parse('2026-01-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
const dateArb = dayOffset.map(dateFrom);
const roundDateArb = fc.integer({ min: 0, max: 90 }).map(dateFrom);
const deadlineArb = fc.integer({ min: 40, max: 500 }).map(dateFrom);

/** A step is a command, or "send the earliest pending reminder" (its key is only known at run time). */
type GeneratedStep = { command: CycleCommand } | { sendNextReminder: true };

const commandArb: fc.Arbitrary<CycleCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('ScheduleRound' as const), roundId: roundIds, date: roundDateArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('RecordRoundHeld' as const), roundId: roundIds, heldOn: roundDateArb }),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        actionPointId: apIds,
        roundId: roundIds,
        deadline: fc.oneof({ weight: 9, arbitrary: deadlineArb }, { weight: 1, arbitrary: dateArb }),
        themes: fc.oneof(
          { weight: 9, arbitrary: fc.subarray(['I.C', 'II.A', 'III.D'], { minLength: 1 }) },
          { weight: 1, arbitrary: fc.constant<string[]>(['I.Z']) },
        ),
      })
      .map((p) => proposeActionPoint(p.actionPointId, p)),
  },
  { weight: 5, arbitrary: apIds.map((actionPointId): CycleCommand => ({ type: 'AgreeActionPoint', actionPointId })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        actionPointId: apIds,
        changes: fc.oneof(
          deadlineArb.map((deadline): Partial<ActionPointTerms> => ({ deadline })),
          fc.constantFrom<Partial<ActionPointTerms>>({ priority: 'LOW' }, { text: 'Reworded' }, { themes: ['II.A'] }),
        ),
      })
      .map((a): CycleCommand => ({ type: 'AmendActionPoint', ...a, reason: 'Agreed at the follow-up call' })),
  },
  {
    weight: 1,
    arbitrary: apIds.map(
      (actionPointId): CycleCommand => ({ type: 'WithdrawActionPoint', actionPointId, reason: 'Superseded' }),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ actionPointId: apIds, reportId: fc.constantFrom('P1', 'P2'), reportedOn: dateArb }).map(
      (r): CycleCommand => ({
        type: 'ReportProgress',
        ...r,
        text: 'Some progress',
        evidenceLinks: ['https://example.org/x'],
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        actionPointId: apIds,
        assessment: fc.constantFrom('COMPLETED' as const, 'PARTIALLY_COMPLETED' as const, 'NOT_COMPLETED' as const),
      })
      .map((a): CycleCommand => ({ type: 'AssessActionPoint', ...a })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ roundId: roundIds, nextRoundId: fc.option(roundIds, { nil: undefined }) }).map(
      (c): CycleCommand => ({
        type: 'CloseRound',
        roundId: c.roundId,
        ...(c.nextRoundId ? { nextRoundId: c.nextRoundId } : {}),
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        stage: fc.constantFrom(
          'LIST_OF_ISSUES_SENT' as const,
          'REPLIES_RECEIVED' as const,
          'MONITORING_MISSION_HELD' as const,
        ),
        on: dayOffset,
        repliesDueIn: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
      })
      .map(
        (g): CycleCommand => ({
          type: 'RecordGspStage',
          stage: g.stage,
          on: dateFrom(g.on),
          ...(g.repliesDueIn !== undefined && g.stage === 'LIST_OF_ISSUES_SENT'
            ? { repliesDueOn: dateFrom(g.on + g.repliesDueIn) }
            : {}),
        }),
      ),
  },
  { weight: 1, arbitrary: dateArb.map((initiatedOn): CycleCommand => ({ type: 'InitiateWithdrawal', initiatedOn })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ decidedOn: dateArb, withdrawn: fc.boolean() })
      .map((d): CycleCommand => ({ type: 'RecordWithdrawalDecision', ...d })),
  },
  { weight: 1, arbitrary: fc.constant<CycleCommand>({ type: 'CloseCycle' }) },
);

const stepArb: fc.Arbitrary<GeneratedStep> = fc.oneof(
  { weight: 6, arbitrary: commandArb.map((command) => ({ command })) },
  { weight: 2, arbitrary: fc.constant({ sendNextReminder: true as const }) },
);

const scenarioArb = fc.record({
  cycleType: fc.constantFrom(...cycleTypes),
  timeZone: fc.constantFrom(...ZONES),
  steps: fc.array(fc.record({ step: stepArb, hoursLater: fc.integer({ min: 0, max: 24 * 20 }) }), {
    minLength: 5,
    maxLength: 80,
    size: 'max',
  }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs generated steps through decide/evolve, as the workflow does; returns every accepted event. */
function runScenario(scenario: Scenario): CycleEvent[] {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const metadataAt = (ms: number): CommandMetadata => meta(new Date(ms).toISOString());
  let state = initialState(TEST_CYCLE_ID);
  const events: CycleEvent[] = [];
  const apply = (command: CycleCommand, metadata: CommandMetadata) => {
    const decision = decide(state, command, metadata);
    if (!decision.accepted) return;
    for (const event of decision.events) state = evolve(state, event);
    events.push(...decision.events);
  };
  apply(startCycle({ cycleType: scenario.cycleType, timeZone: scenario.timeZone }), metadataAt(now));
  for (const { step, hoursLater } of scenario.steps) {
    now += hoursLater * 3_600_000;
    if ('command' in step) {
      apply(step.command, metadataAt(now));
    } else {
      const next = pendingReminders(state)[0];
      if (next) {
        now = Math.max(now, Date.parse(next.dueAt));
        apply({ type: 'SendReminder', reminderKey: next.reminderKey }, metadataAt(now));
      }
    }
  }
  return events;
}

describe('property: generated valid command sequences', () => {
  const seenTypes = new Set<CycleEventType>();

  afterAll(() => {
    // The generator reaches the interesting parts of the model, not just StartCycle.
    expect([...seenTypes].sort()).toEqual(
      expect.arrayContaining([
        'ActionPointAgreed',
        'ActionPointAssessed',
        'ActionPointCarriedOver',
        'ProgressReported',
        'ReminderSent',
        'RoundClosed',
        'GspStageRecorded',
        'ActionPointAmended',
      ]),
    );
  });

  it('folding one event at a time equals foldEvents; the version is the last sequence; evolve never mutates', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const events = runScenario(scenario);
        events.forEach((e) => seenTypes.add(e.type));
        expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));

        let state: CycleState = deepFreeze(initialState(TEST_CYCLE_ID));
        for (const event of events) {
          const before = clone(state);
          state = deepFreeze(evolve(state, deepFreeze(clone(event))));
          expect(state.version).toBe(event.sequence);
          expect(clone(before)).toEqual(before);
        }
        const folded = foldEvents(TEST_CYCLE_ID, events);
        expect(state).toEqual(folded);
        expect(folded.version).toBe(events.length === 0 ? 0 : events[events.length - 1].sequence);
        // Plain JSON: it survives continue-as-new and queries unchanged.
        expect(clone(folded)).toEqual(folded);

        // Invariants a desk officer relies on.
        for (const ap of Object.values(folded.actionPoints)) {
          const round = folded.rounds[ap.roundId];
          expect(round).toBeDefined();
          if (['PROPOSED', 'AGREED', 'IN_PROGRESS'].includes(ap.status)) expect(round.status).not.toBe('CLOSED');
          expect(ap.roundsCarried).toBeGreaterThanOrEqual(0);
        }
        expect(new Set(folded.remindersSent).size).toBe(folded.remindersSent.length);
      }),
      { numRuns: 300 },
    );
  });
});
