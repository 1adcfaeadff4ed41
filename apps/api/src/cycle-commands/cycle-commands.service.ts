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
  /** Method, path, If-Match and body as received: what a retry with the same Idempotency-Key must repeat. */
  fingerprint: string;
  idempotencyKey?: string;
  expectedVersion?: number;
}

const cycleIdOf = (context: CommandContext) => context.cycleId;

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
          ? sha256(`${context.principal.userId}\n${context.idempotencyKey}`).slice(0, 8)
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
        return this.rejection(error, command.type === 'StartCycle' ? undefined : cycleIdOf(context));
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
      () => attempt(commandIdForKey(context.principal.userId, key)),
    );
  }

  private async rejection(error: CommandRejectedError, cycleId?: string): Promise<StoredResponse> {
    const { code, message, field } = error.reason;
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
      ...(field ? { errors: [{ pointer: `#/${field}`, detail: message }] } : {}),
    };
    return { status, body, headers: { 'Content-Type': PROBLEM_JSON } };
  }
}
