import { ProblemDetailsException } from './problem-details';
import { CASE_REF_PATTERN } from '../individual-cases/case-schemas';
import {
  cycleIdSchema,
  countryParamSchema,
  InvalidQueryProblem,
  PARAMETER_CONTROL_DETAIL,
} from '../queries/query-params';
import { hasControlCharacters, id, line, openApiSchema } from './text-schemas';
import { z } from 'zod';

interface PathParameter {
  schema: z.ZodType;
  description: string;
  example: string;
  /** What a value that does not match answers: 400 naming it, or (a case reference) 404. */
  mismatch?: () => Error;
}

/**
 * Every path parameter of the API, by name: one schema checks it on every route (the global
 * RequestTextPipe) and documents it on every operation (buildOpenApiDocument), so a new route
 * with `:cycleId` gets both without saying anything. A route with a parameter missing here does
 * not start (the pipe throws on its first request and openapi.spec.ts fails).
 */
export const PATH_PARAMETERS: Record<string, PathParameter> = {
  cycleId: { schema: cycleIdSchema, description: 'The cycle', example: 'KH-HRD-2026' },
  roundId: { schema: id(), description: 'A round of the cycle', example: 'R1' },
  actionPointId: { schema: id(), description: 'An action point of the cycle', example: 'AP1' },
  country: { schema: countryParamSchema, description: 'A partner code', example: 'KH' },
  caseRef: {
    schema: z.string().regex(CASE_REF_PATTERN, 'expected an individual case reference'),
    description: 'An individual case reference; anything else cannot name a case (404)',
    example: 'case-9b2f3c1e-4a5d-4e6f-8a7b-0c1d2e3f4a5b',
    mismatch: () => new ProblemDetailsException(404, 'There is no such individual case.', { code: 'CASE_NOT_FOUND' }),
  },
  userId: { schema: line(200), description: 'A user id, as the identity provider issues it', example: 'desk.kh' },
};

/** Checks a path parameter's value against its schema; a 400 problem names it. */
export function parsePathParameter(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (hasControlCharacters(value, false)) {
    throw new InvalidQueryProblem([{ parameter: name, detail: PARAMETER_CONTROL_DETAIL }]);
  }
  const parameter = PATH_PARAMETERS[name];
  if (!parameter) throw new Error(`path parameter ${name} has no schema in PATH_PARAMETERS`);
  const result = parameter.schema.safeParse(value);
  if (result.success) return result.data;
  if (parameter.mismatch) throw parameter.mismatch();
  throw new InvalidQueryProblem([{ parameter: name, detail: result.error.issues[0]?.message ?? 'invalid' }]);
}

/** The OpenAPI schema of a path parameter (pattern, length), with its description and example. */
export function pathParameterDocument(
  name: string,
): { schema: Record<string, unknown>; description: string; example: string } | undefined {
  const parameter = PATH_PARAMETERS[name];
  if (!parameter) return undefined;
  const schema = openApiSchema(parameter.schema);
  // Said once, on the parameter, rather than inside its schema too.
  delete schema['description'];
  delete schema['example'];
  return { schema, description: parameter.description, example: parameter.example };
}
