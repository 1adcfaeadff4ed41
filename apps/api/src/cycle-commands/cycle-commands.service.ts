import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CycleSearchAttributes } from '@suivi/cycle-workflow-api';
import { cycleWorkflowId, type CommandMetadata, type CycleCommand, type CycleCommandType } from '@suivi/domain';
import { CommandNotDeliveredError, CommandRejectedError, CycleClient } from '@suivi/temporal';
import type { ApiConfig } from '@suivi/config';
import { actorRoleOf, mayCommand, readsAllCountries, type Principal } from '../auth/principal';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import { TemporalClientService } from '../clients/temporal-client.service';
import { PROBLEM_JSON, ProblemDetailsException, statusTitle } from '../common/problem-details';
import { API_CONFIG, workerAvailabilityOf } from '../config/api-config';
import { MetricsService } from '../metrics/metrics.service';
import { commandIdForKey, runIdempotently, sha256 } from './idempotency';
import { IDEMPOTENCY_STORE, type IdempotencyStore, type StoredResponse } from './idempotency.store';
import { rejectionStatus } from './rejection-status';

export interface CommandContext {
  principal: Principal;
  /** The cycle addressed (absent when starting one). */
  cycleId?: string;
  /** Top-level fields of the request body, to point a domain refusal at one of them. */
  bodyFields?: readonly string[];
  /** Method, path, If-Match and body as received: what a retry with the same Idempotency-Key must repeat. */
  fingerprint: string;
  idempotencyKey?: string;
  expectedVersion?: number;
}

const cycleIdOf = (context: CommandContext) => context.cycleId;

const AMENDABLE = new Set(['text', 'owner', 'deadline', 'priority', 'themes', 'conventions', 'unReferences']);

/**
 * The JSON Pointer, in the request body, of the field a domain refusal names; none when the
 * field is not in the body (a path parameter such as the round id).
 */
function pointerOf(type: CycleCommand['type'], field: string | undefined, bodyFields: readonly string[] = []) {
  if (!field) return undefined;
  const [head, ...rest] = field.split('.');
  const name = type === 'StartCycle' && head === 'cycleType' ? 'type' : head;
  const path = type === 'AmendActionPoint' && AMENDABLE.has(name) ? ['changes', name, ...rest] : [name, ...rest];
  return bodyFields.includes(path[0]) ? `#/${path.join('/')}` : undefined;
}

const SHORT_TYPE: Record<string, string> = {
  HUMAN_RIGHTS_DIALOGUE: 'hrd',
  POLITICAL_DIALOGUE: 'pd',
  GSP_PLUS_MONITORING: 'gsp',
  EBA_ENHANCED_ENGAGEMENT: 'eba',
  GSP_WITHDRAWAL_PROCEDURE: 'gspw',
  ELECTION_OBSERVATION_FOLLOW_UP: 'eom',
};

export const WORKER_UNAVAILABLE = 'WORKER_UNAVAILABLE';

const notDeliveredDetail = (error: CommandNotDeliveredError, retryAfterSeconds: number, retry: string) =>
  `The command could not be delivered to cycle ${error.cycleId} within ${error.timeoutMs / 1000} s: ` +
  'no worker is processing cycle commands right now. It may still be applied once, when one is back. ' +
  `Retry after ${retryAfterSeconds} s${retry}.`;

/**
 * The 503 of a command that no worker took within the delivery bound, with its Retry-After;
 * `retry` says how to retry safely (the command routes: with the same Idempotency-Key).
 */
