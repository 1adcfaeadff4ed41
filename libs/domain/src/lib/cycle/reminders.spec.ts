import fc from 'fast-check';
import { DateTime } from 'luxon';
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
import { cycleTypes, type ReminderPolicy } from './cycle-types';
import { defaultReminderPolicy } from '../reference-data';
import type { CycleCommand } from './commands';
import { decide } from './decide';
import { initialState } from './decider';
import { evolve } from './evolve';
import {
  describeReminder,
  effectiveReminderPolicy,
  nextPendingReminder,
  pendingReminders,
  reminderInstant,
  reminderOccurrences,
  validateReminderPolicy,
} from './reminders';

const ZONES = [
  'Europe/Brussels',
  'America/New_York',
  'America/Santiago',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Asia/Phnom_Penh',
  'UTC',
];

/** Local date and "HH:mm" of an instant in a zone, read with Intl (independent of luxon). */
function localParts(instant: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(Date.parse(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** Calendar arithmetic with plain UTC milliseconds (independent of luxon). */
function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const BASE_DAY_MS = Date.parse('1990-01-01T00:00:00Z');
const dateArb = fc
  .integer({ min: 0, max: 40_000 })
  .map((n) => new Date(BASE_DAY_MS + n * 86_400_000).toISOString().slice(0, 10));
const pad = (n: number) => String(n).padStart(2, '0');
const localTimeArb = (minHour: number) =>
  fc
    .tuple(fc.integer({ min: minHour, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${pad(h)}:${pad(m)}`);

describe('reminderInstant', () => {
  it('fires at the local time on the day before or after the deadline, as a UTC ISO instant with milliseconds', () => {
    expect(reminderInstant('2026-11-22', 'P0D', 'after', '09:00', 'UTC')).toBe('2026-11-22T09:00:00.000Z');
    expect(reminderInstant('2026-06-30', 'P30D', 'before', '09:00', 'Asia/Phnom_Penh')).toBe(
      '2026-05-31T02:00:00.000Z',
    );
    expect(reminderInstant('2026-01-31', 'P30D', 'after', '09:00', 'UTC')).toBe('2026-03-02T09:00:00.000Z');
  });

  describe('around the 2026 daylight-saving changes in Brussels', () => {
    const at = (deadline: string, offset: string, direction: 'before' | 'after', time = '09:00') =>
      reminderInstant(deadline, offset, direction, time, 'Europe/Brussels');

    it('keeps 09:00 on each side of 29 March (CET +01:00 → CEST +02:00)', () => {
      expect(at('2026-04-05', 'P14D', 'before')).toBe('2026-03-22T08:00:00.000Z');
      expect(at('2026-04-05', 'P7D', 'before')).toBe('2026-03-29T07:00:00.000Z');
      expect(at('2026-03-28', 'P1D', 'after')).toBe('2026-03-29T07:00:00.000Z');
    });

    it('puts 23 hours between the day-before reminder and the deadline reminder on 29 March', () => {
      const dayBefore = at('2026-03-29', 'P1D', 'before');
      const onDeadline = at('2026-03-29', 'P0D', 'after');
      expect([dayBefore, onDeadline]).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z']);
      expect(Date.parse(onDeadline) - Date.parse(dayBefore)).toBe(23 * 3_600_000);
    });

    it('keeps 09:00 on each side of 25 October (CEST → CET), with 25 hours in between', () => {
      const dayBefore = at('2026-10-25', 'P1D', 'before');
      const onDeadline = at('2026-10-25', 'P0D', 'after');
      expect([dayBefore, onDeadline]).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z']);
      expect(Date.parse(onDeadline) - Date.parse(dayBefore)).toBe(25 * 3_600_000);
      expect(at('2026-10-18', 'P7D', 'after')).toBe('2026-10-25T08:00:00.000Z');
    });

    it('fires a local time that does not exist (02:30 on 29 March) at 03:30 CEST, the same instant', () => {
      const instant = at('2026-03-29', 'P0D', 'after', '02:30');
      expect(instant).toBe('2026-03-29T01:30:00.000Z');
      expect(localParts(instant, 'Europe/Brussels')).toEqual({ date: '2026-03-29', time: '03:30' });
    });

    it('fires a repeated local time (02:30 on 25 October) once, at 02:30 local', () => {
      const instant = at('2026-10-25', 'P0D', 'after', '02:30');
      expect(localParts(instant, 'Europe/Brussels')).toEqual({ date: '2026-10-25', time: '02:30' });
    });
  });

  it.each([
    ['2026-02-30', 'P1D', '09:00', 'UTC'],
    ['2026-03-01', 'PT1H', '09:00', 'UTC'],
    ['2026-03-01', 'P1D', '9am', 'UTC'],
    ['2026-03-01', 'P1D', '09:00', 'Europe/Nowhere'],
  ])('throws a RangeError on invalid input %p %p %p %p', (deadline, offset, time, zone) => {
    expect(() => reminderInstant(deadline, offset, 'before', time, zone)).toThrow(RangeError);
  });

  it('property: the local date is the deadline ∓ offset and the local time is exactly localTime, in every zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        dateArb,
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom('before' as const, 'after' as const),
        // From 04:00: no zone here has a daylight-saving gap after 03:45, so every such time exists.
        localTimeArb(4),
        (zone, deadline, days, direction, localTime) => {
          const instant = reminderInstant(deadline, `P${days}D`, direction, localTime, zone);
          expect(instant).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          expect(localParts(instant, zone)).toEqual({
            date: shiftDate(deadline, direction === 'before' ? -days : days),
            time: localTime,
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: at any local time the day is right, and a time inside a gap moves forward by at most an hour', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        dateArb,
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom('before' as const, 'after' as const),
        localTimeArb(0),
        (zone, deadline, days, direction, localTime) => {
          const instant = reminderInstant(deadline, `P${days}D`, direction, localTime, zone);
          const local = localParts(instant, zone);
          expect(local.date).toBe(shiftDate(deadline, direction === 'before' ? -days : days));
          const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
          const moved = minutes(local.time) - minutes(localTime);
          expect(moved).toBeGreaterThanOrEqual(0);
          expect(moved).toBeLessThanOrEqual(60);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("property: the instants of a policy's steps are strictly ordered", () => {
    const daysSet = fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 6 });
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        dateArb,
        daysSet,
        fc.boolean(),
        daysSet,
        localTimeArb(0),
        (zone, deadline, before, onDeadline, escalations, localTime) => {
          const instants = [
            ...[...before]
              .sort((a, b) => b - a)
              .map((d) => reminderInstant(deadline, `P${d}D`, 'before', localTime, zone)),
            ...(onDeadline ? [reminderInstant(deadline, 'P0D', 'after', localTime, zone)] : []),
            ...[...escalations]
              .sort((a, b) => a - b)
              .map((d) => reminderInstant(deadline, `P${d}D`, 'after', localTime, zone)),
          ].map((i) => Date.parse(i));
          for (let i = 1; i < instants.length; i++) expect(instants[i]).toBeGreaterThan(instants[i - 1]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('reminder policies', () => {
  it.each(cycleTypes)('the default policy of %s is valid', (type) => {
    expect(validateReminderPolicy(defaultReminderPolicy(type))).toEqual([]);
  });

  it('uses the default of the cycle type when nothing overrides it', () => {
    expect(effectiveReminderPolicy('HUMAN_RIGHTS_DIALOGUE')).toEqual({
      beforeDeadline: [
        { offset: 'P30D', recipientRole: 'DELEGATION' },
        { offset: 'P14D', recipientRole: 'DELEGATION' },
        { offset: 'P7D', recipientRole: 'DELEGATION' },
        { offset: 'P1D', recipientRole: 'DELEGATION' },
      ],
      onDeadline: { recipientRole: 'DELEGATION' },
      escalations: [
        { offset: 'P7D', recipientRole: 'DESK_OFFICER' },
        { offset: 'P30D', recipientRole: 'REVIEWER' },
      ],
      localTime: '09:00',
    });
  });

  it('replaces each key the override gives, and only those', () => {
    const escalations = [{ offset: 'P3D', recipientRole: 'REVIEWER' as const }];
    expect(effectiveReminderPolicy('GSP_PLUS_MONITORING', { escalations, onDeadline: null })).toEqual({
      ...defaultReminderPolicy('GSP_PLUS_MONITORING'),
      escalations,
      onDeadline: null,
    });
  });

  it('returns copies: changing one does not change the reference data', () => {
    const policy = effectiveReminderPolicy('HUMAN_RIGHTS_DIALOGUE');
    policy.beforeDeadline[0].offset = 'P99D';
    policy.beforeDeadline.pop();
    expect(defaultReminderPolicy('HUMAN_RIGHTS_DIALOGUE').beforeDeadline[0].offset).toBe('P30D');
    expect(defaultReminderPolicy('HUMAN_RIGHTS_DIALOGUE').beforeDeadline).toHaveLength(4);
  });

  it('reports every problem with its field', () => {
    const problems = validateReminderPolicy({
      beforeDeadline: [
        { offset: 'P-1D', recipientRole: 'DELEGATION' },
        { offset: 'P1W', recipientRole: 'DELEGATION' },
        { offset: 'P1.5D', recipientRole: 'DELEGATION' },
        { offset: 'P0D', recipientRole: 'DELEGATION' },
        { offset: 'P9999D', recipientRole: 'DELEGATION' },
      ],
      onDeadline: { recipientRole: 'EVERYONE' },
      escalations: 'P7D',
      localTime: '9:00',
    });
    expect(problems.map((p) => p.field)).toEqual([
      'beforeDeadline[0].offset',
      'beforeDeadline[1].offset',
      'beforeDeadline[2].offset',
      'beforeDeadline[3].offset',
      'beforeDeadline[4].offset',
      'escalations',
      'onDeadline',
      'localTime',
    ]);
    expect(validateReminderPolicy(null)).toHaveLength(1);
  });

  it('tolerates seconds in the local time, which tests on real servers and bench:reminders use', () => {
    const policy = { ...defaultReminderPolicy('HUMAN_RIGHTS_DIALOGUE'), localTime: '09:00:30' };
    expect(validateReminderPolicy(policy)).toEqual([]);
    expect(reminderInstant('2026-06-30', 'P0D', 'after', '09:00:30', 'UTC')).toBe('2026-06-30T09:00:30.000Z');
  });

  it('accepts an empty policy with no on-deadline reminder', () => {
    expect(
      validateReminderPolicy({ beforeDeadline: [], onDeadline: null, escalations: [], localTime: '00:00' }),
    ).toEqual([]);
  });
});

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

describe('reminderOccurrences', () => {
  it('sorts the steps of a policy by instant whatever their order in the policy', () => {
    const policy: ReminderPolicy = {
      beforeDeadline: [
        { offset: 'P1D', recipientRole: 'DELEGATION' },
        { offset: 'P10D', recipientRole: 'DELEGATION' },
      ],
      onDeadline: null,
      escalations: [
        { offset: 'P5D', recipientRole: 'REVIEWER' },
        { offset: 'P2D', recipientRole: 'DESK_OFFICER' },
      ],
      localTime: '12:00',
    };
    expect(reminderOccurrences(policy, '2026-06-30', 'UTC').map((o) => `${o.kind} ${o.offset}`)).toEqual([
      'BEFORE_DEADLINE P10D',
      'BEFORE_DEADLINE P1D',
      'ESCALATION P2D',
      'ESCALATION P5D',
    ]);
    expect(
      DateTime.fromISO(reminderOccurrences(policy, '2026-06-30', 'UTC')[0].dueAt)
        .toUTC()
        .toISODate(),
    ).toBe('2026-06-20');
  });
});
