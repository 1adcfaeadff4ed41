import type { z } from 'zod';
import type { CycleCommandSchemas } from './command-schemas';

/**
 * The cycle commands. Their one definition is the schemas of command-schemas.ts (what each field
 * accepts, its limits and defaults, the rejection that refuses it); the types are inferred from
 * them, as checked and normalised by `decide` (defaults given, texts trimmed).
 */
export type CycleCommand = {
  [T in keyof CycleCommandSchemas]: z.output<CycleCommandSchemas[T]>;
}[keyof CycleCommandSchemas];

export type CycleCommandType = CycleCommand['type'];

/** Fields an action point carries; all given when proposed, any subset when amended. */
export type ActionPointTerms = Required<Extract<CycleCommand, { type: 'AmendActionPoint' }>['changes']>;
