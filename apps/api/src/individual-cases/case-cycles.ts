import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { ApiConfig } from '@suivi/config';
import type { CycleCommand } from '@suivi/domain';
import { CommandNotDeliveredError, CycleClient } from '@suivi/temporal';
import { actorRoleOf, type Principal } from '../auth/principal';
import { TemporalClientService } from '../clients/temporal-client.service';
import { API_CONFIG, workerAvailabilityOf } from '../config/api-config';
import { CycleCommandsService, WorkerUnavailableProblem } from '../cycle-commands/cycle-commands.service';

/** What the case store needs from the cycles; a fake in unit tests. */
export interface CaseCycles {
  /**
   * The cycle's country once the principal may attach a case there (the rights of proposing an
   * action point); throws the command routes' 403/404 problems otherwise.
   */
  authorizeAttach(principal: Principal, cycleId: string): Promise<string>;
  /**
   * Sends one of the two case commands; a domain refusal throws CommandRejectedError, a command
   * no worker took within the delivery bound the command routes' 503 (WorkerUnavailableProblem).
   */
  send(principal: Principal, cycleId: string, command: CaseCommand): Promise<void>;
}

export type CaseCommand = Extract<CycleCommand, { type: 'AttachIndividualCase' | 'EraseIndividualCase' }>;

export const CASE_CYCLES = Symbol('CASE_CYCLES');

/**
 * Reaches the cycles through the command routes' service (country lookup and authorisation)
 * and the Temporal client. The command id is derived from the command and case, so a retry
 * after a lost answer meets the first Update's outcome instead of applying it twice.
 */
@Injectable()
export class TemporalCaseCycles implements CaseCycles, OnModuleInit {
  private commands!: CycleCommandsService;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly temporal: TemporalClientService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    // CycleCommandsModule does not export its service; the one instance is looked up app-wide.
    this.commands = this.moduleRef.get(CycleCommandsService, { strict: false });
  }

  async authorizeAttach(principal: Principal, cycleId: string): Promise<string> {
    await this.commands.authorize(principal, 'ProposeActionPoint', cycleId);
    const country = await this.commands.countryOf(cycleId);
    if (!country) throw new Error(`cycle ${cycleId} has no country`);
    return country;
  }

  async send(principal: Principal, cycleId: string, command: CaseCommand): Promise<void> {
    const availability = workerAvailabilityOf(this.config);
    const cycles = new CycleClient(await this.temporal.getClient(), this.config.TEMPORAL_TASK_QUEUE, {
      deliveryTimeoutMs: availability.COMMAND_DELIVERY_TIMEOUT_MS,
    });
    try {
      await cycles.execute(cycleId, {
        command,
        metadata: {
          commandId: `${command.type}:${command.caseRef}`,
          actor: { userId: principal.userId, role: actorRoleOf[principal.role] },
          issuedAt: new Date().toISOString(),
        },
      });
    } catch (error) {
      if (error instanceof CommandNotDeliveredError) {
        throw new WorkerUnavailableProblem(error, availability.COMMAND_RETRY_AFTER_SECONDS);
      }
      throw error;
    }
  }
}
