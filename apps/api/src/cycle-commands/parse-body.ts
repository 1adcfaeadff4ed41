import type { z } from 'zod';
import { ProblemDetailsException } from '../common/problem-details';

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

const pointerOf = (path: ReadonlyArray<PropertyKey>) =>
  `#/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** Validates a request body; a refusal names every field at fault and never echoes values. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const errors: InvalidField[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ pointer: pointerOf([...issue.path, key]), detail: 'unknown field' });
    } else {
      errors.push({ pointer: pointerOf(issue.path), detail: issue.message });
    }
  }
  throw new InvalidBodyProblem(errors);
}
