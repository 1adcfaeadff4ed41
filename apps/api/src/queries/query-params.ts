import { cycleTypes, CYCLE_ID_PATTERN } from '@suivi/domain';
import { z } from 'zod';
import { ProblemDetailsException } from '../common/problem-details';
import {
  alternation,
  conventionIds,
  documentAs,
  hasControlCharacters,
  instant,
  isPartnerCode,
  PARTNER_PATTERN_ANY_CASE,
  themeCodes,
} from '../common/text-schemas';

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

export const PARAMETER_CONTROL_DETAIL = 'must not contain control characters (tab and line breaks included)';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

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

/**
 * A comma-separated list of one or more codes, exactly as written (capitals, no spaces). An
 * empty value is refused rather than read as "no filter": leave the parameter out for that.
 * The pattern lists the codes, so the document says which are accepted.
 */
function codeList<T extends string>(
  what: string,
  alternatives: string,
  accepts: (code: string) => boolean,
  upper = false,
) {
  const pattern = new RegExp(`^(?:${alternatives})(?:,(?:${alternatives}))*$`);
  const normal = (code: string) => (upper ? code.toUpperCase() : code);
  return z
    .string()
    .regex(pattern, {
      error: (issue) => {
        const codes = String(issue.input).split(',');
        const unknown = codes.filter((c) => c !== '' && !accepts(normal(c)));
        return unknown.length > 0 && codes.every((c) => c !== '')
          ? `unknown ${what}: ${unknown.join(', ')}`
          : `expected one or more ${what}, comma-separated, no spaces`;
      },
    })
    .transform((value) => [...new Set(value.split(',').map(normal))] as T[]);
}

const oneOf =
  <const T extends readonly string[]>(values: T) =>
  (code: string) =>
    values.includes(code);

/** A whole number written in decimal digits, documented as the integer it stands for. */
const wholeNumber = (min: number, max: number) =>
  documentAs(
    z
      .string()
      .regex(/^\d{1,9}$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`)),
    { type: 'integer', minimum: min, maximum: max },
  );

const booleanFlag = documentAs(
  z.enum(['true', 'false'], 'expected true or false').transform((v) => v === 'true'),
  { type: 'boolean' },
);

const pagination = {
  page: wholeNumber(1, 1_000_000).default(1).meta({ description: 'Page number, from 1' }),
  pageSize: wholeNumber(1, MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page, at most ${MAX_PAGE_SIZE}` }),
};

const country = codeList<string>(
  'partner codes (ISO 3166-1 alpha-2 or regional body)',
  PARTNER_PATTERN_ANY_CASE,
  isPartnerCode,
  true,
).meta({
  description:
    'Partner codes, comma-separated (ISO 3166-1 alpha-2 or regional body, either case). A code outside your country scope: 403.',
});
const themes = codeList<string>('theme codes', alternation(themeCodes), oneOf(themeCodes));

export const cycleListQuerySchema = z
  .object({
    country: country.optional(),
    type: codeList<(typeof cycleTypes)[number]>('cycle types', alternation(cycleTypes), oneOf(cycleTypes))
      .optional()
      .meta({ description: 'Cycle types, comma-separated (e.g. HUMAN_RIGHTS_DIALOGUE)' }),
    status: codeList<(typeof cycleStatuses)[number]>('cycle statuses', alternation(cycleStatuses), oneOf(cycleStatuses))
      .optional()
      .meta({ description: 'Cycle statuses, comma-separated: ACTIVE, CLOSED, CANCELLED' }),
    theme: themes.optional().meta({
      description:
        'Theme codes, comma-separated: cycles with an action point on one of them (a pillar includes its themes)',
    }),
    sort: z
      .enum(['startedAt', '-startedAt', 'country', '-country', 'title', '-title'])
      .default('-startedAt')
      .meta({ description: 'Order' }),
    ...pagination,
  })
  .strict();
export type CycleListQuery = z.output<typeof cycleListQuerySchema>;

export const cycleIdSchema = z
  .string()
  .regex(CYCLE_ID_PATTERN, 'expected a cycle id: 3-64 letters, digits, _ or -')
  .meta({ example: 'KH-HRD-2026' });

/** Filters shared by the action point list, its CSV export and (partly) the calendar feed. */
const actionPointFilters = {
  country: country.optional(),
  cycleId: cycleIdSchema.optional().meta({ description: 'One cycle' }),
  status: codeList<(typeof actionPointStatuses)[number]>(
    'action point statuses',
    alternation(actionPointStatuses),
    oneOf(actionPointStatuses),
  )
    .optional()
    .meta({ description: 'Action point statuses, comma-separated (PROPOSED, AGREED, IN_PROGRESS, COMPLETED, ...)' }),
  theme: themes.optional().meta({ description: 'Theme codes, comma-separated (a pillar includes its themes)' }),
  convention: codeList<string>('convention ids', alternation(conventionIds), oneOf(conventionIds))
    .optional()
    .meta({ description: 'GSP+ convention ids, comma-separated' }),
  dueWithinDays: wholeNumber(0, 3660)
    .optional()
    .meta({ description: 'Agreed, not done, deadline from today to today + N days (cycle time zone)' }),
  overdue: booleanFlag
    .optional()
    .meta({ description: 'true: agreed, not done, deadline passed (cycle time zone); false: the others' }),
  carriedOverMoreThan: wholeNumber(0, 1000).optional().meta({ description: 'Carried over more than N rounds' }),
  sort: z
    .enum(['deadline', '-deadline', 'roundsCarried', '-roundsCarried', 'country', '-country'])
    .default('deadline')
    .meta({ description: 'Order' }),
};

export const actionPointListQuerySchema = z.object({ ...actionPointFilters, ...pagination }).strict();
export type ActionPointListQuery = z.output<typeof actionPointListQuerySchema>;

export const actionPointExportQuerySchema = z.object(actionPointFilters).strict();
export type ActionPointFilters = z.output<typeof actionPointExportQuerySchema>;

export const cycleQuerySchema = z
  .object({
    asOf: instant()
      .transform((value) => new Date(value).toISOString())
      .optional()
      .meta({ description: 'ISO 8601 instant with its offset: the state of the cycle at that instant' }),
  })
  .strict();

export const noQuerySchema = z.object({}).strict();

/** A partner code in a path, in either case ("kh" is KH). */
export const countryParamSchema = z
  .string()
  .regex(new RegExp(`^(?:${PARTNER_PATTERN_ANY_CASE})$`), 'expected an ISO 3166-1 alpha-2 code or a regional body code')
  .transform((code) => code.toUpperCase())
  .meta({ example: 'KH' });

/**
 * Parses query (or path) parameters: every value must be given once, as a string without
 * control characters; an unknown parameter or a bad value is a 400 problem naming it.
 */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const errors: InvalidParameter[] = [];
  for (const [name, value] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (hasControlCharacters(name, false)) {
      errors.push({ parameter: JSON.stringify(name).slice(1, -1), detail: `the name ${PARAMETER_CONTROL_DETAIL}` });
    } else if (typeof value !== 'string') {
      errors.push({ parameter: name, detail: 'give this parameter once, as text' });
    } else if (hasControlCharacters(value, false)) {
      errors.push({ parameter: name, detail: PARAMETER_CONTROL_DETAIL });
    }
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
  if (hasControlCharacters(value, false)) {
    throw new InvalidQueryProblem([{ parameter: name, detail: PARAMETER_CONTROL_DETAIL }]);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidQueryProblem([{ parameter: name, detail: result.error.issues[0]?.message ?? 'invalid' }]);
}
