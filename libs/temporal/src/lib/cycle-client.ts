import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import {
  CYCLE_WORKFLOW_TYPE,
  CycleSearchAttributes,
  cycleStateQuery,
  DOMAIN_REJECTION,
  executeCommandUpdate,
  publishingStatusQuery,
  type CommandRequest,
  type CommandResult,
  type CycleWorkflowInput,
  type CycleWorkflowOptions,
  type StartCycleCommand,
} from '@suivi/cycle-workflow-api';
import {
  cycleWorkflowId,
  decide,
  evolve,
  initialState,
  type CommandMetadata,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
  type DomainError,
} from '@suivi/domain';

/** A command the domain (or the cycle's lifecycle) refused, with the reason for the user. */
export class CommandRejectedError extends Error {
  constructor(readonly reason: DomainError) {
    super(reason.message);
    this.name = 'CommandRejectedError';
  }
}

/**
 * A command that did not reach its cycle within the delivery bound: no worker took the Update
 * (none running, or all stuck), or the Temporal server did not answer. It may still be applied
 * later, once, if the server had admitted it: a retry with the same command id (Update id)
 * gets that outcome instead of applying it twice.
 */
export class CommandNotDeliveredError extends Error {
  constructor(
    readonly cycleId: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`The command for cycle ${cycleId} was not delivered within ${timeoutMs} ms.`, options);
    this.name = 'CommandNotDeliveredError';
  }
}

export interface CycleClientOptions {
  /**
   * Bound on sending one command (start or Update), including the client's own retries; past
   * it the command fails with CommandNotDeliveredError instead of waiting for a worker. None by
   * default (waits as long as the server holds the call).
   */
  deliveryTimeoutMs?: number;
}

/** CANCELLED (how the client reports its own deadline), DEADLINE_EXCEEDED, UNAVAILABLE. */
const NOT_DELIVERED_CODES = new Set([1, 4, 14]);

/**
 * The call's deadline fired (the SDK retries neither DEADLINE_EXCEEDED nor CANCELLED), or the
 * server stayed unreachable until then (UNAVAILABLE is retried by the SDK within the deadline).
 */
function isNotDelivered(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  for (let cause: unknown = error; cause instanceof Error; cause = (cause as { cause?: unknown }).cause) {
    if (isGrpcServiceError(cause) && NOT_DELIVERED_CODES.has(cause.code)) return true;
  }
  return false;
}

function domainErrorOf(error: unknown): DomainError | undefined {
  let cause: unknown = error;
  while (cause instanceof Error) {
    const failure = cause as Error & { type?: string; details?: unknown[] };
    if (failure.type === DOMAIN_REJECTION && Array.isArray(failure.details)) return failure.details[0] as DomainError;
    cause = (cause as Error & { cause?: unknown }).cause;
  }
  return undefined;
}

const MAX_UPDATE_ATTEMPTS = 5;
/** Without a delivery bound, how often an Update refused while the workflow task fails is sent again (about 18 s). */
const MAX_FAILED_TASK_ATTEMPTS = 20;
const GRPC_FAILED_PRECONDITION = 9;

function isFailedPrecondition(error: unknown, message: RegExp): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === GRPC_FAILED_PRECONDITION && message.test(cause.message)) return true;
  }
  return false;
}

/**
 * The server aborts an in-flight Update when the workflow task it rode on fails, e.g. when
 * the cycle continues-as-new just as the Update arrives (UnhandledCommand). The failed
 * task's acceptance is discarded, so nothing was applied and sending it again is safe.
 */
const isAbortedByWorkflowTaskFailure = (error: unknown) => isFailedPrecondition(error, /workflow task failure/i);

/**
 * While a cycle's last workflow task failed or timed out (a worker died holding it), the server
 * refuses every new Update until a worker completes a task for that cycle, usually within
 * seconds. The Update was not admitted, so sending it again is safe (found by the chaos suite:
 * these refusals came back as 500s while worker replicas were killed).
 */
const isRefusedWhileWorkflowTaskFails = (error: unknown) =>
  isFailedPrecondition(error, /workflow task in failed state/i);

