import { cycleTypes, isConventionId, isRegionalBodyCode, isThemeCode, CYCLE_ID_PATTERN } from '@suivi/domain';
import { z } from 'zod';
import { ProblemDetailsException } from '../common/problem-details';

/** One rejected query parameter, as listed in a 400 problem's `errors` (RFC 9457 section 3). */
export interface InvalidParameter {
  parameter: string;
  detail: string;
}

/** 400 problem+json naming each rejected query parameter. */
export class InvalidQueryProblem extends ProblemDetailsException {
  constructor(readonly errors: InvalidParameter[]) {
    super(400, errors.map((e) => `${e.parameter}: ${e.detail}`).join('; '), { errors });
  }
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

const COUNTRY = /^[A-Z]{2}$/;
const isPartnerCode = (code: string) => COUNTRY.test(code) || isRegionalBodyCode(code);

const cycleStatuses = ['ACTIVE', 'CLOSED', 'CANCELLED'] as const;
export const actionPointStatuses = [
  'PROPOSED',
  'AGREED',
  'IN_PROGRESS',
  'COMPLETED',
  'PARTIALLY_COMPLETED',
  'NOT_COMPLETED',
  'WITHDRAWN',
] as const;

/** A comma-separated list of codes, each checked; upper-cased when `upper`. */
function codeList<T extends string>(what: string, accepts: (code: string) => boolean, upper = false) {
  return z
    .string()
    .transform((value) => value.split(',').map((v) => (upper ? v.trim().toUpperCase() : v.trim())))
    .refine(
      (codes) => codes.length > 0 && codes.every((c) => c !== ''),
      `expected one or more ${what}, comma-separated`,
    )
    .superRefine((codes, ctx) => {
      const unknown = codes.filter((c) => !accepts(c));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown ${what}: ${unknown.join(', ')}` });
    })
    .transform((codes) => [...new Set(codes)] as T[]);
}

const oneOf =
  <const T extends readonly string[]>(values: T) =>
  (code: string) =>
    values.includes(code);

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

const booleanFlag = z.enum(['true', 'false'], 'expected true or false').transform((v) => v === 'true');

const pagination = {
  page: wholeNumber(1, 1_000_000).default(1),
  pageSize: wholeNumber(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
};

const country = codeList<string>('partner codes (ISO 3166-1 alpha-2 or regional body)', isPartnerCode, true);

export const cycleListQuerySchema = z
  .object({
    country: country.optional(),
    type: codeList<(typeof cycleTypes)[number]>('cycle types', oneOf(cycleTypes)).optional(),
    status: codeList<(typeof cycleStatuses)[number]>('cycle statuses', oneOf(cycleStatuses)).optional(),
    theme: codeList<string>('theme codes', isThemeCode).optional(),
    sort: z.enum(['startedAt', '-startedAt', 'country', '-country', 'title', '-title']).default('-startedAt'),
    ...pagination,
  })
  .strict();
export type CycleListQuery = z.output<typeof cycleListQuerySchema>;

/** Filters shared by the action point list, its CSV export and (partly) the calendar feed. */
const actionPointFilters = {
  country: country.optional(),
  cycleId: z.string().regex(CYCLE_ID_PATTERN, 'expected a cycle id').optional(),
  status: codeList<(typeof actionPointStatuses)[number]>(
    'action point statuses',
    oneOf(actionPointStatuses),
  ).optional(),
  theme: codeList<string>('theme codes', isThemeCode).optional(),
  convention: codeList<string>('convention ids', isConventionId).optional(),
  dueWithinDays: wholeNumber(0, 3660).optional(),
  overdue: booleanFlag.optional(),
  carriedOverMoreThan: wholeNumber(0, 1000).optional(),
  sort: z.enum(['deadline', '-deadline', 'roundsCarried', '-roundsCarried', 'country', '-country']).default('deadline'),
};

export const actionPointListQuerySchema = z.object({ ...actionPointFilters, ...pagination }).strict();
export type ActionPointListQuery = z.output<typeof actionPointListQuerySchema>;

export const actionPointExportQuerySchema = z.object(actionPointFilters).strict();
export type ActionPointFilters = z.output<typeof actionPointExportQuerySchema>;

export const cycleQuerySchema = z
  .object({
    asOf: z.iso
      .datetime({ offset: true, message: 'expected an ISO 8601 instant, e.g. 2026-03-01T12:00:00Z' })
      .transform((value) => new Date(value).toISOString())
      .optional(),
  })
  .strict();

export const cycleIdSchema = z.string().regex(CYCLE_ID_PATTERN, 'expected a cycle id');
export const countryParamSchema = z
  .string()
  .transform((v) => v.toUpperCase())
  .refine(isPartnerCode, 'expected an ISO 3166-1 alpha-2 code or a regional body code');

/**
 * Parses query (or path) parameters: every value must be given once, as a string; an unknown
 * parameter or a bad value is a 400 problem naming it.
 */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const errors: InvalidParameter[] = [];
  for (const [name, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') errors.push({ parameter: name, detail: 'give this parameter once, as text' });
  }
  if (errors.length > 0) throw new InvalidQueryProblem(errors);
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  throw new InvalidQueryProblem(
    result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ parameter: key, detail: 'unknown parameter' }))
        : [{ parameter: issue.path.map(String).join('.') || '(query)', detail: issue.message }],
    ),
  );
}

/** A single path parameter, checked the same way. */
export function parsePathParam<S extends z.ZodType>(name: string, schema: S, value: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidQueryProblem([{ parameter: name, detail: result.error.issues[0]?.message ?? 'invalid' }]);
}
