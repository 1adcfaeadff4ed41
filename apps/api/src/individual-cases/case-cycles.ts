import { Injectable } from '@nestjs/common';
import type { CycleCommand } from '@suivi/domain';
import type { Principal } from '../auth/principal';
import { CycleCommandsService } from '../cycle-commands/cycle-commands.service';

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
   * Resolves with the cycle's version after the command (what a reader waits for: minVersion).
   */
  send(principal: Principal, cycleId: string, command: CaseCommand): Promise<{ version: number }>;
}

export type CaseCommand = Extract<CycleCommand, { type: 'AttachIndividualCase' | 'EraseIndividualCase' }>;

export const CASE_CYCLES = Symbol('CASE_CYCLES');

/**
 * Reaches the cycles through the command routes' service, the one way in for commands: its
 * country lookup and authorisation, and its Update with a command id derived from the command
 * and the case, so a retry after a lost answer meets the first Update's outcome instead of
 * applying it twice.
 */
@Injectable()
export class TemporalCaseCycles implements CaseCycles {
  constructor(private readonly commands: CycleCommandsService) {}

  async authorizeAttach(principal: Principal, cycleId: string): Promise<string> {
    await this.commands.authorize(principal, 'ProposeActionPoint', cycleId);
    const country = await this.commands.countryOf(cycleId);
    if (!country) throw new Error(`cycle ${cycleId} has no country`);
    return country;
  }

  async send(principal: Principal, cycleId: string, command: CaseCommand): Promise<{ version: number }> {
    const { version } = await this.commands.executeWithId(
      principal,
      cycleId,
      command,
      `${command.type}:${command.caseRef}`,
    );
    return { version };
  }
}
