import fc from 'fast-check';
import { givenCommands, meta, type Step } from '../../testing/decider-spec';
import {
  agree,
  assess,
  proposeActionPoint,
  reportProgress,
  scheduleRound,
  startCycle,
  withAgreedActionPoint,
  withdraw,
} from '../../testing/fixtures';
import type { CycleCommand } from './commands';
import { decide } from './decide';
import { initialState } from './decider';
import { evolve } from './evolve';
import { describeReminder, nextPendingReminder, pendingReminders } from './reminders';

describe('pendingReminders', () => {
  // AP1: deadline 2026-06-30 in Phnom Penh (UTC+7, no DST), agreed on 2026-02-01: 09:00 local = 02:00Z.
  const ap1 = (kind: string, offset: string) => `ap:AP1|2026-06-30|${kind}|${offset}`;
  const fullSchedule = [
    { reminderKey: ap1('BEFORE_DEADLINE', 'P30D'), dueAt: '2026-05-31T02:00:00.000Z' },
    { reminderKey: ap1('BEFORE_DEADLINE', 'P14D'), dueAt: '2026-06-16T02:00:00.000Z' },
    { reminderKey: ap1('BEFORE_DEADLINE', 'P7D'), dueAt: '2026-06-23T02:00:00.000Z' },
    { reminderKey: ap1('BEFORE_DEADLINE', 'P1D'), dueAt: '2026-06-29T02:00:00.000Z' },
    { reminderKey: ap1('ON_DEADLINE', 'P0D'), dueAt: '2026-06-30T02:00:00.000Z' },
    { reminderKey: ap1('ESCALATION', 'P7D'), dueAt: '2026-07-07T02:00:00.000Z' },
    { reminderKey: ap1('ESCALATION', 'P30D'), dueAt: '2026-07-30T02:00:00.000Z' },
  ];
  const system = (issuedAt: string) => meta(issuedAt, { userId: 'suivi-reminders', role: 'SYSTEM' });

  it('lists nothing before the cycle starts, nor for a proposed action point', () => {
    expect(pendingReminders(initialState('x-1'))).toEqual([]);
    expect(pendingReminders(givenCommands([startCycle(), scheduleRound(), proposeActionPoint()]).state)).toEqual([]);
  });

  it('lists every step of the policy for an agreed action point, earliest first', () => {
    expect(pendingReminders(givenCommands(withAgreedActionPoint()).state)).toEqual(fullSchedule);
  });

  it('keeps reminding while the action point is in progress', () => {
    expect(pendingReminders(givenCommands([...withAgreedActionPoint(), reportProgress()]).state)).toEqual(fullSchedule);
  });

  it('leaves out the reminders already sent', () => {
    const state = givenCommands([
      ...withAgreedActionPoint(),
      [{ type: 'SendReminder', reminderKey: ap1('BEFORE_DEADLINE', 'P30D') }, system('2026-05-31T02:00:01.000Z')],
    ]).state;
    expect(pendingReminders(state)).toEqual(fullSchedule.slice(1));
  });

  it('skips the steps already past when the action point was agreed, rather than sending them late', () => {
    const state = givenCommands([
      startCycle(),
      scheduleRound(),
      proposeActionPoint(),
      [agree(), meta('2026-06-20T00:00:00.000Z')],
    ]).state;
    expect(pendingReminders(state)).toEqual(fullSchedule.slice(2));
  });

  it('reschedules when the deadline is amended: new keys, past steps skipped', () => {
    const state = givenCommands([
      ...withAgreedActionPoint(),
      [
        { type: 'AmendActionPoint', actionPointId: 'AP1', changes: { deadline: '2026-07-10' }, reason: 'Extended' },
        meta('2026-06-15T00:00:00.000Z'),
      ],
    ]).state;
    expect(pendingReminders(state).map((r) => r.reminderKey)).toEqual([
      'ap:AP1|2026-07-10|BEFORE_DEADLINE|P14D', // 2026-06-26; P30D (06-10) was already past
      'ap:AP1|2026-07-10|BEFORE_DEADLINE|P7D',
      'ap:AP1|2026-07-10|BEFORE_DEADLINE|P1D',
      'ap:AP1|2026-07-10|ON_DEADLINE|P0D',
      'ap:AP1|2026-07-10|ESCALATION|P7D',
      'ap:AP1|2026-07-10|ESCALATION|P30D',
    ]);
  });

  it.each<[string, Step[]]>([
    ['assessed', [assess()]],
    ['withdrawn', [withdraw()]],
    ['in a closed cycle', [assess(), { type: 'CloseCycle' }]],
    ['in a cancelled cycle', [{ type: 'CancelCycle', reason: 'Suspended' }]],
  ])('lists nothing once the action point is %s', (_case, steps) => {
    expect(pendingReminders(givenCommands([...withAgreedActionPoint(), ...steps]).state)).toEqual([]);
  });

  it('gives the first pending reminder on its own, or none', () => {
    const state = givenCommands([...withAgreedActionPoint(), proposeActionPoint('AP0'), agree('AP0')]).state;
    expect(nextPendingReminder(state)).toEqual(pendingReminders(state)[0]);
    expect(nextPendingReminder(initialState('x-1'))).toBeUndefined();
  });

  it('gives the same first reminder as the full list at every step of any history (its per-action-point cache included)', () => {
    const ids = ['AP1', 'AP2', 'AP3', 'AP4'];
    const deadlines = ['2026-06-30', '2026-07-10', '2026-03-01', '2026-06-30'];
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('agree' as const),
        ap: fc.constantFrom(...ids),
        deadline: fc.constantFrom(...deadlines),
      }),
      fc.record({
        kind: fc.constant('amend' as const),
        ap: fc.constantFrom(...ids),
        deadline: fc.constantFrom(...deadlines),
      }),
      fc.record({ kind: fc.constantFrom('assess' as const, 'withdraw' as const), ap: fc.constantFrom(...ids) }),
      fc.record({ kind: fc.constant('send' as const), skip: fc.integer({ min: 0, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        let state = givenCommands([startCycle(), scheduleRound()]).state;
        const tryCommand = (command: CycleCommand, metadata = meta()) => {
          const decision = decide(state, command, metadata);
          if (decision.accepted) for (const event of decision.events) state = evolve(state, event);
        };
        for (const s of steps) {
          if (s.kind === 'agree') {
            tryCommand(proposeActionPoint(s.ap, { deadline: s.deadline }));
            tryCommand(agree(s.ap));
          } else if (s.kind === 'amend') {
            tryCommand({
              type: 'AmendActionPoint',
              actionPointId: s.ap,
              changes: { deadline: s.deadline },
              reason: 'Moved',
            });
          } else if (s.kind === 'assess' || s.kind === 'withdraw') {
            tryCommand(s.kind === 'assess' ? assess(s.ap) : withdraw(s.ap));
          } else if ('skip' in s) {
            const due = pendingReminders(state)[s.skip];
            if (due) tryCommand({ type: 'SendReminder', reminderKey: due.reminderKey }, system(due.dueAt));
          }
          expect(nextPendingReminder(state)).toEqual(pendingReminders(state)[0]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('orders reminders due at the same instant by key', () => {
    const state = givenCommands([...withAgreedActionPoint(), proposeActionPoint('AP0'), agree('AP0')]).state;
    const first = pendingReminders(state).slice(0, 2);
    expect(first).toEqual([
      { reminderKey: 'ap:AP0|2026-06-30|BEFORE_DEADLINE|P30D', dueAt: '2026-05-31T02:00:00.000Z' },
      { reminderKey: 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P30D', dueAt: '2026-05-31T02:00:00.000Z' },
    ]);
  });

  it("follows the cycle's own policy", () => {
    const state = givenCommands([
      startCycle({
        timeZone: 'Europe/Brussels',
        reminderPolicy: {
          beforeDeadline: [{ offset: 'P2D', recipientRole: 'DESK_OFFICER' }],
          onDeadline: null,
          escalations: [],
        },
      }),
      scheduleRound(),
      proposeActionPoint(),
      agree(),
    ]).state;
    expect(pendingReminders(state)).toEqual([
      { reminderKey: 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P2D', dueAt: '2026-06-28T07:00:00.000Z' },
    ]);
  });

  it('chases the GSP+ replies until they are received', () => {
    const gsp = givenCommands([
      startCycle({ cycleType: 'GSP_PLUS_MONITORING', country: 'LK', timeZone: 'Asia/Colombo' }),
      [
        { type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01', repliesDueOn: '2026-05-31' },
        meta('2026-03-15T00:00:00.000Z'),
      ],
    ]);
    // GSP+ default: P60D (2026-04-01), P30D, P14D, P7D, on the day, +7, +30 at 09:00 Colombo (03:30Z).
    expect(pendingReminders(gsp.state)).toEqual([
      { reminderKey: 'gsp-replies|2026-05-31|BEFORE_DEADLINE|P60D', dueAt: '2026-04-01T03:30:00.000Z' },
      { reminderKey: 'gsp-replies|2026-05-31|BEFORE_DEADLINE|P30D', dueAt: '2026-05-01T03:30:00.000Z' },
      { reminderKey: 'gsp-replies|2026-05-31|BEFORE_DEADLINE|P14D', dueAt: '2026-05-17T03:30:00.000Z' },
      { reminderKey: 'gsp-replies|2026-05-31|BEFORE_DEADLINE|P7D', dueAt: '2026-05-24T03:30:00.000Z' },
      { reminderKey: 'gsp-replies|2026-05-31|ON_DEADLINE|P0D', dueAt: '2026-05-31T03:30:00.000Z' },
      { reminderKey: 'gsp-replies|2026-05-31|ESCALATION|P7D', dueAt: '2026-06-07T03:30:00.000Z' },
      { reminderKey: 'gsp-replies|2026-05-31|ESCALATION|P30D', dueAt: '2026-06-30T03:30:00.000Z' },
    ]);
    expect(
      pendingReminders(gsp.and({ type: 'RecordGspStage', stage: 'REPLIES_RECEIVED', on: '2026-05-20' }).state),
    ).toEqual([]);
  });
});

describe('describeReminder', () => {
  const state = givenCommands(withAgreedActionPoint()).state;

  it('describes a key of the current schedule', () => {
    expect(describeReminder(state, 'ap:AP1|2026-06-30|ESCALATION|P30D')).toEqual({
      reminderKey: 'ap:AP1|2026-06-30|ESCALATION|P30D',
      subject: { kind: 'ACTION_POINT', actionPointId: 'AP1' },
      kind: 'ESCALATION',
      offset: 'P30D',
      recipientRole: 'REVIEWER',
      deadline: '2026-06-30',
      dueAt: '2026-07-30T02:00:00.000Z',
    });
  });

  it.each([
    'ap:AP1|2026-06-29|ESCALATION|P30D',
    'ap:AP1|2026-06-30|ESCALATION|P14D',
    'ap:AP1|2026-06-30|ON_DEADLINE|P1D',
    'ap:AP2|2026-06-30|ON_DEADLINE|P0D',
    'gsp-replies|2026-06-30|ON_DEADLINE|P0D',
    'ap:AP1',
    '',
  ])('returns undefined for %p', (key) => {
    expect(describeReminder(state, key)).toBeUndefined();
  });

  it('agrees with pendingReminders on every pending key', () => {
    for (const reminder of pendingReminders(state)) {
      expect(describeReminder(state, reminder.reminderKey)?.dueAt).toBe(reminder.dueAt);
    }
  });
});