export class WorkerUnavailableProblem extends ProblemDetailsException {
  constructor(error: CommandNotDeliveredError, retryAfterSeconds: number, retry = '') {
    super(
      503,
      notDeliveredDetail(error, retryAfterSeconds, retry),
      { code: WORKER_UNAVAILABLE, retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

/** Sends authorised commands to the cycles' workflows, once per Idempotency-Key. */
@Injectable()
export class CycleCommandsService {
  /** A cycle's country never changes: looked up once per cycle per process. */
  private readonly countries = new Map<string, string>();

  constructor(
    private readonly temporal: TemporalClientService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly metrics: MetricsService,
  ) {}

  private async cycles(): Promise<CycleClient> {
    return new CycleClient(await this.temporal.getClient(), this.config.TEMPORAL_TASK_QUEUE, {
      deliveryTimeoutMs: workerAvailabilityOf(this.config).COMMAND_DELIVERY_TIMEOUT_MS,
    });
  }

  /** The cycle's country from its search attribute; undefined when there is no such cycle. */
  async countryOf(cycleId: string): Promise<string | undefined> {
    const known = this.countries.get(cycleId);
    if (known) return known;
    let workflowId: string;
    try {
      workflowId = cycleWorkflowId(cycleId);
    } catch {
      return undefined; // not a possible cycle id
    }
    try {
      const description = await (await this.temporal.getClient()).workflow.getHandle(workflowId).describe();
      const country = description.typedSearchAttributes.get(CycleSearchAttributes.country);
      if (country) this.countries.set(cycleId, country);
      return country;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Refuses, before anything is sent, a command outside the caller's role or country. An
   * unknown cycle is 404 for readers of every country and 403 for the others, so that a
   * scoped user cannot probe which cycle ids exist.
   */
  async authorize(principal: Principal, type: CycleCommandType, cycleId: string): Promise<void> {
    const country = await this.countryOf(cycleId);
    if (country === undefined) {
      if (readsAllCountries(principal)) {
        throw new ProblemDetailsException(404, `There is no cycle with id ${cycleId}.`, { code: 'CYCLE_NOT_FOUND' });
      }
      throw new ForbiddenProblem();
    }
    if (!mayCommand(principal, type, country)) throw new ForbiddenProblem();
  }

  async execute(context: CommandContext, cycleId: string, command: CycleCommand): Promise<StoredResponse> {
    await this.authorize(context.principal, command.type, cycleId);
    return this.once(context, command, async (commandId) => {
      const cycles = await this.cycles();
      const result = await cycles.execute(cycleId, {
        command,
        metadata: this.metadata(context.principal, commandId),
        expectedVersion: context.expectedVersion,
      });
      return { status: 200, body: { cycleId, ...result }, headers: { ETag: `"${result.version}"` } };
    });
  }

  async start(
    context: CommandContext,
    command: Omit<Extract<CycleCommand, { type: 'StartCycle' }>, 'cycleId'> & { cycleId?: string },
  ) {
    if (!mayCommand(context.principal, 'StartCycle', command.country)) throw new ForbiddenProblem();
    const cycleId =
      command.cycleId ??
      // Derived from the key when there is one, so a retry targets the same cycle.
      [
        command.country.toLowerCase(),
        SHORT_TYPE[command.cycleType] ?? 'cycle',
        new Date().getUTCFullYear(),
        context.idempotencyKey
          ? sha256(`${context.principal.userId}\n${context.idempotencyKey}\n${context.fingerprint}`).slice(0, 8)
          : randomBytes(4).toString('hex'),
      ].join('-');
    const start = { ...command, type: 'StartCycle' as const, cycleId };
    return this.once(context, start, async (commandId) => {
      const result = await (await this.cycles()).start(start, this.metadata(context.principal, commandId));
      return {
        status: 201,
        body: { cycleId, ...result },
        headers: { ETag: `"${result.version}"`, Location: `/v1/cycles/${cycleId}` },
      };
    });
  }

  /**
   * A command whose id its sender derives itself (the case store: from the command and the case),
   * outside the Idempotency-Key flow: the same Update id makes a retry meet the first outcome. A
   * domain refusal throws CommandRejectedError; a command no worker took, the routes' 503.
   */
  async executeWithId(principal: Principal, cycleId: string, command: CycleCommand, commandId: string) {
    try {
      return await (await this.cycles()).execute(cycleId, { command, metadata: this.metadata(principal, commandId) });
    } catch (error) {
      if (error instanceof CommandNotDeliveredError) {
        throw new WorkerUnavailableProblem(error, workerAvailabilityOf(this.config).COMMAND_RETRY_AFTER_SECONDS);
      }
      throw error;
    }
  }

  private metadata(principal: Principal, commandId: string): CommandMetadata {
    return {
      commandId,
      actor: { userId: principal.userId, role: actorRoleOf[principal.role] },
      issuedAt: new Date().toISOString(),
    };
  }

  /** Runs the command (once per Idempotency-Key), turning a domain rejection into its problem response. */
  private async once(
    context: CommandContext,
    command: CycleCommand,
    send: (commandId: string) => Promise<StoredResponse>,
  ): Promise<StoredResponse> {
    const attempt = async (commandId: string): Promise<StoredResponse> => {
      try {
        const response = await send(commandId);
        this.metrics.commands.inc({ command: command.type, outcome: 'accepted' });
        return response;
      } catch (error) {
        if (!(error instanceof CommandRejectedError)) throw error;
        this.metrics.commands.inc({ command: command.type, outcome: error.reason.code });
        // A refusal only an API bug can cause is a server error: not stored, the key is freed.
        if (rejectionStatus(error.reason.code) === 500) throw error;
        if (command.type === 'StartCycle' && error.reason.code === 'CYCLE_ALREADY_EXISTS' && context.idempotencyKey) {
          const replay = await this.startedByThisRequest(command);
          if (replay) return replay;
        }
        return this.rejection(error, command.type, context);
      }
    };
    const key = context.idempotencyKey;
    if (!key) return this.unlessNotDelivered(command, () => attempt(randomUUID()));
    const { COMMAND_DELIVERY_TIMEOUT_MS } = workerAvailabilityOf(this.config);
    return this.unlessNotDelivered(command, () =>
      runIdempotently(
        this.store,
        {
          userId: context.principal.userId,
          key,
          fingerprint: context.fingerprint,
        },
        () => attempt(commandIdForKey(context.principal.userId, key, context.fingerprint)),
        // A first copy still pending after one delivery bound has died with its API process.
        { pendingWaitMs: COMMAND_DELIVERY_TIMEOUT_MS, pollMs: 100 },
      ),
    );
  }

  /**
   * A command not delivered within the bound (no worker took it) throws the 503 with Retry-After.
   * Not an answer to remember: runIdempotently has freed the key, and a retry with it sends the
   * same Update id, so it gets the first copy's outcome if that one was applied meanwhile (ADR 0015).
   */
  private async unlessNotDelivered(
    command: CycleCommand,
    send: () => Promise<StoredResponse>,
  ): Promise<StoredResponse> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof CommandNotDeliveredError)) throw error;
      this.metrics.commands.inc({ command: command.type, outcome: WORKER_UNAVAILABLE });
      throw new WorkerUnavailableProblem(
        error,
        workerAvailabilityOf(this.config).COMMAND_RETRY_AFTER_SECONDS,
        ' with the same Idempotency-Key to get its outcome without applying it twice',
      );
    }
  }

  /**
   * A keyed start whose cycle exists: if it is the cycle this very request started (a retry
   * after the first answer was lost), answer as the start did, from the cycle's state.
   */
  private async startedByThisRequest(command: Extract<CycleCommand, { type: 'StartCycle' }>) {
    // A cycle that vanished in between is not this request's; any other failure to read its state
    // is reported (the key is freed for a retry) rather than taken for "someone else's cycle".
    const state = await (await this.cycles()).state(command.cycleId).catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    });
    const same =
      state?.cycleType === command.cycleType &&
      state.country === command.country &&
      state.title === command.title &&
      state.timeZone === command.timeZone;
    if (!same) return undefined;
    return {
      status: 201,
      body: { cycleId: command.cycleId, version: state.version, events: [] },
      headers: { ETag: `"${state.version}"`, Location: `/v1/cycles/${command.cycleId}`, 'Idempotent-Replayed': 'true' },
    };
  }

  private async rejection(
    error: CommandRejectedError,
    type: CycleCommand['type'],
    context: CommandContext,
  ): Promise<StoredResponse> {
    const { code, message } = error.reason;
    const cycleId = type === 'StartCycle' ? undefined : cycleIdOf(context);
    const field = pointerOf(type, error.reason.field, context.bodyFields);
    const status = rejectionStatus(code);
    if (status === 412 && cycleId) {
      // A stale If-Match: say which version is current, so the client can reload and retry.
      const { version } = await (await this.cycles()).state(cycleId);
      return {
        status,
        body: {
          type: 'about:blank',
          title: statusTitle(status),
          status,
          detail: message,
          code,
          currentVersion: version,
        },
        headers: { 'Content-Type': PROBLEM_JSON, ETag: `"${version}"` },
      };
    }
    const body: Record<string, unknown> = {
      type: 'about:blank',
      title: statusTitle(status),
      status,
      detail: message,
      code,
      ...(field ? { errors: [{ pointer: field, detail: message }] } : {}),
    };
    return { status, body, headers: { 'Content-Type': PROBLEM_JSON } };
  }
}
