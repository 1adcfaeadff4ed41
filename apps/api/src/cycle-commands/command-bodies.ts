import { z } from 'zod';
import { cycleCommandSchemas, CYCLE_ID_PATTERN, type CycleCommandSchemas, type CycleCommandType } from '@suivi/domain';

/**
 * Request bodies of the command endpoints: the domain's command schemas (@suivi/domain
 * command-schemas) without the fields the path gives. What a field accepts, its limits, defaults
 * and description are said there once; the API validates with them at the edge (400 naming the
 * field), shows them in its OpenAPI document, and `decide` checks the same schemas again before its
 * business rules (409/422 in the desk officer's words).
 */
type BodyOf<T extends CycleCommandType, K extends string> =
  Omit<CycleCommandSchemas[T]['shape'], 'type' | K> extends infer S extends z.ZodRawShape
    ? z.ZodObject<S, z.core.$strict>
    : never;

export function commandBody<T extends CycleCommandType, K extends string = never>(
  type: T,
  fromPath: readonly K[] = [],
) {
  const omitted = Object.fromEntries(['type', ...fromPath].map((key) => [key, true] as const));
  return (cycleCommandSchemas()[type] as unknown as z.ZodObject).omit(omitted) as unknown as BodyOf<T, K>;
}

const startCycle = cycleCommandSchemas().StartCycle.shape;
/** Starting a cycle names its type `type` (the command's `cycleType`); the id is assigned when left out. */
export const startCycleBody = commandBody('StartCycle', ['cycleId', 'cycleType']).extend({
  cycleId: z
    .string()
    .regex(CYCLE_ID_PATTERN, '3-64 letters, digits, _ or -')
    .optional()
    .describe(
      'Leave it out and the API assigns one: country, type, year and a short suffix, e.g. kh-hrd-2026-3f9a1c2e.',
    ),
  type: startCycle.cycleType,
});

export const proposeActionPointBody = commandBody('ProposeActionPoint').extend({
  agreed: z
    .boolean()
    .default(false)
    .describe('true: agreed at the meeting, recorded as proposed and agreed by this one command.'),
});
