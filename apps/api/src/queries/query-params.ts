import { currentStageCodes, cycleTypes, CYCLE_ID_PATTERN } from '@suivi/domain';
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
export function codeList<T extends string>(
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

export const oneOf =
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

/** `page` and `pageSize` of every paginated list. */
export const pagination = {
  page: wholeNumber(1, 1_000_000).default(1).meta({ description: 'Page number, from 1' }),
  pageSize: wholeNumber(1, MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page, at most ${MAX_PAGE_SIZE}` }),
};

export const countryFilter = codeList<string>(
  'partner codes (ISO 3166-1 alpha-2 or regional body)',
  PARTNER_PATTERN_ANY_CASE,
  isPartnerCode,
  true,
).meta({
  description:
    'Partner codes, comma-separated (ISO 3166-1 alpha-2 or regional body, either case). A code outside your country scope: 403.',
});
const themes = codeList<string>('theme codes', alternation(themeCodes), oneOf(themeCodes));
const conventions = codeList<string>('convention ids', alternation(conventionIds), oneOf(conventionIds));
const stages = codeList<string>('stage codes', alternation(currentStageCodes), oneOf(currentStageCodes));

export const cycleListQuerySchema = z
  .object({
    country: countryFilter.optional(),
    type: codeList<(typeof cycleTypes)[number]>('cycle types', alternation(cycleTypes), oneOf(cycleTypes))
      .optional()
      .meta({ description: 'Cycle types, comma-separated (e.g. HUMAN_RIGHTS_DIALOGUE)' }),
    status: codeList<(typeof cycleStatuses)[number]>('cycle statuses', alternation(cycleStatuses), oneOf(cycleStatuses))
      .optional()
      .meta({ description: 'Cycle statuses, comma-separated: ACTIVE, CLOSED, CANCELLED' }),
    stage: stages.optional().meta({
      description:
        'Current stage codes, comma-separated (GSP+ monitoring and EBA enhanced engagement stages, e.g. ' +
        'MONITORING_MISSION): cycles now in one of them, as their `stage` says (other cycle types have none)',
    }),
    theme: themes.optional().meta({
      description:
        'Theme codes, comma-separated: cycles with an action point on one of them (a pillar includes its themes)',
    }),
    convention: conventions.optional().meta({
      description: 'GSP+ convention ids, comma-separated: cycles with an action point on one of them',
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
  country: countryFilter.optional(),
  cycleId: cycleIdSchema.optional().meta({ description: 'One cycle' }),
  status: codeList<(typeof actionPointStatuses)[number]>(
    'action point statuses',
    alternation(actionPointStatuses),
    oneOf(actionPointStatuses),
  )
    .optional()
    .meta({ description: 'Action point statuses, comma-separated (PROPOSED, AGREED, IN_PROGRESS, COMPLETED, ...)' }),
  theme: themes.optional().meta({ description: 'Theme codes, comma-separated (a pillar includes its themes)' }),
  convention: conventions.optional().meta({ description: 'GSP+ convention ids, comma-separated' }),
  dueWithinDays: wholeNumber(0, 3660)
    .optional()
    .meta({ description: 'Agreed, not done, deadline from today to today + N days (cycle time zone)' }),
  overdue: booleanFlag
    .optional()
    .meta({ description: 'true: agreed, not done, deadline passed (cycle time zone); false: the others' }),
  awaitingAssessment: booleanFlag.optional().meta({
    description:
      'true: awaiting assessment — progress reported, not assessed yet (an assessment is final), cycle active; ' +
      'false: the others',
  }),
  carriedOverMoreThan: wholeNumber(0, 1000).optional().meta({ description: 'Carried over more than N rounds' }),
  sort: z
    .enum([
      'deadline',
      '-deadline',
      'roundsCarried',
      '-roundsCarried',
      'country',
      '-country',
      'lastProgressOn',
      '-lastProgressOn',
    ])
    .default('deadline')
    .meta({ description: 'Order (lastProgressOn: action points without progress last)' }),
};

/** The longest a query with `minVersion` waits for the read model (ADR 0020); a constant, not configuration. */
export const MIN_VERSION_WAIT_MS = 5000;
/**
 * How far ahead of the read model a `minVersion` may be and still be waited for. A command adds
 * one to three events, a round closing with its carry-over one per open action point; the gap
 * a reader can legitimately ask to close is what the projector has not applied yet of the last
 * seconds' commands. A version further ahead is not one a command reply just gave: waiting for
 * it would only delay the answer (generated requests, e.g. Schemathesis', draw small integers).
 */
export const MAX_VERSION_AHEAD = 200;
/** Where the answer says which version of the cycle the read model holds. */
export const READ_MODEL_VERSION_HEADER = 'Read-Model-Version';

const minVersionDescription =
  `Read your own writes: the \`version\` a command reply gave. The query first waits, at most ` +
  `${MIN_VERSION_WAIT_MS / 1000} s, until the read model holds the cycle at that version or later, then answers ` +
  `as usual. Past the bound it answers 200 with what the read model holds: compare the ` +
  `\`${READ_MODEL_VERSION_HEADER}\` header with your version to know whether it is behind. No wait when the ` +
  `read model does not hold the cycle (404/403 or an empty list at once), when the cycle needs repair ` +
  `(its version is frozen), or when minVersion is more than ${MAX_VERSION_AHEAD} ahead of the read model.`;

/** A cycle version to wait for (positive integer). */
const minVersion = wholeNumber(1, 999_999_999).optional().meta({ description: minVersionDescription });

export const actionPointListQuerySchema = z
  .object({
    ...actionPointFilters,
    minVersion: wholeNumber(1, 999_999_999)
      .optional()
      .meta({ description: `Only with \`cycleId\` (ignored without it). ${minVersionDescription}` }),
    ...pagination,
  })
  .strict();
export type ActionPointListQuery = z.output<typeof actionPointListQuerySchema>;

export const actionPointExportQuerySchema = z.object(actionPointFilters).strict();
export type ActionPointFilters = z.output<typeof actionPointExportQuerySchema>;

export const cycleQuerySchema = z
  .object({
    asOf: instant()
      .transform((value) => new Date(value).toISOString())
      .optional()
      .meta({ description: 'ISO 8601 instant with its offset: the state of the cycle at that instant' }),
    minVersion,
    timelineLimit: wholeNumber(1, 100_000).optional().meta({
      description:
        'Only the latest N entries of the timeline (all when left out); `timelineTotal` says how many there are',
    }),
  })
  .strict();

export const actionPointQuerySchema = z.object({ minVersion }).strict();

/** The cross-country dashboard: optionally narrowed to some countries. */
export const dashboardQuerySchema = z.object({ country: countryFilter.optional() }).strict();

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