/** Sends cycle commands to their workflows: the only way commands reach a cycle. */
export class CycleClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly options: CycleClientOptions = {},
  ) {}

  /** Runs `send` under the delivery deadline, if any; a missed deadline becomes CommandNotDeliveredError. */
  private async deliver<T>(cycleId: string, send: () => Promise<T>): Promise<T> {
    const timeoutMs = this.options.deliveryTimeoutMs;
    // Only a real client sets call deadlines (a stand-in in unit tests may not): without, unbounded.
    if (timeoutMs === undefined || typeof this.client.withDeadline !== 'function') return send();
    try {
      return await this.client.withDeadline(Date.now() + timeoutMs, send);
    } catch (error) {
      if (isNotDelivered(error)) throw new CommandNotDeliveredError(cycleId, timeoutMs, { cause: error });
      throw error;
    }
  }

  /**
   * Starts the cycle's workflow. The same `decide` the workflow runs is run here first,
   * so an invalid start is refused with its reason and no workflow is created.
   */
  async start(
    command: StartCycleCommand,
    metadata: CommandMetadata,
    options?: CycleWorkflowOptions,
    then: Array<{ command: CycleCommand; metadata: CommandMetadata }> = [],
  ): Promise<CommandResult> {
    // All or nothing: every follow-up command must be accepted after the ones before it.
    let state = initialState(command.cycleId);
    const events: CycleEvent[] = [];
    for (const step of [{ command, metadata }, ...then]) {
      const decision = decide(state, step.command, step.metadata);
      if (!decision.accepted) throw new CommandRejectedError(decision.error);
      for (const event of decision.events) state = evolve(state, event);
      events.push(...decision.events);
    }
    const input: CycleWorkflowInput = { cycleId: command.cycleId, start: { command, metadata, then }, options };
    try {
      await this.deliver(command.cycleId, () =>
        this.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
          taskQueue: this.taskQueue,
          workflowId: cycleWorkflowId(command.cycleId),
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          typedSearchAttributes: [
            { key: CycleSearchAttributes.country, value: command.country },
            { key: CycleSearchAttributes.cycleType, value: command.cycleType },
            { key: CycleSearchAttributes.status, value: 'ACTIVE' },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new CommandRejectedError({
          code: 'CYCLE_ALREADY_EXISTS',
          message: `A cycle with id ${command.cycleId} already exists; it was not started again.`,
          field: 'cycleId',
        });
      }
      throw error;
    }
    return { version: state.version, events };
  }

  /**
   * Executes a command as a Workflow Update; its id is the command id, so a retry is not applied
   * twice. With a delivery bound, every attempt shares one deadline: when it passes (no worker
   * took the Update), CommandNotDeliveredError.
   */
  async execute(cycleId: string, request: CommandRequest): Promise<CommandResult> {
    const handle = this.client.workflow.getHandle(cycleWorkflowId(cycleId));
    const timeoutMs = this.options.deliveryTimeoutMs;
    const giveUpAt = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    return this.deliver(cycleId, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await handle.executeUpdate(executeCommandUpdate, {
            args: [request],
            updateId: request.metadata.commandId,
          });
        } catch (error) {
          if (attempt < MAX_UPDATE_ATTEMPTS && isAbortedByWorkflowTaskFailure(error)) {
            await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
            continue;
          }
          if (isRefusedWhileWorkflowTaskFails(error)) {
            const pause = Math.min(250 * attempt, 1000);
            const mayWait = giveUpAt === undefined ? attempt < MAX_FAILED_TASK_ATTEMPTS : Date.now() + pause < giveUpAt;
            if (mayWait) {
              await new Promise((resolve) => setTimeout(resolve, pause));
              continue;
            }
            // No worker completed the cycle's task within the bound: the command was not delivered.
            if (timeoutMs !== undefined) throw new CommandNotDeliveredError(cycleId, timeoutMs, { cause: error });
          }
          if (isNotDelivered(error)) throw error;
          throw await this.translate(cycleId, error);
        }
      }
    });
  }

  private async translate(cycleId: string, error: unknown): Promise<unknown> {
    const reason = domainErrorOf(error);
    if (reason) return new CommandRejectedError(reason);
    // The server answers NOT_FOUND "workflow execution already completed" for a closed or
    // cancelled cycle (its workflow has ended): that cycle exists, so it is a conflict, not a 404.
    if (error instanceof Error && /already completed/i.test(error.message)) return this.closedCycle(cycleId);
    if (error instanceof WorkflowNotFoundError) {
      return new CommandRejectedError({ code: 'CYCLE_NOT_FOUND', message: `There is no cycle with id ${cycleId}.` });
    }
    return error;
  }

  /** CYCLE_CLOSED saying whether the cycle was closed or cancelled, and since when. */
  private async closedCycle(cycleId: string): Promise<CommandRejectedError> {
    const description = await this.client.workflow
      .getHandle(cycleWorkflowId(cycleId))
      .describe()
      .catch(() => undefined);
    const status = description?.typedSearchAttributes.get(CycleSearchAttributes.status);
    const how = status === 'CANCELLED' ? 'cancelled' : 'closed';
    const since = description?.closeTime ? ` since ${description.closeTime.toISOString()}` : '';
    return new CommandRejectedError({
      code: 'CYCLE_CLOSED',
      message: `Cycle ${cycleId} is ${how}${since}: it accepts no further changes. Start a new cycle to continue the follow-up.`,
    });
  }

  state(cycleId: string): Promise<CycleState> {
    return this.client.workflow.getHandle(cycleWorkflowId(cycleId)).query(cycleStateQuery);
  }

  publishingStatus(cycleId: string): Promise<{ unpublished: number; lastPublishedSequence: number }> {
    return this.client.workflow.getHandle(cycleWorkflowId(cycleId)).query(publishingStatusQuery);
  }
}
