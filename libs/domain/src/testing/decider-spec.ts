import type { CycleCommand } from '../lib/cycle/commands';
import type { Actor, CommandMetadata } from '../lib/cycle/cycle-types';
import { decide, type EventDraft } from '../lib/cycle/decide';
import type { Decision, DomainError } from '../lib/cycle/decider';
import type { CycleEvent } from '../lib/cycle/events';
import { evolve, foldEvents } from '../lib/cycle/evolve';
import type { CycleState } from '../lib/cycle/state';

/**
 * Given / when / then for the decider:
 *   given(history).when(command, meta).then([{ type, data }])   // the events, envelopes checked too
 *   given(history).when(command, meta).thenRejects('CODE', { field, message })
 */
export const TEST_CYCLE_ID = 'KH-HRD-2026';
export const deskOfficer: Actor = { userId: 'desk-kh', role: 'DESK_OFFICER' };
export const DEFAULT_ISSUED_AT = '2026-02-01T10:00:00.000Z';

let commandCounter = 0;

/** Metadata with a fresh command id; time and actor as given. */
export function meta(issuedAt: string = DEFAULT_ISSUED_AT, actor: Actor = deskOfficer): CommandMetadata {
  commandCounter += 1;
  return { commandId: `cmd-${commandCounter}`, actor, issuedAt };
}

/** Rejection codes seen by thenRejects in this test file, to check that every code is exercised. */
export const rejectionCodesSeen = new Set<string>();

/** A command with, optionally, its own metadata. */
export type Step = CycleCommand | [CycleCommand, CommandMetadata];

export interface Outcome {
  decision: Decision;
  /** Asserts the command is accepted with exactly these events; returns the state after them. */
  then(expected: ReadonlyArray<EventDraft | CycleEvent>): CycleState;
  /** Asserts the command is rejected with this code (and field / message when given). */
  thenRejects(code: string, details?: { field?: string; message?: string | RegExp }): DomainError;
}

export interface Scenario {
  state: CycleState;
  events: CycleEvent[];
  when(command: CycleCommand, metadata?: CommandMetadata): Outcome;
  /** Appends accepted commands to the history. */
  and(...steps: Step[]): Scenario;
}

export function given(events: readonly CycleEvent[] = [], cycleId: string = TEST_CYCLE_ID): Scenario {
  const history = [...events];
  const state = foldEvents(cycleId, history);
  return {
    state,
    events: history,
    when: (command, metadata = meta()) => outcome(state, command, metadata),
    and: (...steps) => given([...history, ...run(state, steps)], cycleId),
  };
}

/** A history made of commands, each of which must be accepted. */
export function givenCommands(steps: Step[], cycleId: string = TEST_CYCLE_ID): Scenario {
  return given([], cycleId).and(...steps);
}

/** Runs steps through decide/evolve, failing loudly on a rejection (a broken fixture). */
export function run(state: CycleState, steps: Step[]): CycleEvent[] {
  const events: CycleEvent[] = [];
  let current = state;
  for (const step of steps) {
    const [command, metadata] = Array.isArray(step) ? step : [step, meta()];
    const decision = decide(current, command, metadata);
    if (!decision.accepted) {
      throw new Error(`Fixture command ${command.type} was rejected: ${decision.error.code} ${decision.error.message}`);
    }
    for (const event of decision.events) current = evolve(current, event);
    events.push(...decision.events);
  }
  return events;
}

function outcome(state: CycleState, command: CycleCommand, metadata: CommandMetadata): Outcome {
  const decision = decide(state, command, metadata);
  return {
    decision,
    then(expected) {
      if (!decision.accepted) {
        throw new Error(
          `Expected ${command.type} to be accepted, got ${decision.error.code}: ${decision.error.message}`,
        );
      }
      const full = expected.map(
        (draft, i) =>
          ({
            cycleId: state.cycleId,
            sequence: state.version + i + 1,
            occurredAt: metadata.issuedAt,
            actor: metadata.actor,
            commandId: metadata.commandId,
            ...draft,
          }) as CycleEvent,
      );
      expect(decision.events).toEqual(full);
      return decision.events.reduce(evolve, state);
    },
    thenRejects(code, details = {}) {
      if (decision.accepted) {
        throw new Error(`Expected ${command.type} to be rejected with ${code}, got ${JSON.stringify(decision.events)}`);
      }
      rejectionCodesSeen.add(decision.error.code);
      expect(decision.error.code).toBe(code);
      if (details.field !== undefined) expect(decision.error.field).toBe(details.field);
      if (details.message !== undefined) expect(decision.error.message).toMatch(details.message);
      return decision.error;
    },
  };
}
