import { given, givenCommands, meta, rejectionCodesSeen, TEST_CYCLE_ID, type Step } from '../../testing/decider-spec';
import {
  agree,
  assess,
  closeRound,
  proposeActionPoint,
  reportProgress,
  scheduleRound,
  startCycle,
  startOfType,
  terms,
  withAgreedActionPoint,
  withdraw,
} from '../../testing/fixtures';
import { defaultReminderPolicy } from '../reference-data';
import type { CycleCommand } from './commands';
import { decide, hasLiveIndividualCase, rejectionCodes } from './decide';
import { initialState } from './decider';
import { withdrawalMilestones } from './withdrawal';

const hrdPolicy = defaultReminderPolicy('HUMAN_RIGHTS_DIALOGUE');

afterAll(() => {
  // Every rejection code the domain can return is exercised by at least one test below.
  expect(rejectionCodes.filter((code) => !rejectionCodesSeen.has(code))).toEqual([]);
});

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

describe('ScheduleRound', () => {
  it('schedules a round, with or without a title', () => {
    const started = givenCommands([startCycle()]);
    started
      .when(scheduleRound('R1', '2026-02-01', ' 12th round '))
      .then([{ type: 'RoundScheduled', data: { roundId: 'R1', date: '2026-02-01', title: '12th round' } }]);
    started.when(scheduleRound('R1')).then([{ type: 'RoundScheduled', data: { roundId: 'R1', date: '2026-02-01' } }]);
  });

  it('is refused with DUPLICATE_ROUND', () => {
    givenCommands([startCycle(), scheduleRound()])
      .when(scheduleRound('R1', '2027-02-01'))
      .thenRejects('DUPLICATE_ROUND', { field: 'roundId', message: /R1 already exists \(scheduled for 2026-02-01\)/ });
  });

  it.each(['2026-02-30', '2026-2-1', '01/02/2026', '3026-02-01', '', 20260201])(
    'is refused with INVALID_DATE for %p',
    (date) => {
      givenCommands([startCycle()])
        .when(scheduleRound('R1', date as string))
        .thenRejects('INVALID_DATE', { field: 'date' });
    },
  );

  it.each(['', 'R 1', 'R1|x', 'R/1', '-R1', 'Réunion', 'x'.repeat(101)])(
    'is refused with INVALID_ID for %p',
    (roundId) => {
      givenCommands([startCycle()]).when(scheduleRound(roundId)).thenRejects('INVALID_ID', { field: 'roundId' });
    },
  );

  it('is refused with INVALID_TITLE for a title over 200 characters', () => {
    givenCommands([startCycle()])
      .when(scheduleRound('R1', '2026-02-01', 'x'.repeat(201)))
      .thenRejects('INVALID_TITLE', { field: 'title', message: /201 characters/ });
  });
});

describe('recording a meeting in few commands', () => {
  // A proposal without an id: the cycle assigns one.
  const proposalTerms: Extract<CycleCommand, { type: 'ProposeActionPoint' }> = proposeActionPoint();
  delete proposalTerms.actionPointId;
  const unnamedProposal = (): CycleCommand => ({ ...proposalTerms });

  it('assigns the next free round id when none is given: R1, then R2, skipping ids in use', () => {
    const started = givenCommands([startCycle()]);
    started
      .when({ type: 'ScheduleRound', date: '2026-02-01' })
      .then([{ type: 'RoundScheduled', data: { roundId: 'R1', date: '2026-02-01' } }]);
    givenCommands([startCycle(), scheduleRound('R2')])
      .when({ type: 'ScheduleRound', date: '2027-02-01' })
      .then([{ type: 'RoundScheduled', data: { roundId: 'R3', date: '2027-02-01' } }]);
  });

  it('assigns the next free action point id when none is given', () => {
    givenCommands([startCycle(), scheduleRound(), proposeActionPoint('AP1')])
      .when(unnamedProposal())
      .then([{ type: 'ActionPointProposed', data: { actionPointId: 'AP2', roundId: 'R1', terms } }]);
  });

  it('records an action point agreed at the meeting in one command: proposed and agreed, one decision', () => {
    const state = givenCommands([startCycle(), scheduleRound()])
      .when({ ...proposalTerms, type: 'RecordAgreedActionPoint' })
      .then([
        { type: 'ActionPointProposed', data: { actionPointId: 'AP1', roundId: 'R1', terms } },
        { type: 'ActionPointAgreed', data: { actionPointId: 'AP1' } },
      ]);
    expect(state.actionPoints['AP1'].status).toBe('AGREED');
    expect(state.version).toBe(4);
  });

  it('refuses an agreed action point as a proposal would be refused, recording nothing', () => {
    givenCommands([startCycle(), scheduleRound(), proposeActionPoint('AP1')])
      .when({ ...proposalTerms, type: 'RecordAgreedActionPoint', actionPointId: 'AP1' })
      .thenRejects('DUPLICATE_ACTION_POINT', { field: 'actionPointId' });
    givenCommands([startCycle(), scheduleRound()])
      .when({ ...proposalTerms, type: 'RecordAgreedActionPoint', roundId: 'R9' })
      .thenRejects('UNKNOWN_ROUND', { field: 'roundId' });
  });

  it('closes a round and schedules the next in one command, carrying open action points over', () => {
    const state = givenCommands(withAgreedActionPoint())
      .when({ type: 'CloseRound', roundId: 'R1', nextRound: { date: '2027-02-01', title: '2nd round' } })
      .then([
        { type: 'RoundScheduled', data: { roundId: 'R2', date: '2027-02-01', title: '2nd round' } },
        {
          type: 'ActionPointCarriedOver',
          data: { actionPointId: 'AP1', fromRoundId: 'R1', toRoundId: 'R2', roundsCarried: 1 },
        },
        { type: 'RoundClosed', data: { roundId: 'R1', carriedOver: ['AP1'], nextRoundId: 'R2' } },
      ]);
    expect(state.rounds['R2'].status).toBe('SCHEDULED');
    expect(state.actionPoints['AP1'].roundId).toBe('R2');
  });

  it('refuses a next round that cannot be scheduled, naming its field, and both forms at once', () => {
    givenCommands(withAgreedActionPoint())
      .when({ type: 'CloseRound', roundId: 'R1', nextRound: { date: '2027-02-30' } })
      .thenRejects('INVALID_DATE', { field: 'nextRound.date' });
    givenCommands(withAgreedActionPoint())
      .when({ type: 'CloseRound', roundId: 'R1', nextRound: { roundId: 'R1', date: '2027-02-01' } })
      .thenRejects('DUPLICATE_ROUND', { field: 'nextRound.roundId' });
    givenCommands([...withAgreedActionPoint(), scheduleRound('R2', '2027-02-01')])
      .when({ type: 'CloseRound', roundId: 'R1', nextRoundId: 'R2', nextRound: { date: '2027-03-01' } })
      .thenRejects('INVALID_NEXT_ROUND', { field: 'nextRound' });
    givenCommands(withAgreedActionPoint())
      .when({ type: 'CloseRound', roundId: 'R7', nextRound: { date: '2027-02-01' } })
      .thenRejects('UNKNOWN_ROUND', { field: 'roundId' });
  });
});

