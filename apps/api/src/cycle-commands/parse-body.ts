import type { z } from 'zod';
import { ProblemDetailsException } from '../common/problem-details';
import { findControlCharacters } from '../common/text-schemas';

/** One rejected body field, as listed in a 400 problem's `errors` (a JSON Pointer into the body). */
export interface InvalidField {
  pointer: string;
  detail: string;
}

export class InvalidBodyProblem extends ProblemDetailsException {
  constructor(readonly errors: InvalidField[]) {
    super(400, errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), { errors });
  }
}

export const pointerOf = (path: ReadonlyArray<PropertyKey>) =>
  `#/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/**
 * Validates a request body; a refusal names every field at fault and never echoes values.
 * Whatever the schema, no string of the body (value or field name) may hold a control
 * character other than tab and line breaks; the schema's text builders refuse those too
 * where a value is a single line.
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  options: { anyText?: boolean } = {},
): z.infer<S> {
  // `anyText`: a protocol carrying opaque names rather than text (the Temporal remote codec).
  const errors: InvalidField[] = (options.anyText ? [] : findControlCharacters(body)).map((hit) => ({
    pointer: pointerOf(hit.path),
    detail: hit.detail,
  }));
  const result = schema.safeParse(body ?? {});
  if (result.success && errors.length === 0) return result.data;
  const named = new Set(errors.map((e) => e.pointer));
  for (const issue of result.error?.issues ?? []) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const pointer = pointerOf([...issue.path, key]);
        if (!named.has(pointer)) errors.push({ pointer, detail: 'unknown field' });
      }
    } else {
      const pointer = pointerOf(issue.path);
      if (!named.has(pointer)) errors.push({ pointer, detail: issue.message });
    }
  }
  throw new InvalidBodyProblem(errors);
}
