import type { CycleCommand } from '../commands';
import { type CommandMetadata } from '../cycle-types';
import type { DomainError } from '../decider';
import type { CycleEvent } from '../events';
import { evolve } from '../evolve';
import type { CycleState } from '../state';

export type EnvelopeKey = 'cycleId' | 'sequence' | 'occurredAt' | 'actor' | 'commandId';

/** An event before `decide` stamps its envelope (sequence, time, actor, command id). */
export type EventDraft = CycleEvent extends infer E ? (E extends CycleEvent ? Omit<E, EnvelopeKey> : never) : never;

export type Outcome = EventDraft[] | DomainError;

export type Command<T extends CycleCommand['type']> = Extract<CycleCommand, { type: T }>;

/** The business rules of one command, on a command that passed its schema. */
export type Decision<T extends CycleCommand['type']> = (
  state: CycleState,
  command: Command<T>,
  metadata: CommandMetadata,
) => Outcome;

/**
 * A decision module's commands, each with its rules. decide.ts joins every module's table into one
 * that must cover every command type: a command without rules does not compile.
 */
export type Decisions<T extends CycleCommand['type']> = { readonly [K in T]: Decision<K> };

/**
 * The first free id of the form `<prefix><n>` from n = count + 1: what a desk officer would
 * write next (R3 after R1 and R2), assigned by the cycle itself so that concurrent commands,
 * serialised by the workflow, can never receive the same one.
 */
export function nextFreeId(taken: readonly string[], prefix: string): string {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** Runs a second decision on the state the first one's events lead to; all or nothing. */
export function andThen(
  state: CycleState,
  metadata: CommandMetadata,
  first: Outcome,
  second: (after: CycleState) => Outcome,
): Outcome {
  if (!Array.isArray(first)) return first;
  const after = first.reduce(
    (s, draft, i) =>
      evolve(s, {
        ...draft,
        cycleId: s.cycleId,
        sequence: state.version + i + 1,
        occurredAt: metadata.issuedAt,
        actor: metadata.actor,
        commandId: metadata.commandId,
      } as CycleEvent),
    state,
  );
  const rest = second(after);
  return Array.isArray(rest) ? [...first, ...rest] : rest;
}
