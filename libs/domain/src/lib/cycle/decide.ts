import type { CycleCommand } from './commands';
import { type CommandMetadata } from './cycle-types';
import type { Decide } from './decider';
import type { CycleEvent } from './events';
import type { CycleState } from './state';
import {
  proposeActionPoint,
  recordAgreedActionPoint,
  agreeActionPoint,
  amendActionPoint,
  withdrawActionPoint,
} from './decide/action-points';
import { checkMetadata } from './decide/checks';
import { closeCycle, cancelCycle } from './decide/cycle-closure';
import { recordGspStage, initiateWithdrawal, recordWithdrawalDecision } from './decide/gsp';
import { attachIndividualCase, eraseIndividualCase } from './decide/individual-cases';
import { Outcome } from './decide/outcome';
import { reportProgress, assessActionPoint } from './decide/progress-and-assessment';
import { reject } from './decide/rejections';
import { scheduleRound, recordRoundHeld, closeRound } from './decide/rounds';
import { sendReminder } from './decide/send-reminder';
import { startCycle } from './decide/start-cycle';
import { parseCycleCommand } from './parse-command';

// What the rest of the domain and its clients use from the decision modules.
export { rejectionCodes, type RejectionCode } from './decide/rejections';
export type { EventDraft } from './decide/outcome';
export { GSP_STAGE_ORDER } from './decide/gsp';
export { hasLiveIndividualCase } from './decide/individual-cases';

/**
 * Decides what a command means for the cycle: the events to record, or why it is refused.
 * Pure and total: commands arrive as untrusted JSON, so each is first checked against its schema
 * (command-schemas.ts, which normalises it too); the decision modules apply the business rules
 * to what passed. Nothing is thrown.
 */
export const decide: Decide = (state, command, metadata) => {
  const outcome = decideOutcome(state, command, metadata);
  if (!Array.isArray(outcome)) return { accepted: false, error: outcome };
  const events = outcome.map(
    (draft, i) =>
      ({
        ...draft,
        cycleId: state.cycleId,
        sequence: state.version + i + 1,
        occurredAt: metadata.issuedAt,
        actor: { userId: metadata.actor.userId, role: metadata.actor.role },
        commandId: metadata.commandId,
      }) as CycleEvent,
  );
  return { accepted: true, events };
};

function decideOutcome(state: CycleState, received: CycleCommand, metadata: CommandMetadata): Outcome {
  const metadataProblem = checkMetadata(metadata);
  if (metadataProblem) return metadataProblem;
  const command = parseCycleCommand(received);
  if (!('type' in command)) return command;
  if (command.type === 'StartCycle') {
    if (state.started) {
      return reject(
        'CYCLE_ALREADY_STARTED',
        `Cycle ${state.cycleId} was already started ("${state.title}", ${state.cycleType}); a cycle is started only once.`,
      );
    }
    return startCycle(state, command);
  }
  if (!state.started) {
    return reject(
      'CYCLE_NOT_STARTED',
      `Cycle ${state.cycleId} has not been started. Start it (StartCycle) before sending ${command.type}.`,
    );
  }
  // A person's data must stay erasable after the follow-up ends: the one change a closed cycle takes.
  if (command.type === 'EraseIndividualCase') return eraseIndividualCase(state, command);
  if (state.status === 'CLOSED' || state.status === 'CANCELLED') {
    return reject(
      'CYCLE_CLOSED',
      `Cycle ${state.cycleId} is ${state.status === 'CLOSED' ? 'closed' : 'cancelled'}: it accepts no further changes. Start a new cycle to continue the follow-up.`,
    );
  }
  switch (command.type) {
    case 'ScheduleRound':
      return scheduleRound(state, command);
    case 'RecordRoundHeld':
      return recordRoundHeld(state, command);
    case 'ProposeActionPoint':
      return proposeActionPoint(state, command);
    case 'RecordAgreedActionPoint':
      return recordAgreedActionPoint(state, command, metadata);
    case 'AgreeActionPoint':
      return agreeActionPoint(state, command);
    case 'AmendActionPoint':
      return amendActionPoint(state, command);
    case 'WithdrawActionPoint':
      return withdrawActionPoint(state, command);
    case 'ReportProgress':
      return reportProgress(state, command);
    case 'AssessActionPoint':
      return assessActionPoint(state, command);
    case 'CloseRound':
      return closeRound(state, command, metadata);
    case 'CloseCycle':
      return closeCycle(state, command);
    case 'CancelCycle':
      return cancelCycle(command);
    case 'RecordGspStage':
      return recordGspStage(state, command);
    case 'InitiateWithdrawal':
      return initiateWithdrawal(state, command);
    case 'RecordWithdrawalDecision':
      return recordWithdrawalDecision(state, command);
    case 'AttachIndividualCase':
      return attachIndividualCase(state, command);
    case 'SendReminder':
      return sendReminder(state, command, metadata);
    default:
      return reject('UNKNOWN_COMMAND', `"${(command as { type: string }).type}" is not a cycle command.`, 'type');
  }
}
