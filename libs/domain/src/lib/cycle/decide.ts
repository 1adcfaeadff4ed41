import type { CycleCommand } from './commands';
import { type CommandMetadata } from './cycle-types';
import type { Decide } from './decider';
import type { CycleEvent } from './events';
import type { CycleState } from './state';
import { actionPointDecisions } from './decide/action-points';
import { checkMetadata } from './decide/checks';
import { cycleClosureDecisions } from './decide/cycle-closure';
import { gspDecisions } from './decide/gsp';
import { individualCaseDecisions } from './decide/individual-cases';
import { type Decision, type Decisions, Outcome } from './decide/outcome';
import { progressAndAssessmentDecisions } from './decide/progress-and-assessment';
import { reject } from './decide/rejections';
import { roundDecisions } from './decide/rounds';
import { reminderDecisions } from './decide/send-reminder';
import { startDecisions } from './decide/start-cycle';
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
    return decisions.StartCycle(state, command, metadata);
  }
  if (!state.started) {
    return reject(
      'CYCLE_NOT_STARTED',
      `Cycle ${state.cycleId} has not been started. Start it (StartCycle) before sending ${command.type}.`,
    );
  }
  // A person's data must stay erasable after the follow-up ends: the one change a closed cycle takes.
  if ((state.status === 'CLOSED' || state.status === 'CANCELLED') && command.type !== 'EraseIndividualCase') {
    return reject(
      'CYCLE_CLOSED',
      `Cycle ${state.cycleId} is ${state.status === 'CLOSED' ? 'closed' : 'cancelled'}: it accepts no further changes. Start a new cycle to continue the follow-up.`,
    );
  }
  // The command passed its schema, so its type is one of the table's keys and the rules take it.
  return (decisions[command.type] as Decision<CycleCommand['type']>)(state, command, metadata);
}

/** Every command's rules, one table per decision module: a command without rules does not compile. */
const decisions: Decisions<CycleCommand['type']> = {
  ...startDecisions,
  ...roundDecisions,
  ...actionPointDecisions,
  ...progressAndAssessmentDecisions,
  ...cycleClosureDecisions,
  ...gspDecisions,
  ...individualCaseDecisions,
  ...reminderDecisions,
};
