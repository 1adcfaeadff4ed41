import type { CycleCommand } from './commands';
import type { CommandMetadata } from './cycle-types';
import { decide } from './decide';
import type { Decision } from './decider';
import { evolve } from './evolve';
import type { CycleState } from './state';

/** Decides, then applies the accepted events; a rejected command leaves the state as it was. */
export function decideAndEvolve(
  state: CycleState,
  command: CycleCommand,
  metadata: CommandMetadata,
): { decision: Decision; state: CycleState } {
  const decision = decide(state, command, metadata);
  return { decision, state: decision.accepted ? decision.events.reduce(evolve, state) : state };
}
