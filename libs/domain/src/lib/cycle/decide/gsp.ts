import { type CycleType, type GspStage } from '../cycle-types';
import type { DomainError } from '../decider';
import type { CycleState } from '../state';
import { withdrawalMilestones } from '../withdrawal';
import { Outcome, Command, Decisions } from './outcome';
import { reject } from './rejections';

export const GSP_STAGE_ORDER: readonly GspStage[] = [
  'LIST_OF_ISSUES_SENT',
  'REPLIES_RECEIVED',
  'MONITORING_MISSION_HELD',
  'ASSESSMENT_COMPLETED',
  'REPORT_PUBLISHED',
];

export const GSP_CYCLE_TYPES: readonly CycleType[] = ['GSP_PLUS_MONITORING', 'EBA_ENHANCED_ENGAGEMENT'];

export function recordGspStage(state: CycleState, c: Command<'RecordGspStage'>): Outcome {
  if (!GSP_CYCLE_TYPES.includes(state.cycleType as CycleType)) {
    return reject(
      'NOT_A_GSP_CYCLE',
      `GSP stages are recorded only on GSP+ monitoring and EBA enhanced engagement cycles; cycle ${state.cycleId} is a ${state.cycleType} cycle.`,
      'stage',
    );
  }
  const index = GSP_STAGE_ORDER.indexOf(c.stage);
  const stages = state.gsp?.stages ?? {};
  const recordedOn = stages[c.stage];
  if (recordedOn !== undefined) {
    return reject(
      'GSP_STAGE_ALREADY_RECORDED',
      `${c.stage} was already recorded on ${recordedOn}. Each stage is recorded once per cycle.`,
      'stage',
    );
  }
  const missing = GSP_STAGE_ORDER.slice(0, index).find((stage) => stages[stage] === undefined);
  if (missing) {
    return reject(
      'GSP_STAGE_OUT_OF_ORDER',
      `${c.stage} cannot be recorded before ${missing}. Record the stages in order: ${GSP_STAGE_ORDER.join(' → ')}.`,
      'stage',
    );
  }
  const previous = index > 0 ? GSP_STAGE_ORDER[index - 1] : undefined;
  const previousOn = previous ? stages[previous] : undefined;
  if (previous && previousOn !== undefined && c.on < previousOn) {
    return reject(
      'GSP_STAGE_OUT_OF_ORDER',
      `${c.stage} on ${c.on} would come before ${previous} on ${previousOn}. Give a date on or after ${previousOn}.`,
      'on',
    );
  }
  if (c.repliesDueOn !== undefined) {
    if (c.stage !== 'LIST_OF_ISSUES_SENT') {
      return reject(
        'INVALID_REPLIES_DUE_ON',
        `A replies due date goes with LIST_OF_ISSUES_SENT, not with ${c.stage}. Leave repliesDueOn out.`,
        'repliesDueOn',
      );
    }
    if (c.repliesDueOn < c.on) {
      return reject(
        'INVALID_REPLIES_DUE_ON',
        `The replies due date ${c.repliesDueOn} is before the list of issues was sent (${c.on}). Choose a date on or after ${c.on}.`,
        'repliesDueOn',
      );
    }
  }
  return [
    {
      type: 'GspStageRecorded',
      data: { stage: c.stage, on: c.on, ...(c.repliesDueOn !== undefined ? { repliesDueOn: c.repliesDueOn } : {}) },
    },
  ];
}

export function checkWithdrawalCycle(state: CycleState): DomainError | undefined {
  return state.cycleType === 'GSP_WITHDRAWAL_PROCEDURE'
    ? undefined
    : reject(
        'NOT_A_WITHDRAWAL_PROCEDURE',
        `Withdrawal steps are recorded only on GSP withdrawal procedure cycles; cycle ${state.cycleId} is a ${state.cycleType} cycle.`,
      );
}

// ---- lookups and messages ----

export function initiateWithdrawal(state: CycleState, c: Command<'InitiateWithdrawal'>): Outcome {
  const problem = checkWithdrawalCycle(state);
  if (problem) return problem;
  if (state.withdrawal) {
    return reject(
      'WITHDRAWAL_ALREADY_INITIATED',
      `The withdrawal procedure was already initiated on ${state.withdrawal.milestones.initiatedOn}. Start a new cycle for a new procedure.`,
    );
  }
  return [{ type: 'WithdrawalInitiated', data: { milestones: withdrawalMilestones(c.initiatedOn) } }];
}

export function recordWithdrawalDecision(state: CycleState, c: Command<'RecordWithdrawalDecision'>): Outcome {
  const problem = checkWithdrawalCycle(state);
  if (problem) return problem;
  const withdrawal = state.withdrawal;
  if (!withdrawal) {
    return reject(
      'WITHDRAWAL_NOT_INITIATED',
      'The withdrawal procedure has not been initiated. Record its initiation (InitiateWithdrawal) first.',
    );
  }
  if (withdrawal.decidedOn !== undefined) {
    return reject(
      'WITHDRAWAL_ALREADY_DECIDED',
      `The final decision was already recorded on ${withdrawal.decidedOn} (${withdrawal.withdrawn ? 'preferences withdrawn' : 'preferences kept'}).`,
    );
  }
  const { initiatedOn } = withdrawal.milestones;
  if (c.decidedOn < initiatedOn) {
    return reject(
      'DECISION_BEFORE_INITIATION',
      `The decision date ${c.decidedOn} is before the procedure was initiated (${initiatedOn}). Check the date.`,
      'decidedOn',
    );
  }
  return [
    {
      type: 'WithdrawalDecisionRecorded',
      data: {
        decidedOn: c.decidedOn,
        withdrawn: c.withdrawn,
        milestones: withdrawalMilestones(initiatedOn, c.decidedOn),
      },
    },
  ];
}

export const gspDecisions: Decisions<'RecordGspStage' | 'InitiateWithdrawal' | 'RecordWithdrawalDecision'> = {
  RecordGspStage: recordGspStage,
  InitiateWithdrawal: initiateWithdrawal,
  RecordWithdrawalDecision: recordWithdrawalDecision,
};
