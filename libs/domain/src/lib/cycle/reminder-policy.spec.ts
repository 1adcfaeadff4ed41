import fc from 'fast-check';
import { DateTime } from 'luxon';
import { cycleTypes, type ReminderPolicy } from './cycle-types';
import { defaultReminderPolicy } from '../reference-data';
import { effectiveReminderPolicy, reminderInstant, reminderOccurrences, validateReminderPolicy } from './reminders';

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
      'onDeadline.recipientRole',
      'escalations',
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
