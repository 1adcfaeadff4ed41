import { givenCommands } from '../../../testing/decider-spec';
import { startCycle, startOfType } from '../../../testing/fixtures';
import { withdrawalMilestones } from '../withdrawal';

/** Cases of `decide` for RecordGspStage, InitiateWithdrawal and RecordWithdrawalDecision; run by ../decide.spec.ts, which checks that every rejection code is exercised. */
const DEFAULT_AGREED_AT = '2026-02-01T10:00:00.000Z';

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
