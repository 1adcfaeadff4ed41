import { givenCommands, meta } from '../../../testing/decider-spec';
import {
  agree,
  assess,
  closeRound,
  proposeActionPoint,
  scheduleRound,
  startCycle,
  terms,
  withAgreedActionPoint,
  withdraw,
} from '../../../testing/fixtures';
import type { CycleCommand } from '../commands';
import { decide } from '../decide';

/** Cases of `decide` for ProposeActionPoint, AgreeActionPoint, AmendActionPoint, WithdrawActionPoint; run by ../decide.spec.ts, which checks that every rejection code is exercised. */
const DEFAULT_AGREED_AT = '2026-02-01T10:00:00.000Z';

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
    ['an unknown mechanism', [{ mechanism: 'ICJ', text: 'x' }], 'unReferences[0].mechanism'],
    ['no text', [{ mechanism: 'UPR', text: '' }], 'unReferences[0].text'],
    ['not a list', 'UPR 141.23', 'unReferences'],
  ])('is refused with INVALID_UN_REFERENCE for %s, naming the faulty value', (_case, unReferences, field) => {
    withRound()
      .when(proposeActionPoint('AP1', { unReferences: unReferences as never }))
      .thenRejects('INVALID_UN_REFERENCE', { field });
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
