import type { LocalDate, WithdrawalMilestones } from './cycle-types';
import { addMonths, isLocalDate } from './dates';

/** The legal clock of a GSP withdrawal procedure, in months from its initiation. */
export const WITHDRAWAL_CLOCK_MONTHS = {
  monitoring: 6,
  commissionReport: 9,
  decision: 12,
  effectAfterDecision: 6,
} as const;

/**
 * Every milestone is computed from `initiatedOn` (not chained), so one clamped month end
 * does not drag the next milestones earlier. The withdrawal takes effect six months after
 * the recorded decision, or after the decision's due date while none is recorded.
 */
export function withdrawalMilestones(initiatedOn: LocalDate, decidedOn?: LocalDate): WithdrawalMilestones {
  if (!isLocalDate(initiatedOn)) throw new RangeError(`"${initiatedOn}" is not a YYYY-MM-DD date`);
  if (decidedOn !== undefined && !isLocalDate(decidedOn))
    throw new RangeError(`"${decidedOn}" is not a YYYY-MM-DD date`);
  const decisionDueOn = addMonths(initiatedOn, WITHDRAWAL_CLOCK_MONTHS.decision);
  return {
    initiatedOn,
    monitoringEndsOn: addMonths(initiatedOn, WITHDRAWAL_CLOCK_MONTHS.monitoring),
    commissionReportDueOn: addMonths(initiatedOn, WITHDRAWAL_CLOCK_MONTHS.commissionReport),
    decisionDueOn,
    withdrawalTakesEffectOn: addMonths(decidedOn ?? decisionDueOn, WITHDRAWAL_CLOCK_MONTHS.effectAfterDecision),
  };
}
