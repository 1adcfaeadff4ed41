import { withdrawalMilestones } from './withdrawal';

describe('withdrawalMilestones', () => {
  it('follows the Cambodia case: initiated 2019-02-12, decided 2020-02-12, effective 2020-08-12', () => {
    expect(withdrawalMilestones('2019-02-12', '2020-02-12')).toEqual({
      initiatedOn: '2019-02-12',
      monitoringEndsOn: '2019-08-12',
      commissionReportDueOn: '2019-11-12',
      decisionDueOn: '2020-02-12',
      withdrawalTakesEffectOn: '2020-08-12',
    });
  });

  it('dates the effect from the decision due date while no decision is recorded', () => {
    expect(withdrawalMilestones('2026-03-15').withdrawalTakesEffectOn).toBe('2027-09-15');
  });

  it('dates the effect from the recorded decision, even a late one', () => {
    expect(withdrawalMilestones('2026-03-15', '2027-05-02').withdrawalTakesEffectOn).toBe('2027-11-02');
  });

  it('clamps month ends, computing each milestone from the initiation (not from the clamped one before)', () => {
    expect(withdrawalMilestones('2019-08-31')).toEqual({
      initiatedOn: '2019-08-31',
      monitoringEndsOn: '2020-02-29',
      commissionReportDueOn: '2020-05-31',
      decisionDueOn: '2020-08-31',
      withdrawalTakesEffectOn: '2021-02-28',
    });
    expect(withdrawalMilestones('2021-08-31').monitoringEndsOn).toBe('2022-02-28');
    expect(withdrawalMilestones('2020-05-31', '2021-03-31').withdrawalTakesEffectOn).toBe('2021-09-30');
    expect(withdrawalMilestones('2023-02-28').decisionDueOn).toBe('2024-02-28');
  });

  it('refuses dates that are not YYYY-MM-DD', () => {
    expect(() => withdrawalMilestones('2019-02-30')).toThrow(RangeError);
    expect(() => withdrawalMilestones('2019-02-12', '12/02/2020')).toThrow(RangeError);
  });
});
