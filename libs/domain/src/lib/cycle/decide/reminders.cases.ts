import { givenCommands, meta, type Step } from '../../../testing/decider-spec';
import {
  agree,
  assess,
  proposeActionPoint,
  scheduleRound,
  startCycle,
  withAgreedActionPoint,
} from '../../../testing/fixtures';

/** Cases of `decide` for SendReminder; run by ../decide.spec.ts, which checks that every rejection code is exercised. */
describe('SendReminder', () => {
  // AP1 agreed on 2026-02-01 with deadline 2026-06-30 in Phnom Penh (UTC+7): the 30-day reminder is due 2026-05-31 09:00 local.
  const key30 = 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P30D';
  const system = (issuedAt: string) => meta(issuedAt, { userId: 'suivi-reminders', role: 'SYSTEM' });

  it('sends a due reminder', () => {
    const state = givenCommands(withAgreedActionPoint())
      .when({ type: 'SendReminder', reminderKey: key30 }, system('2026-05-31T02:00:00.000Z'))
      .then([
        {
          type: 'ReminderSent',
          data: {
            reminderKey: key30,
            subject: { kind: 'ACTION_POINT', actionPointId: 'AP1' },
            kind: 'BEFORE_DEADLINE',
            offset: 'P30D',
            recipientRole: 'DELEGATION',
            deadline: '2026-06-30',
            dueAt: '2026-05-31T02:00:00.000Z',
          },
        },
      ]);
    expect(state.remindersSent).toEqual([key30]);
  });

  it('is refused with REMINDER_NOT_DUE before its time', () => {
    givenCommands(withAgreedActionPoint())
      .when({ type: 'SendReminder', reminderKey: key30 }, system('2026-05-31T01:59:59.999Z'))
      .thenRejects('REMINDER_NOT_DUE', { message: /due at 2026-05-31T02:00:00.000Z/ });
  });

  it.each<[string, Step[], string, RegExp]>([
    ['unknown', [], 'ap:AP9|2026-06-30|BEFORE_DEADLINE|P30D', /not on this cycle's schedule/],
    ['for another deadline', [], 'ap:AP1|2026-07-30|BEFORE_DEADLINE|P30D', /not on this cycle's schedule/],
    ['not a policy step', [], 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P3D', /not on this cycle's schedule/],
    ['garbled', [], 'hello', /not on this cycle's schedule/],
    [
      'already sent',
      [[{ type: 'SendReminder', reminderKey: key30 }, meta('2026-06-01T00:00:00Z')]],
      key30,
      /already sent/,
    ],
    ['for an assessed action point', [assess()], key30, /not on this cycle's schedule/],
  ])('is refused with REMINDER_NOT_PENDING when %s', (_case, before, reminderKey, message) => {
    givenCommands([...withAgreedActionPoint(), ...before])
      .when({ type: 'SendReminder', reminderKey }, system('2026-06-02T00:00:00.000Z'))
      .thenRejects('REMINDER_NOT_PENDING', { field: 'reminderKey', message });
  });

  it('is refused with REMINDER_NOT_PENDING for a step already past when the deadline was set', () => {
    const lateAgreement: Step[] = [
      startCycle(),
      scheduleRound(),
      proposeActionPoint(),
      [agree(), meta('2026-06-10T00:00:00.000Z')],
    ];
    givenCommands(lateAgreement)
      .when({ type: 'SendReminder', reminderKey: key30 }, system('2026-06-11T00:00:00.000Z'))
      .thenRejects('REMINDER_NOT_PENDING', { message: /already past when the deadline was set/ });
  });

  it('sends the GSP+ replies reminder until the replies are received', () => {
    const gsp = givenCommands([
      startCycle({ cycleType: 'GSP_PLUS_MONITORING', country: 'LK', timeZone: 'Asia/Colombo' }),
      { type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01', repliesDueOn: '2026-06-30' },
    ]);
    const key = 'gsp-replies|2026-06-30|ON_DEADLINE|P0D';
    gsp.when({ type: 'SendReminder', reminderKey: key }, system('2026-06-30T04:00:00.000Z')).then([
      {
        type: 'ReminderSent',
        data: {
          reminderKey: key,
          subject: { kind: 'GSP_REPLIES' },
          kind: 'ON_DEADLINE',
          offset: 'P0D',
          recipientRole: 'DELEGATION',
          deadline: '2026-06-30',
          dueAt: '2026-06-30T03:30:00.000Z',
        },
      },
    ]);
    gsp
      .and({ type: 'RecordGspStage', stage: 'REPLIES_RECEIVED', on: '2026-06-29' })
      .when({ type: 'SendReminder', reminderKey: key }, system('2026-06-30T04:00:00.000Z'))
      .thenRejects('REMINDER_NOT_PENDING');
  });
});
