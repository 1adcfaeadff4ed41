import type { z } from 'zod';
import type { ActionPointTerms } from './commands';
import type { cycleEventSchemas } from './event-schemas';

/**
 * Domain events: past tense, each with its cycle-scoped sequence number (1, 2, ...), the
 * instant taken from the command's metadata, the actor, and the command id. Their one
 * definition is the schemas of event-schemas.ts; the types are inferred from them (a type-only
 * import: nothing of zod reaches workflow code).
 */
type EventSchemas = typeof cycleEventSchemas;

export type CycleEvent = { [T in keyof EventSchemas]: z.infer<EventSchemas[T]> }[keyof EventSchemas];
export type CycleEventType = CycleEvent['type'];
export type CycleEventOf<T extends CycleEventType> = Extract<CycleEvent, { type: T }>;
export type ReminderKind = CycleEventOf<'ReminderSent'>['data']['kind'];

// The terms an event carries are the terms a command gives: this stops compiling if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const termsAgree: Same<CycleEventOf<'ActionPointProposed'>['data']['terms'], ActionPointTerms> = true;
void termsAgree;
