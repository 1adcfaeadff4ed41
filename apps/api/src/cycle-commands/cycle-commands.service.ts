import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CycleSearchAttributes } from '@suivi/cycle-workflow-api';
import { cycleWorkflowId, type CommandMetadata, type CycleCommand, type CycleCommandType } from '@suivi/domain';
import { CommandRejectedError, CycleClient } from '@suivi/temporal';
import type { ApiConfig } from '@suivi/config';
import { actorRoleOf, mayCommand, readsAllCountries, type Principal } from '../auth/principal';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import { TemporalClientService } from '../clients/temporal-client.service';
import { PROBLEM_JSON, ProblemDetailsException, statusTitle } from '../common/problem-details';
import { API_CONFIG } from '../config/api-config';
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
    return new CycleClient(await this.temporal.getClient(), this.config.TEMPORAL_TASK_QUEUE);
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
    if (!key) return attempt(randomUUID());
    return runIdempotently(
      this.store,
      {
        userId: context.principal.userId,
        key,
        fingerprint: context.fingerprint,
      },
      () => attempt(commandIdForKey(context.principal.userId, key, context.fingerprint)),
    );
  }

  /**
   * A keyed start whose cycle exists: if it is the cycle this very request started (a retry
   * after the first answer was lost), answer as the start did, from the cycle's state.
   */
  private async startedByThisRequest(command: Extract<CycleCommand, { type: 'StartCycle' }>) {
    const state = await (await this.cycles()).state(command.cycleId).catch(() => undefined);
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
