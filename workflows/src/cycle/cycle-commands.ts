import { ApplicationFailure } from '@temporalio/workflow';
import {
  DOMAIN_REJECTION,
  type CommandRequest,
  type CommandResult,
  type CycleWorkflowInput,
} from '@suivi/cycle-workflow-api';
import {
  decide,
  type CommandMetadata,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
  type DomainError,
} from '@suivi/domain';

/** A refusal the client receives as the Update's failure (type DomainRejection, the error in details). */
export function rejection(error: DomainError): ApplicationFailure {
  return ApplicationFailure.create({
    type: DOMAIN_REJECTION,
    message: error.message,
    details: [error],
    nonRetryable: true,
  });
}

export interface CycleCommandsDeps {
  /** The cycle's current state. */
  state(): CycleState;
  /** Records accepted events: folds them into the state and puts them in the outbox. */
  apply(events: CycleEvent[]): void;
}

/**
 * Commands as Workflow Updates (ADR 0006). The validator runs the domain's `decide` (and the
 * optimistic version check) before anything is written, so a rejected command leaves no trace
 * in history; the handler applies the events. Validators do not run on replay, where the
 * handler decides again.
 */
export class CycleCommands {
  /** The validator's decision, reused by the handler that runs right after it on the same state. */
  private validated: { request: CommandRequest; version: number; events: CycleEvent[] } | undefined;

  constructor(private readonly deps: CycleCommandsDeps) {}

  /**
   * Applies the start command and its follow-ups (a cycle imported with its first round and
   * agreed action points). The client runs the same `decide` before starting, so a rejection
   * here is a bug or a race.
   */
  start(start: NonNullable<CycleWorkflowInput['start']>): void {
    this.deps.apply(this.decideOrReject(start.command, start.metadata));
    for (const next of start.then ?? []) this.deps.apply(this.decideOrReject(next.command, next.metadata));
  }

  /** The Update's validator: throws the refusal, writes nothing. */
  validate(request: CommandRequest): void {
    if (request.command.type === 'SendReminder') {
      throw rejection({
        code: 'SYSTEM_COMMAND',
        message: 'Reminders are sent by the cycle itself, not on request.',
      });
    }
    const { version } = this.deps.state();
    if (request.expectedVersion !== undefined && request.expectedVersion !== version) {
      throw rejection({
        code: 'VERSION_CONFLICT',
        message: `The cycle changed since you read it (your version ${request.expectedVersion}, current ${version}). Reload and try again.`,
      });
    }
    this.validated = { request, version, events: this.decideOrReject(request.command, request.metadata) };
  }

  /** The Update's handler: applies the command's events and answers with the new version. */
  execute(request: CommandRequest): CommandResult {
    const validated = this.validated;
    const events =
      validated?.request === request && validated.version === this.deps.state().version
        ? validated.events
        : this.decideOrReject(request.command, request.metadata);
    this.validated = undefined;
    this.deps.apply(events);
    return { version: this.deps.state().version, events };
  }

  private decideOrReject(command: CycleCommand, metadata: CommandMetadata): CycleEvent[] {
    const decision = decide(this.deps.state(), command, metadata);
    if (!decision.accepted) throw rejection(decision.error);
    return decision.events;
  }
}
