import { given, givenCommands, meta, TEST_CYCLE_ID } from '../../../testing/decider-spec';
import {
  agree,
  assess,
  closeRound,
  proposeActionPoint,
  reportProgress,
  scheduleRound,
  startCycle,
  withAgreedActionPoint,
  withdraw,
} from '../../../testing/fixtures';
import { defaultReminderPolicy } from '../../reference-data';
import type { CycleCommand } from '../commands';
import { decide } from '../decide';
import { initialState } from '../decider';

/** Cases of `decide` for any command, StartCycle, robustness; run by ../decide.spec.ts, which checks that every rejection code is exercised. */
const hrdPolicy = defaultReminderPolicy('HUMAN_RIGHTS_DIALOGUE');

describe('any command', () => {
  const nonStartCommands: CycleCommand[] = [
    scheduleRound(),
    { type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-01' },
    proposeActionPoint(),
    agree(),
    { type: 'AmendActionPoint', actionPointId: 'AP1', changes: { priority: 'LOW' }, reason: 'x' },
    withdraw(),
    reportProgress(),
    assess(),
    closeRound(),
    { type: 'CloseCycle' },
    { type: 'CancelCycle', reason: 'x' },
    { type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-02-01' },
    { type: 'InitiateWithdrawal', initiatedOn: '2026-02-01' },
    { type: 'RecordWithdrawalDecision', decidedOn: '2027-02-01', withdrawn: true },
    { type: 'SendReminder', reminderKey: 'ap:AP1|2026-06-30|ON_DEADLINE|P0D' },
  ];

  it.each(nonStartCommands.map((c) => [c.type, c] as const))(
    'is refused with CYCLE_NOT_STARTED before StartCycle: %s',
    (_type, command) => {
      given()
        .when(command)
        .thenRejects('CYCLE_NOT_STARTED', { message: /has not been started/ });
    },
  );

  it.each(nonStartCommands.map((c) => [c.type, c] as const))('is refused on a closed cycle: %s', (_type, command) => {
    const closed = givenCommands([startCycle(), { type: 'CloseCycle' }]);
    closed.when(command).thenRejects('CYCLE_CLOSED', { message: /is closed/ });
  });

  it('is refused on a cancelled cycle, even with open action points', () => {
    givenCommands([...withAgreedActionPoint(), { type: 'CancelCycle', reason: 'Dialogue suspended' }])
      .when(reportProgress())
      .thenRejects('CYCLE_CLOSED', { message: /cancelled/ });
  });

  it('gets an envelope: sequence after the version, the issuing time, actor and command id', () => {
    const scenario = givenCommands(withAgreedActionPoint());
    const metadata = meta('2026-03-01T08:00:00.000Z', { userId: 'del-kh', role: 'DELEGATION' });
    const decision = decide(scenario.state, reportProgress(), metadata);
    expect(decision).toMatchObject({
      accepted: true,
      events: [
        {
          cycleId: TEST_CYCLE_ID,
          sequence: scenario.state.version + 1,
          occurredAt: '2026-03-01T08:00:00.000Z',
          actor: { userId: 'del-kh', role: 'DELEGATION' },
          commandId: metadata.commandId,
        },
      ],
    });
  });

  it.each([
    ['no issuedAt', { commandId: 'c', actor: { userId: 'u', role: 'DESK_OFFICER' } }],
    [
      'a local issuedAt without offset',
      { commandId: 'c', actor: { userId: 'u', role: 'DESK_OFFICER' }, issuedAt: '2026-02-01T10:00' },
    ],
    [
      'no command id',
      { commandId: '', actor: { userId: 'u', role: 'DESK_OFFICER' }, issuedAt: '2026-02-01T10:00:00Z' },
    ],
    ['no actor', { commandId: 'c', issuedAt: '2026-02-01T10:00:00Z' }],
  ])('is refused with INVALID_METADATA with %s', (_case, metadata) => {
    given()
      .when(startCycle(), metadata as never)
      .thenRejects('INVALID_METADATA', { field: 'metadata' });
  });

  it('is refused with UNKNOWN_COMMAND for an unknown type or a non-object', () => {
    const started = givenCommands([startCycle()]);
    started.when({ type: 'Explode' } as never).thenRejects('UNKNOWN_COMMAND', { message: /"Explode"/ });
    started.when(null as never).thenRejects('UNKNOWN_COMMAND');
  });

  it('is refused with UNKNOWN_FIELD for a field the command does not have, at any depth', () => {
    const started = givenCommands([startCycle(), scheduleRound()]);
    started
      .when({ type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-01', heldIn: 'Brussels' } as never)
      .thenRejects('UNKNOWN_FIELD', { field: 'heldIn', message: /RecordRoundHeld has no field "heldIn"/ });
    started
      .when({ ...proposeActionPoint('AP1'), unReferences: [{ mechanism: 'UPR', text: 'x', page: 3 }] } as never)
      .thenRejects('UNKNOWN_FIELD', { field: 'unReferences[0].page' });
  });
});

describe('StartCycle', () => {
  it('starts a cycle with the cycle type default reminder policy', () => {
    given()
      .when(startCycle({ title: '  EU-Cambodia human rights dialogue  ' }))
      .then([
        {
          type: 'CycleStarted',
          data: {
            cycleType: 'HUMAN_RIGHTS_DIALOGUE',
            country: 'KH',
            title: 'EU-Cambodia human rights dialogue',
            timeZone: 'Asia/Phnom_Penh',
            reminderPolicy: hrdPolicy,
          },
        },
      ]);
  });

  it('merges a partial reminder policy over the defaults', () => {
    const state = given()
      .when(startCycle({ reminderPolicy: { localTime: '08:30', onDeadline: null } }))
      .then([
        {
          type: 'CycleStarted',
          data: {
            cycleType: 'HUMAN_RIGHTS_DIALOGUE',
            country: 'KH',
            title: 'EU-Cambodia human rights dialogue',
            timeZone: 'Asia/Phnom_Penh',
            reminderPolicy: { ...hrdPolicy, localTime: '08:30', onDeadline: null },
          },
        },
      ]);
    expect(state).toMatchObject({ started: true, status: 'ACTIVE', version: 1 });
  });

  it.each(['AU', 'ASEAN', 'ECOWAS', 'GCC'])('accepts the regional body %s', (country) => {
    expect(decide(initialState(TEST_CYCLE_ID), startCycle({ country }), meta()).accepted).toBe(true);
  });

  it('is refused with CYCLE_ALREADY_STARTED the second time', () => {
    givenCommands([startCycle()]).when(startCycle()).thenRejects('CYCLE_ALREADY_STARTED');
  });

  it('is refused with CYCLE_ID_MISMATCH when sent to another cycle', () => {
    given()
      .when(startCycle({ cycleId: 'LK-GSP-2026' }))
      .thenRejects('CYCLE_ID_MISMATCH', { field: 'cycleId', message: /"LK-GSP-2026".*"KH-HRD-2026"/ });
  });

  it.each(['KH', 'KH/HRD', 'KH.HRD.2026', 'x'.repeat(65)])('is refused with INVALID_ID for cycle id %p', (cycleId) => {
    given([], cycleId).when(startCycle({ cycleId })).thenRejects('INVALID_ID', { field: 'cycleId' });
  });

  it('is refused with UNKNOWN_CYCLE_TYPE', () => {
    given()
      .when(startCycle({ cycleType: 'TRADE_DIALOGUE' as never }))
      .thenRejects('UNKNOWN_CYCLE_TYPE', { field: 'cycleType', message: /"TRADE_DIALOGUE".*HUMAN_RIGHTS_DIALOGUE/ });
  });

  it.each(['kh', 'KHM', 'EUR', '', 'K1'])('is refused with INVALID_COUNTRY for %p', (country) => {
    given().when(startCycle({ country })).thenRejects('INVALID_COUNTRY', { field: 'country' });
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'x'.repeat(201)],
  ])('is refused with INVALID_TITLE when %s', (_case, title) => {
    given().when(startCycle({ title })).thenRejects('INVALID_TITLE', { field: 'title' });
  });

  it.each(['Europe/Brusels', 'CET+1', 'Mars/Olympus'])('is refused with INVALID_TIME_ZONE for %p', (timeZone) => {
    given()
      .when(startCycle({ timeZone }))
      .thenRejects('INVALID_TIME_ZONE', { field: 'timeZone', message: new RegExp(timeZone.replace('+', '\\+')) });
  });

  it.each([
    [
      'an hour offset',
      { beforeDeadline: [{ offset: 'PT5H', recipientRole: 'DELEGATION' }] },
      'beforeDeadline[0].offset',
    ],
    ['a text offset', { escalations: [{ offset: '30 days', recipientRole: 'REVIEWER' }] }, 'escalations[0].offset'],
    [
      'a repeated offset',
      {
        beforeDeadline: [
          { offset: 'P7D', recipientRole: 'DELEGATION' },
          { offset: 'P7D', recipientRole: 'DESK_OFFICER' },
        ],
      },
      'beforeDeadline[1].offset',
    ],
    [
      'an unknown role',
      { escalations: [{ offset: 'P7D', recipientRole: 'MINISTER' }] },
      'escalations[0].recipientRole',
    ],
    ['a local time without leading zero', { localTime: '9:00' }, 'localTime'],
    ['a local time of 24:00', { localTime: '24:00' }, 'localTime'],
  ])('is refused with INVALID_REMINDER_POLICY for %s', (_case, reminderPolicy, field) => {
    given()
      .when(startCycle({ reminderPolicy: reminderPolicy as never }))
      .thenRejects('INVALID_REMINDER_POLICY', { field: `reminderPolicy.${field}` });
  });

  it('is refused with INVALID_REMINDER_POLICY when the policy is not an object', () => {
    given()
      .when(startCycle({ reminderPolicy: 'weekly' as never }))
      .thenRejects('INVALID_REMINDER_POLICY', { field: 'reminderPolicy' });
  });
});

describe('robustness', () => {
  it('never throws on malformed commands', () => {
    const state = givenCommands(withAgreedActionPoint()).state;
    const junk: unknown[] = [
      undefined,
      42,
      'StartCycle',
      [],
      { type: 'ProposeActionPoint' },
      { type: 'AmendActionPoint', actionPointId: 'AP1', changes: { themes: 'I.C', unReferences: [null] }, reason: 'x' },
      {
        type: 'ReportProgress',
        actionPointId: 'AP1',
        reportId: 'P9',
        text: 'x',
        evidenceLinks: 'https://x.org',
        reportedOn: '2026-01-01',
      },
      { type: 'CloseRound', roundId: { id: 'R1' } },
      { type: 'SendReminder', reminderKey: 7 },
      { type: 'RecordGspStage', stage: null, on: null },
      { type: 'AssessActionPoint', actionPointId: ['AP1'], assessment: 'COMPLETED' },
      { type: 'AmendActionPoint', actionPointId: 'toString', changes: {}, reason: 'x' },
      { type: 'CloseRound', roundId: '__proto__' },
    ];
    for (const command of junk) {
      const decision = decide(state, command as never, meta());
      expect(decision.accepted).toBe(false);
    }
    for (const command of junk) expect(() => decide(initialState('x-1'), command as never, meta())).not.toThrow();
  });
});