describe('RecordRoundHeld', () => {
  const scheduled = () => givenCommands([startCycle(), scheduleRound()]);

  it('records the meeting', () => {
    scheduled()
      .when({ type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-03' })
      .then([{ type: 'RoundHeld', data: { roundId: 'R1', heldOn: '2026-02-03' } }]);
  });

  it('is refused with UNKNOWN_ROUND, naming the known rounds', () => {
    scheduled()
      .when({ type: 'RecordRoundHeld', roundId: 'R9', heldOn: '2026-02-03' })
      .thenRejects('UNKNOWN_ROUND', { field: 'roundId', message: /no round R9.*Known rounds: R1/ });
  });

  it('is refused with ROUND_ALREADY_HELD', () => {
    scheduled()
      .and({ type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-03' })
      .when({ type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-04' })
      .thenRejects('ROUND_ALREADY_HELD', { message: /held on 2026-02-03/ });
  });

  it('is refused with ROUND_ALREADY_CLOSED', () => {
    scheduled()
      .and(closeRound())
      .when({ type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-03' })
      .thenRejects('ROUND_ALREADY_CLOSED');
  });

  it('is refused with INVALID_DATE', () => {
    scheduled()
      .when({ type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-13-01' })
      .thenRejects('INVALID_DATE', { field: 'heldOn' });
  });
});

describe('ProposeActionPoint', () => {
  const withRound = () => givenCommands([startCycle(), scheduleRound()]);

  it('proposes an action point with its terms (themes and conventions de-duplicated)', () => {
    const unReferences = [
      {
        mechanism: 'UPR' as const,
        text: 'UPR / A/HRC/55/12 / 141.23',
        documentSymbol: 'A/HRC/55/12',
        paragraph: '141.23',
      },
    ];
    const state = withRound()
      .when(proposeActionPoint('AP1', { themes: ['I.C', 'I.D', 'I.C'], conventions: ['ICCPR', 'ICCPR'], unReferences }))
      .then([
        {
          type: 'ActionPointProposed',
          data: {
            actionPointId: 'AP1',
            roundId: 'R1',
            terms: { ...terms, themes: ['I.C', 'I.D'], conventions: ['ICCPR'], unReferences },
          },
        },
      ]);
    expect(state.actionPoints['AP1']).toMatchObject({ status: 'PROPOSED', roundsCarried: 0, originalRoundId: 'R1' });
  });

  it('accepts a pillar code as theme and a deadline on the round date itself', () => {
    const decision = decide(
      withRound().state,
      proposeActionPoint('AP1', { themes: ['III'], deadline: '2026-02-01' }),
      meta(),
    );
    expect(decision.accepted).toBe(true);
  });

  it('is refused with DUPLICATE_ACTION_POINT', () => {
    withRound()
      .and(proposeActionPoint())
      .when(proposeActionPoint())
      .thenRejects('DUPLICATE_ACTION_POINT', { field: 'actionPointId', message: /AP1 already exists/ });
  });

  it('is refused with INVALID_ID', () => {
    withRound().when(proposeActionPoint('AP 1')).thenRejects('INVALID_ID', { field: 'actionPointId' });
  });

  it('is refused with UNKNOWN_ROUND', () => {
    withRound()
      .when(proposeActionPoint('AP1', { roundId: 'R2' }))
      .thenRejects('UNKNOWN_ROUND', { field: 'roundId' });
  });

  it('is refused with ROUND_ALREADY_CLOSED', () => {
    withRound().and(closeRound()).when(proposeActionPoint()).thenRejects('ROUND_ALREADY_CLOSED');
  });

  it('is refused with DEADLINE_BEFORE_ROUND_DATE, naming both dates and the round', () => {
    givenCommands([startCycle(), scheduleRound('R2', '2026-02-01')])
      .when(proposeActionPoint('AP1', { roundId: 'R2', deadline: '2026-01-10' }))
      .thenRejects('DEADLINE_BEFORE_ROUND_DATE', {
        field: 'deadline',
        message:
          "The deadline 2026-01-10 is before the round's date 2026-02-01 (round R2). Choose a deadline on or after the round.",
      });
  });

  it('compares the deadline with the date the round was actually held', () => {
    withRound()
      .and({ type: 'RecordRoundHeld', roundId: 'R1', heldOn: '2026-02-10' })
      .when(proposeActionPoint('AP1', { deadline: '2026-02-05' }))
      .thenRejects('DEADLINE_BEFORE_ROUND_DATE', { message: /round's date 2026-02-10/ });
  });

  it('is refused with UNKNOWN_THEME, listing the unknown codes', () => {
    withRound()
      .when(proposeActionPoint('AP1', { themes: ['I.C', 'I.G', 'VI'] }))
      .thenRejects('UNKNOWN_THEME', { field: 'themes', message: /codes: I\.G, VI\./ });
  });

  it.each([
    ['an empty list', []],
    ['no list', undefined],
  ])('is refused with NO_THEME for %s', (_case, themes) => {
    withRound()
      .when(proposeActionPoint('AP1', { themes: themes as never }))
      .thenRejects('NO_THEME', { field: 'themes' });
  });

  it('is refused with UNKNOWN_CONVENTION, listing the unknown ids', () => {
    withRound()
      .when(proposeActionPoint('AP1', { conventions: ['ICCPR', 'ILO-C999'] }))
      .thenRejects('UNKNOWN_CONVENTION', { field: 'conventions', message: /id: ILO-C999\./ });
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n '],
    ['over 4000 characters', 'x'.repeat(4001)],
  ])('is refused with INVALID_TEXT when the text is %s', (_case, text) => {
    withRound().when(proposeActionPoint('AP1', { text })).thenRejects('INVALID_TEXT', { field: 'text' });
  });

  it('is refused with INVALID_DATE for a deadline that does not exist', () => {
    withRound()
      .when(proposeActionPoint('AP1', { deadline: '2026-02-29' }))
      .thenRejects('INVALID_DATE', { field: 'deadline', message: /"2026-02-29"/ });
  });

  it('is refused with INVALID_OWNER and INVALID_PRIORITY', () => {
    withRound()
      .when(proposeActionPoint('AP1', { owner: 'UN' as never }))
      .thenRejects('INVALID_OWNER', { field: 'owner' });
    withRound()
      .when(proposeActionPoint('AP1', { priority: 'URGENT' as never }))
      .thenRejects('INVALID_PRIORITY', { field: 'priority' });
  });

  it.each([
    ['an unknown mechanism', [{ mechanism: 'ICJ', text: 'x' }]],
    ['no text', [{ mechanism: 'UPR', text: '' }]],
    ['not a list', 'UPR 141.23'],
  ])('is refused with INVALID_UN_REFERENCE for %s', (_case, unReferences) => {
    withRound()
      .when(proposeActionPoint('AP1', { unReferences: unReferences as never }))
      .thenRejects('INVALID_UN_REFERENCE', { field: 'unReferences' });
  });
});

describe('AgreeActionPoint', () => {
  it('agrees a proposed action point and starts its reminder clock', () => {
    const state = givenCommands([startCycle(), scheduleRound(), proposeActionPoint()])
      .when(agree(), meta('2026-02-02T09:00:00.000Z'))
      .then([{ type: 'ActionPointAgreed', data: { actionPointId: 'AP1' } }]);
    expect(state.actionPoints['AP1']).toMatchObject({ status: 'AGREED', deadlineSetAt: '2026-02-02T09:00:00.000Z' });
  });

  it('is refused with UNKNOWN_ACTION_POINT', () => {
    givenCommands([startCycle(), scheduleRound()])
      .when(agree('AP9'))
      .thenRejects('UNKNOWN_ACTION_POINT', { field: 'actionPointId', message: /AP9/ });
  });

  it('is refused with ACTION_POINT_NOT_PROPOSED when already agreed', () => {
    givenCommands(withAgreedActionPoint())
      .when(agree())
      .thenRejects('ACTION_POINT_NOT_PROPOSED', { message: /AP1 is agreed/ });
  });
});

describe('AmendActionPoint', () => {
  const amend = (changes: object, reason = 'Agreed at the follow-up call'): CycleCommand => ({
    type: 'AmendActionPoint',
    actionPointId: 'AP1',
    changes,
    reason,
  });

  it('records only the values that change', () => {
    givenCommands(withAgreedActionPoint())
      .when(amend({ priority: 'HIGH', deadline: '2026-09-30', themes: ['I.C'] }))
      .then([
        {
          type: 'ActionPointAmended',
          data: { actionPointId: 'AP1', changes: { deadline: '2026-09-30' }, reason: 'Agreed at the follow-up call' },
        },
      ]);
  });

  it('moves the reminder clock when the deadline changes, and only then', () => {
    const scenario = givenCommands(withAgreedActionPoint());
    const moved = scenario.when(amend({ deadline: '2026-09-30' }), meta('2026-04-01T00:00:00.000Z')).then([
      {
        type: 'ActionPointAmended',
        data: { actionPointId: 'AP1', changes: { deadline: '2026-09-30' }, reason: 'Agreed at the follow-up call' },
      },
    ]);
    expect(moved.actionPoints['AP1'].deadlineSetAt).toBe('2026-04-01T00:00:00.000Z');
    const reworded = scenario.when(amend({ text: 'Release all defenders' }), meta('2026-04-01T00:00:00.000Z')).then([
      {
        type: 'ActionPointAmended',
        data: {
          actionPointId: 'AP1',
          changes: { text: 'Release all defenders' },
          reason: 'Agreed at the follow-up call',
        },
      },
    ]);
    expect(reworded.actionPoints['AP1'].deadlineSetAt).toBe(DEFAULT_AGREED_AT);
  });

  it('checks a new deadline against the round where the action point was agreed, not the one it was carried to', () => {
    const carried = givenCommands([
      ...withAgreedActionPoint(),
      scheduleRound('R2', '2026-09-01'),
      closeRound('R1', 'R2'),
    ]);
    expect(decide(carried.state, amend({ deadline: '2026-04-30' }), meta()).accepted).toBe(true);
    carried.when(amend({ deadline: '2026-01-15' })).thenRejects('DEADLINE_BEFORE_ROUND_DATE', {
      message: /2026-01-15 is before the round's date 2026-02-01 \(round R1\)/,
    });
  });

  it.each([
    ['nothing', {}],
    ['the same values', { priority: 'HIGH', deadline: '2026-06-30', conventions: ['ICCPR'] }],
    ['no changes object', undefined],
  ])('is refused with NO_CHANGES when given %s', (_case, changes) => {
    givenCommands(withAgreedActionPoint())
      .when(amend(changes as object))
      .thenRejects('NO_CHANGES', { field: 'changes' });
  });

  it('validates the changed values like a proposal', () => {
    const scenario = givenCommands(withAgreedActionPoint());
    scenario.when(amend({ themes: ['IX.Z'] })).thenRejects('UNKNOWN_THEME', { message: /IX\.Z/ });
    scenario.when(amend({ themes: [] })).thenRejects('NO_THEME');
    scenario.when(amend({ text: '' })).thenRejects('INVALID_TEXT');
    scenario.when(amend({ deadline: 'soon' })).thenRejects('INVALID_DATE');
  });

  it.each(['', '   '])('is refused with REASON_REQUIRED for %p', (reason) => {
    givenCommands(withAgreedActionPoint())
      .when(amend({ priority: 'LOW' }, reason))
      .thenRejects('REASON_REQUIRED', { field: 'reason' });
  });

  it.each([
    ['assessed', assess()],
    ['withdrawn', withdraw()],
  ])('is refused with ACTION_POINT_FINAL once %s', (_case, closing) => {
    givenCommands([...withAgreedActionPoint(), closing])
      .when(amend({ priority: 'LOW' }))
      .thenRejects('ACTION_POINT_FINAL', { message: /can no longer be amended/ });
  });

  it('is refused with UNKNOWN_ACTION_POINT', () => {
    givenCommands(withAgreedActionPoint())
      .when({ type: 'AmendActionPoint', actionPointId: 'AP2', changes: { priority: 'LOW' }, reason: 'x' })
      .thenRejects('UNKNOWN_ACTION_POINT');
  });
});

const DEFAULT_AGREED_AT = '2026-02-01T10:00:00.000Z';

describe('WithdrawActionPoint', () => {
  it('withdraws a proposed or agreed action point', () => {
    givenCommands(withAgreedActionPoint())
      .when(withdraw('AP1', ' Superseded '))
      .then([{ type: 'ActionPointWithdrawn', data: { actionPointId: 'AP1', reason: 'Superseded' } }]);
    givenCommands([startCycle(), scheduleRound(), proposeActionPoint()])
      .when(withdraw())
      .then([{ type: 'ActionPointWithdrawn', data: { actionPointId: 'AP1', reason: 'Superseded by the new round' } }]);
  });

  it('is refused with REASON_REQUIRED', () => {
    givenCommands(withAgreedActionPoint()).when(withdraw('AP1', '')).thenRejects('REASON_REQUIRED');
  });

  it('is refused with ACTION_POINT_FINAL when already withdrawn', () => {
    givenCommands([...withAgreedActionPoint(), withdraw()])
      .when(withdraw())
      .thenRejects('ACTION_POINT_FINAL', { message: /AP1 is withdrawn/ });
  });

  it('is refused with UNKNOWN_ACTION_POINT', () => {
    givenCommands(withAgreedActionPoint()).when(withdraw('AP2')).thenRejects('UNKNOWN_ACTION_POINT');
  });
});

describe('ReportProgress', () => {
  it('records a report and moves the action point to IN_PROGRESS', () => {
    const delegation = meta('2026-03-02T07:00:00.000Z', { userId: 'del-kh', role: 'DELEGATION' });
    const state = givenCommands(withAgreedActionPoint())
      .when(reportProgress(), delegation)
      .then([
        {
          type: 'ProgressReported',
          data: {
            actionPointId: 'AP1',
            reportId: 'P1',
            text: 'Two of the five defenders were released',
            evidenceLinks: ['https://example.org/press-release'],
            reportedOn: '2026-03-01',
          },
        },
      ]);
    expect(state.actionPoints['AP1']).toMatchObject({
      status: 'IN_PROGRESS',
      progress: [{ reportId: 'P1', reportedAt: '2026-03-02T07:00:00.000Z', reportedBy: 'del-kh' }],
    });
  });

  it('accepts further reports while in progress, and no evidence at all', () => {
    const state = givenCommands([...withAgreedActionPoint(), reportProgress()])
      .when(reportProgress('AP1', 'P2', { evidenceLinks: [] }))
      .then([
        {
          type: 'ProgressReported',
          data: {
            actionPointId: 'AP1',
            reportId: 'P2',
            text: 'Two of the five defenders were released',
            evidenceLinks: [],
            reportedOn: '2026-03-01',
          },
        },
      ]);
    expect(state.actionPoints['AP1'].progress).toHaveLength(2);
  });

  it('is refused with ACTION_POINT_NOT_AGREED on a proposed action point', () => {
    givenCommands([startCycle(), scheduleRound(), proposeActionPoint()])
      .when(reportProgress())
      .thenRejects('ACTION_POINT_NOT_AGREED', { message: /only proposed\. Agree it/ });
  });

  it('is refused with ACTION_POINT_FINAL once assessed', () => {
    givenCommands([...withAgreedActionPoint(), assess()])
      .when(reportProgress())
      .thenRejects('ACTION_POINT_FINAL');
  });

  it('is refused with DUPLICATE_REPORT', () => {
    givenCommands([...withAgreedActionPoint(), reportProgress()])
      .when(reportProgress())
      .thenRejects('DUPLICATE_REPORT', { field: 'reportId', message: /P1 was already recorded/ });
  });

  it.each(['ftp://example.org/a', 'javascript:alert(1)', 'example.org/report', 'https://', 42])(
    'is refused with INVALID_EVIDENCE_LINK for %p',
    (link) => {
      givenCommands(withAgreedActionPoint())
        .when(reportProgress('AP1', 'P1', { evidenceLinks: ['https://ok.example.org', link as string] }))
        .thenRejects('INVALID_EVIDENCE_LINK', { field: 'evidenceLinks' });
    },
  );

  it('is refused with INVALID_TEXT, INVALID_DATE, INVALID_ID and UNKNOWN_ACTION_POINT', () => {
    const scenario = givenCommands(withAgreedActionPoint());
    scenario.when(reportProgress('AP1', 'P1', { text: '' })).thenRejects('INVALID_TEXT', { field: 'text' });
    scenario.when(reportProgress('AP1', 'P1', { reportedOn: '1 March' })).thenRejects('INVALID_DATE');
    scenario.when(reportProgress('AP1', 'P 1')).thenRejects('INVALID_ID', { field: 'reportId' });
    scenario.when(reportProgress('AP2')).thenRejects('UNKNOWN_ACTION_POINT');
  });
});

describe('AssessActionPoint', () => {
  it.each(['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED'] as const)(
    'sets the final status %s, from AGREED or IN_PROGRESS',
    (assessment) => {
      const fromAgreed = givenCommands(withAgreedActionPoint())
        .when({ type: 'AssessActionPoint', actionPointId: 'AP1', assessment, comment: ' Verified by the delegation ' })
        .then([
          {
            type: 'ActionPointAssessed',
            data: { actionPointId: 'AP1', assessment, comment: 'Verified by the delegation' },
          },
        ]);
      expect(fromAgreed.actionPoints['AP1']).toMatchObject({ status: assessment, assessment });
      givenCommands([...withAgreedActionPoint(), reportProgress()])
        .when(assess('AP1', assessment))
        .then([{ type: 'ActionPointAssessed', data: { actionPointId: 'AP1', assessment } }]);
    },
  );

  it('is refused with ACTION_POINT_NOT_AGREED on a proposed action point', () => {
    givenCommands([startCycle(), scheduleRound(), proposeActionPoint()])
      .when(assess())
      .thenRejects('ACTION_POINT_NOT_AGREED');
  });

  it('is refused with ACTION_POINT_ALREADY_ASSESSED', () => {
    givenCommands([...withAgreedActionPoint(), assess('AP1', 'PARTIALLY_COMPLETED')])
      .when(assess())
      .thenRejects('ACTION_POINT_ALREADY_ASSESSED', { message: /assessed as PARTIALLY_COMPLETED/ });
  });

  it('is refused with ACTION_POINT_FINAL once withdrawn', () => {
    givenCommands([...withAgreedActionPoint(), withdraw()])
      .when(assess())
      .thenRejects('ACTION_POINT_FINAL');
  });

  it('is refused with INVALID_ASSESSMENT and INVALID_TEXT', () => {
    const scenario = givenCommands(withAgreedActionPoint());
    scenario.when(assess('AP1', 'DONE' as never)).thenRejects('INVALID_ASSESSMENT', { field: 'assessment' });
    scenario
      .when({ type: 'AssessActionPoint', actionPointId: 'AP1', assessment: 'COMPLETED', comment: 'x'.repeat(4001) })
      .thenRejects('INVALID_TEXT', { field: 'comment' });
  });

  it('is refused with UNKNOWN_ACTION_POINT', () => {
    givenCommands(withAgreedActionPoint()).when(assess('AP2')).thenRejects('UNKNOWN_ACTION_POINT');
  });
});

describe('CloseRound', () => {
  it('closes a round without open action points', () => {
    givenCommands([...withAgreedActionPoint(), assess()])
      .when(closeRound())
      .then([{ type: 'RoundClosed', data: { roundId: 'R1', carriedOver: [] } }]);
  });

  it('carries every open action point (proposed, agreed, in progress) to the next round, then closes', () => {
    const scenario = givenCommands([
      ...withAgreedActionPoint(),
      proposeActionPoint('AP2'),
      proposeActionPoint('AP3'),
      agree('AP3'),
      reportProgress('AP3'),
      proposeActionPoint('AP4'),
      agree('AP4'),
      assess('AP4'),
      proposeActionPoint('AP5'),
      withdraw('AP5'),
      scheduleRound('R2', '2027-02-01'),
    ]);
    const carried = (id: string) => ({
      type: 'ActionPointCarriedOver' as const,
      data: { actionPointId: id, fromRoundId: 'R1', toRoundId: 'R2', roundsCarried: 1 },
    });
    const state = scenario
      .when(closeRound('R1', 'R2'))
      .then([
        carried('AP1'),
        carried('AP2'),
        carried('AP3'),
        { type: 'RoundClosed', data: { roundId: 'R1', carriedOver: ['AP1', 'AP2', 'AP3'], nextRoundId: 'R2' } },
      ]);
    expect(state.rounds['R1'].status).toBe('CLOSED');
    expect(state.actionPoints['AP3']).toMatchObject({ roundId: 'R2', originalRoundId: 'R1', status: 'IN_PROGRESS' });
    expect(state.actionPoints['AP4'].roundId).toBe('R1');
  });

  it('counts the rounds an action point has been carried', () => {
    givenCommands([
      ...withAgreedActionPoint(),
      scheduleRound('R2', '2027-02-01'),
      closeRound('R1', 'R2'),
      scheduleRound('R3', '2028-02-01'),
    ])
      .when(closeRound('R2', 'R3'))
      .then([
        {
          type: 'ActionPointCarriedOver',
          data: { actionPointId: 'AP1', fromRoundId: 'R2', toRoundId: 'R3', roundsCarried: 2 },
        },
        { type: 'RoundClosed', data: { roundId: 'R2', carriedOver: ['AP1'], nextRoundId: 'R3' } },
      ]);
  });

  it('is refused with OPEN_ACTION_POINTS_NEED_NEXT_ROUND, saying how many and what to do', () => {
    givenCommands([...withAgreedActionPoint(), proposeActionPoint('AP2')])
      .when(closeRound())
      .thenRejects('OPEN_ACTION_POINTS_NEED_NEXT_ROUND', {
        field: 'nextRoundId',
        message: /Round R1 still has 2 open action points \(AP1, AP2\)\. Schedule the next round/,
      });
  });

  it.each([
    ['an unknown round', 'R9', /no round R9/],
    ['the same round', 'R1', /to itself/],
    ['a closed round', 'R0', /R0 is already closed/],
  ])('is refused with INVALID_NEXT_ROUND for %s', (_case, nextRoundId, message) => {
    givenCommands([
      startCycle(),
      scheduleRound('R0', '2025-02-01'),
      closeRound('R0'),
      scheduleRound(),
      proposeActionPoint(),
    ])
      .when(closeRound('R1', nextRoundId))
      .thenRejects('INVALID_NEXT_ROUND', { field: 'nextRoundId', message });
  });

  it('is refused with UNKNOWN_ROUND and ROUND_ALREADY_CLOSED', () => {
    const scenario = givenCommands([startCycle(), scheduleRound(), closeRound()]);
    scenario.when(closeRound('R2')).thenRejects('UNKNOWN_ROUND');
    scenario.when(closeRound('R1')).thenRejects('ROUND_ALREADY_CLOSED');
  });
});

describe('CloseCycle and CancelCycle', () => {
  it('closes a cycle whose action points are all assessed or withdrawn', () => {
    const state = givenCommands([...withAgreedActionPoint(), assess(), proposeActionPoint('AP2'), withdraw('AP2')])
      .when({ type: 'CloseCycle', reason: ' Dialogue completed ' })
      .then([{ type: 'CycleClosed', data: { reason: 'Dialogue completed' } }]);
    expect(state.status).toBe('CLOSED');
    givenCommands([startCycle()])
      .when({ type: 'CloseCycle' })
      .then([{ type: 'CycleClosed', data: {} }]);
  });

  it('is refused with OPEN_ACTION_POINTS while some remain open', () => {
    givenCommands([...withAgreedActionPoint(), proposeActionPoint('AP2')])
      .when({ type: 'CloseCycle' })
      .thenRejects('OPEN_ACTION_POINTS', { message: /2 open action points \(AP1, AP2\).*cancel the cycle instead/ });
  });

  it('cancels a cycle, open action points included', () => {
    const state = givenCommands(withAgreedActionPoint())
      .when({ type: 'CancelCycle', reason: 'Dialogue suspended by the partner' })
      .then([{ type: 'CycleCancelled', data: { reason: 'Dialogue suspended by the partner' } }]);
    expect(state.status).toBe('CANCELLED');
  });

  it('is refused with REASON_REQUIRED when cancelling without a reason', () => {
    givenCommands([startCycle()])
      .when({ type: 'CancelCycle', reason: ' ' })
      .thenRejects('REASON_REQUIRED', { message: /cancelling the cycle/ });
  });
});

describe('AttachIndividualCase and EraseIndividualCase', () => {
  const caseRef = 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d';
  const attach = (actionPointId = 'AP1', ref = caseRef): CycleCommand => ({
    type: 'AttachIndividualCase',
    actionPointId,
    caseRef: ref,
  });
  const erase = (actionPointId = 'AP1', ref = caseRef): CycleCommand => ({
    type: 'EraseIndividualCase',
    actionPointId,
    caseRef: ref,
  });
  const reviewer = { userId: 'rev-1', role: 'REVIEWER' } as const;

  it('attaches a case by its reference only, and the state keeps when', () => {
    const state = givenCommands(withAgreedActionPoint())
      .when(attach(), meta('2026-03-01T08:00:00.000Z'))
      .then([{ type: 'IndividualCaseAttached', data: { actionPointId: 'AP1', caseRef } }]);
    expect(state.actionPoints['AP1'].individualCase).toEqual({ caseRef, attachedAt: '2026-03-01T08:00:00.000Z' });
  });

  it('erases it: the reference stays, with when and by whom', () => {
    const state = givenCommands([...withAgreedActionPoint(), attach()])
      .when(erase(), meta('2026-04-01T08:00:00.000Z', reviewer))
      .then([{ type: 'IndividualCaseErased', data: { actionPointId: 'AP1', caseRef } }]);
    expect(state.actionPoints['AP1'].individualCase).toEqual({
      caseRef,
      attachedAt: '2026-02-01T10:00:00.000Z',
      erased: { at: '2026-04-01T08:00:00.000Z', byUserId: 'rev-1', byRole: 'REVIEWER' },
    });
  });

  it('erases on a closed or cancelled cycle (a person may ask long after the follow-up ended)', () => {
    givenCommands([...withAgreedActionPoint(), attach(), { type: 'CancelCycle', reason: 'Suspended' }])
      .when(erase())
      .then([{ type: 'IndividualCaseErased', data: { actionPointId: 'AP1', caseRef } }]);
    givenCommands([...withAgreedActionPoint(), attach(), assess(), { type: 'CloseCycle' }])
      .when(erase())
      .then([{ type: 'IndividualCaseErased', data: { actionPointId: 'AP1', caseRef } }]);
  });

  it('is refused attaching to a closed cycle', () => {
    givenCommands([...withAgreedActionPoint(), { type: 'CancelCycle', reason: 'Suspended' }])
      .when(attach())
      .thenRejects('CYCLE_CLOSED');
  });

  it('is refused with INVALID_CASE_REF for anything but "case-" and a UUID (a name must never get in)', () => {
    for (const ref of ['Jane Doe', 'case-', `${caseRef} `, caseRef.toUpperCase(), 42]) {
      givenCommands(withAgreedActionPoint())
        .when({ type: 'AttachIndividualCase', actionPointId: 'AP1', caseRef: ref as string })
        .thenRejects('INVALID_CASE_REF', { field: 'caseRef' });
    }
    givenCommands([...withAgreedActionPoint(), attach()])
      .when(erase('AP1', 'Jane Doe'))
      .thenRejects('INVALID_CASE_REF');
  });

  it('is refused with CASE_ALREADY_ATTACHED: one case per action point, erased or not', () => {
    const other = 'case-0b8a7c1e-2f3d-4e5a-8b6c-7d9e0f1a2b3c';
    givenCommands([...withAgreedActionPoint(), attach()])
      .when(attach('AP1', other))
      .thenRejects('CASE_ALREADY_ATTACHED', { message: new RegExp(`already carries individual case ${caseRef}`) });
    givenCommands([...withAgreedActionPoint(), attach(), erase()])
      .when(attach('AP1', other))
      .thenRejects('CASE_ALREADY_ATTACHED', { message: /\(erased\)/ });
  });

  it('is refused attaching to an assessed or withdrawn action point, or an unknown one', () => {
    givenCommands([...withAgreedActionPoint(), withdraw()])
      .when(attach())
      .thenRejects('ACTION_POINT_FINAL');
    givenCommands(withAgreedActionPoint()).when(attach('AP9')).thenRejects('UNKNOWN_ACTION_POINT');
    givenCommands(withAgreedActionPoint()).when(erase('AP9')).thenRejects('UNKNOWN_ACTION_POINT');
  });

  it('is refused with UNKNOWN_CASE when the action point does not carry that case', () => {
    givenCommands(withAgreedActionPoint()).when(erase()).thenRejects('UNKNOWN_CASE', { field: 'caseRef' });
    givenCommands([...withAgreedActionPoint(), attach()])
      .when(erase('AP1', 'case-0b8a7c1e-2f3d-4e5a-8b6c-7d9e0f1a2b3c'))
      .thenRejects('UNKNOWN_CASE');
  });

  it('is refused with CASE_ALREADY_ERASED the second time', () => {
    givenCommands([...withAgreedActionPoint(), attach(), erase()])
      .when(erase())
      .thenRejects('CASE_ALREADY_ERASED', { message: /already erased on 2026-02-01T10:00:00.000Z/ });
  });

  it('keeps a closed cycle reachable while one of its cases is not erased', () => {
    const live = givenCommands([...withAgreedActionPoint(), attach(), { type: 'CancelCycle', reason: 'Suspended' }]);
    expect(hasLiveIndividualCase(live.state)).toBe(true);
    expect(hasLiveIndividualCase(live.and(erase()).state)).toBe(false);
    expect(hasLiveIndividualCase(givenCommands(withAgreedActionPoint()).state)).toBe(false);
  });
});

describe('RecordGspStage', () => {
  const gsp = () => givenCommands([startOfType('GSP_PLUS_MONITORING')]);

  it('records the stages in order, the list of issues with its replies due date', () => {
    let scenario = gsp();
    scenario
      .when({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01', repliesDueOn: '2026-05-31' })
      .then([
        {
          type: 'GspStageRecorded',
          data: { stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01', repliesDueOn: '2026-05-31' },
        },
      ]);
    scenario = scenario.and({
      type: 'RecordGspStage',
      stage: 'LIST_OF_ISSUES_SENT',
      on: '2026-03-01',
      repliesDueOn: '2026-05-31',
    });
    for (const [stage, on] of [
      ['REPLIES_RECEIVED', '2026-05-20'],
      ['MONITORING_MISSION_HELD', '2026-09-15'],
      ['ASSESSMENT_COMPLETED', '2027-03-01'],
      ['REPORT_PUBLISHED', '2027-11-30'],
    ] as const) {
      scenario.when({ type: 'RecordGspStage', stage, on }).then([{ type: 'GspStageRecorded', data: { stage, on } }]);
      scenario = scenario.and({ type: 'RecordGspStage', stage, on });
    }
    expect(scenario.state.gsp).toEqual({
      stages: {
        LIST_OF_ISSUES_SENT: '2026-03-01',
        REPLIES_RECEIVED: '2026-05-20',
        MONITORING_MISSION_HELD: '2026-09-15',
        ASSESSMENT_COMPLETED: '2027-03-01',
        REPORT_PUBLISHED: '2027-11-30',
      },
      repliesDueOn: '2026-05-31',
      repliesDueSetAt: DEFAULT_AGREED_AT,
    });
  });

  it('is accepted on EBA enhanced engagement cycles too', () => {
    givenCommands([startOfType('EBA_ENHANCED_ENGAGEMENT')])
      .when({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01' })
      .then([{ type: 'GspStageRecorded', data: { stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01' } }]);
  });

  it.each(['HUMAN_RIGHTS_DIALOGUE', 'GSP_WITHDRAWAL_PROCEDURE'] as const)(
    'is refused with NOT_A_GSP_CYCLE on %s',
    (type) => {
      givenCommands([startOfType(type)])
        .when({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01' })
        .thenRejects('NOT_A_GSP_CYCLE', { message: new RegExp(type) });
    },
  );

  it('is refused with GSP_STAGE_OUT_OF_ORDER when a stage is skipped or dated before the previous one', () => {
    gsp()
      .when({ type: 'RecordGspStage', stage: 'MONITORING_MISSION_HELD', on: '2026-03-01' })
      .thenRejects('GSP_STAGE_OUT_OF_ORDER', { message: /before LIST_OF_ISSUES_SENT/ });
    gsp()
      .and({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01' })
      .when({ type: 'RecordGspStage', stage: 'REPLIES_RECEIVED', on: '2026-02-01' })
      .thenRejects('GSP_STAGE_OUT_OF_ORDER', { field: 'on', message: /on or after 2026-03-01/ });
  });

  it('is refused with GSP_STAGE_ALREADY_RECORDED', () => {
    gsp()
      .and({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01' })
      .when({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-02' })
      .thenRejects('GSP_STAGE_ALREADY_RECORDED', { message: /recorded on 2026-03-01/ });
  });

  it('is refused with INVALID_REPLIES_DUE_ON on another stage or before the list was sent', () => {
    gsp()
      .when({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01', repliesDueOn: '2026-02-01' })
      .thenRejects('INVALID_REPLIES_DUE_ON', { field: 'repliesDueOn', message: /2026-02-01 is before/ });
    gsp()
      .and({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01' })
      .when({ type: 'RecordGspStage', stage: 'REPLIES_RECEIVED', on: '2026-04-01', repliesDueOn: '2026-05-01' })
      .thenRejects('INVALID_REPLIES_DUE_ON', { field: 'repliesDueOn' });
  });

  it('is refused with UNKNOWN_GSP_STAGE and INVALID_DATE', () => {
    gsp()
      .when({ type: 'RecordGspStage', stage: 'SCORECARD' as never, on: '2026-03-01' })
      .thenRejects('UNKNOWN_GSP_STAGE', { field: 'stage' });
    gsp()
      .when({ type: 'RecordGspStage', stage: 'LIST_OF_ISSUES_SENT', on: '2026-03-01', repliesDueOn: '2026-06-31' })
      .thenRejects('INVALID_DATE', { field: 'repliesDueOn' });
  });
});

describe('InitiateWithdrawal and RecordWithdrawalDecision', () => {
  const procedure = () =>
    givenCommands([startCycle({ cycleType: 'GSP_WITHDRAWAL_PROCEDURE', title: 'EBA withdrawal Cambodia' })]);
  const initiated = () => procedure().and({ type: 'InitiateWithdrawal', initiatedOn: '2019-02-12' });

  it('initiates the procedure with its legal milestones', () => {
    procedure()
      .when({ type: 'InitiateWithdrawal', initiatedOn: '2019-02-12' })
      .then([{ type: 'WithdrawalInitiated', data: { milestones: withdrawalMilestones('2019-02-12') } }]);
  });

  it('records the decision and dates the effect six months after it (Cambodia: effect on 2020-08-12)', () => {
    const state = initiated()
      .when({ type: 'RecordWithdrawalDecision', decidedOn: '2020-02-12', withdrawn: true })
      .then([
        {
          type: 'WithdrawalDecisionRecorded',
          data: {
            decidedOn: '2020-02-12',
            withdrawn: true,
            milestones: {
              initiatedOn: '2019-02-12',
              monitoringEndsOn: '2019-08-12',
              commissionReportDueOn: '2019-11-12',
              decisionDueOn: '2020-02-12',
              withdrawalTakesEffectOn: '2020-08-12',
            },
          },
        },
      ]);
    expect(state.withdrawal).toMatchObject({ decidedOn: '2020-02-12', withdrawn: true });
  });

  it('is refused with NOT_A_WITHDRAWAL_PROCEDURE on other cycle types', () => {
    const gsp = givenCommands([startOfType('GSP_PLUS_MONITORING')]);
    gsp.when({ type: 'InitiateWithdrawal', initiatedOn: '2019-02-12' }).thenRejects('NOT_A_WITHDRAWAL_PROCEDURE');
    gsp
      .when({ type: 'RecordWithdrawalDecision', decidedOn: '2020-02-12', withdrawn: true })
      .thenRejects('NOT_A_WITHDRAWAL_PROCEDURE');
  });

  it('is refused with WITHDRAWAL_ALREADY_INITIATED', () => {
    initiated()
      .when({ type: 'InitiateWithdrawal', initiatedOn: '2019-03-01' })
      .thenRejects('WITHDRAWAL_ALREADY_INITIATED', { message: /2019-02-12/ });
  });

  it('is refused with WITHDRAWAL_NOT_INITIATED', () => {
    procedure()
      .when({ type: 'RecordWithdrawalDecision', decidedOn: '2020-02-12', withdrawn: true })
      .thenRejects('WITHDRAWAL_NOT_INITIATED');
  });

  it('is refused with WITHDRAWAL_ALREADY_DECIDED', () => {
    initiated()
      .and({ type: 'RecordWithdrawalDecision', decidedOn: '2020-02-12', withdrawn: true })
      .when({ type: 'RecordWithdrawalDecision', decidedOn: '2020-02-13', withdrawn: false })
      .thenRejects('WITHDRAWAL_ALREADY_DECIDED', { message: /2020-02-12 \(preferences withdrawn\)/ });
  });

  it('is refused with INVALID_DATE, DECISION_BEFORE_INITIATION and INVALID_DECISION', () => {
    procedure().when({ type: 'InitiateWithdrawal', initiatedOn: '12/02/2019' }).thenRejects('INVALID_DATE');
    initiated()
      .when({ type: 'RecordWithdrawalDecision', decidedOn: '2019-01-01', withdrawn: true })
      .thenRejects('DECISION_BEFORE_INITIATION', { field: 'decidedOn' });
    initiated()
      .when({ type: 'RecordWithdrawalDecision', decidedOn: '2020-02-12', withdrawn: 'yes' as never })
      .thenRejects('INVALID_DECISION', { field: 'withdrawn' });
  });
});

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
