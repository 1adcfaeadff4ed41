import { givenCommands } from '../../../testing/decider-spec';
import {
  agree,
  assess,
  closeRound,
  proposeActionPoint,
  reportProgress,
  scheduleRound,
  startCycle,
  terms,
  withAgreedActionPoint,
  withdraw,
} from '../../../testing/fixtures';
import type { CycleCommand } from '../commands';

/** Cases of `decide` for ScheduleRound, recording a meeting in few commands, RecordRoundHeld, CloseRound; run by ../decide.spec.ts, which checks that every rejection code is exercised. */
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
