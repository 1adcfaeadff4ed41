import type { ApiQueryOptions } from '@nestjs/swagger';
import { PROBLEM_JSON, problemDetailsSchema } from '../common/problem-details';
import { queryParameters } from './http';
import {
  actionPointExportQuerySchema,
  actionPointListQuerySchema,
  actionPointQuerySchema,
  cycleListQuerySchema,
  cycleQuerySchema,
  dashboardQuerySchema,
  MAX_PAGE_SIZE,
} from './query-params';

/** OpenAPI documentation of the query endpoints: response documents and query parameters. */

type Schema = Record<string, unknown>;

const string = { type: 'string' };
const nullableString = { type: 'string', nullable: true };
const date = { type: 'string', format: 'date', example: '2026-11-30' };
const nullableDate = { ...date, nullable: true };
const instant = { type: 'string', format: 'date-time' };
const nullableInstant = { ...instant, nullable: true };
const integer = { type: 'integer' };

export const labelledSchema: Schema = {
  type: 'object',
  required: ['code', 'label'],
  properties: { code: string, label: { type: 'string', description: 'In the language of Content-Language' } },
};
const nullableLabelled = { ...labelledSchema, nullable: true };
const labelledList = { type: 'array', items: labelledSchema };
/** The current stage of a cycle (GET /v1/cycles filters on its code with `stage`). */
const cycleStageSchema = {
  ...nullableLabelled,
  description:
    'Current stage of a GSP+ monitoring or EBA enhanced engagement cycle: the stage after the last one whose GSP stage ' +
    'is recorded (the first stage while none is, the last once its own is). Null for the other cycle types, whose ' +
    'stages no recorded event marks.',
};

const object = (properties: Record<string, unknown>, extra: Schema = {}): Schema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...extra,
});

export const pageOf = (items: Schema): Schema =>
  object({
    items: { type: 'array', items },
    page: { type: 'integer', minimum: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
    total: { type: 'integer', description: 'Items matching the filters, over all pages' },
  });

/** Whether the read model holds every event of the cycle (ADR 0014). */
const projectionStatusSchema: Schema = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['UP_TO_DATE', 'NEEDS_REPAIR'] },
    reason: { type: 'string', description: 'NEEDS_REPAIR: why the read model refused an event (codes, never values)' },
    since: { ...instant, description: 'NEEDS_REPAIR: when' },
    heldFromSequence: { type: 'integer', description: 'NEEDS_REPAIR: the first event not applied' },
  },
};

export const cycleSummarySchema = object({
  cycleId: string,
  type: labelledSchema,
  country: string,
  title: string,
  timeZone: string,
  status: labelledSchema,
  stage: cycleStageSchema,
  version: integer,
  startedAt: instant,
  closedAt: nullableInstant,
  roundsScheduled: integer,
  actionPoints: object({ total: integer, open: integer, overdue: integer }),
  projection: projectionStatusSchema,
});

const roundSchema = object({
  roundId: string,
  position: integer,
  title: nullableString,
  date,
  heldOn: nullableDate,
  status: labelledSchema,
  closedAt: nullableInstant,
  carriedOver: { type: 'array', items: string },
  nextRoundId: nullableString,
});

export const actionPointSchema = object({
  cycleId: string,
  actionPointId: string,
  roundId: string,
  originalRoundId: string,
  text: string,
  owner: labelledSchema,
  deadline: date,
  priority: labelledSchema,
  themes: labelledList,
  conventions: labelledList,
  unReferences: {
    type: 'array',
    items: {
      type: 'object',
      required: ['mechanism', 'text'],
      properties: { mechanism: string, text: string, documentSymbol: string, paragraph: string },
    },
  },
  status: labelledSchema,
  assessment: nullableLabelled,
  assessmentComment: nullableString,
  roundsCarried: integer,
  progressReports: integer,
  lastProgressOn: nullableDate,
  overdue: { type: 'boolean', description: 'Agreed, not done, deadline passed in the cycle time zone' },
  proposedAt: instant,
  agreedAt: nullableInstant,
  assessedAt: nullableInstant,
  withdrawnAt: nullableInstant,
  withdrawalReason: nullableString,
  individualCase: {
    ...object({
      caseRef: { type: 'string', example: 'case-5f0c6a52-8d7e-4a3b-9c1d-2e4f6a8b0c1d' },
      attachedAt: instant,
      erased: { type: 'boolean' },
      erasedAt: nullableInstant,
      erasedBy: nullableLabelled,
    }),
    nullable: true,
    description:
      'The individual case (a person at risk) the action point concerns, by opaque reference only; its content is read through /v1/individual-cases/{caseRef} with a grant.',
  },
  version: integer,
});

export const actionPointListItemSchema: Schema = {
  allOf: [actionPointSchema, object({ country: string, cycleTitle: string, cycleType: labelledSchema })],
};

const timelineEntrySchema = object({
  sequence: integer,
  type: { type: 'string', example: 'ActionPointAgreed' },
  label: { type: 'string', example: 'Action point agreed', description: "The event's name in the language asked" },
  occurredAt: instant,
  actor: {
    type: 'object',
    required: ['role'],
    properties: { role: labelledSchema, userId: { type: 'string', description: 'Auditors only' } },
  },
  summary: { type: 'object', additionalProperties: true, description: 'Ids, codes and dates; no free text' },
});

export const cycleDetailSchema: Schema = {
  ...object({
    cycleId: string,
    type: labelledSchema,
    country: string,
    title: string,
    timeZone: string,
    status: labelledSchema,
    stage: cycleStageSchema,
    version: integer,
    startedAt: instant,
    closedAt: nullableInstant,
    closingReason: nullableString,
    gsp: {
      type: 'object',
      nullable: true,
      properties: { stages: { type: 'object', additionalProperties: date }, repliesDueOn: nullableDate },
    },
    withdrawal: {
      type: 'object',
      nullable: true,
      properties: {
        milestones: { type: 'object', additionalProperties: date },
        decidedOn: nullableDate,
        withdrawn: { type: 'boolean', nullable: true },
      },
    },
    rounds: { type: 'array', items: roundSchema },
    actionPoints: { type: 'array', items: actionPointSchema },
    timeline: { type: 'array', items: timelineEntrySchema },
    timelineTotal: {
      ...integer,
      description: 'How many entries the whole timeline has (with ?timelineLimit=, more than `timeline` holds)',
    },
  }),
};
(cycleDetailSchema['properties'] as Schema)['asOf'] = { ...instant, description: 'Only with ?asOf=' };
(cycleDetailSchema['properties'] as Schema)['projection'] = {
  ...projectionStatusSchema,
  description: 'Not with ?asOf= (folded from the events, it needs no projection)',
};

export const dashboardSchema = object({
  country: string,
  cycles: object({ total: integer, active: integer }),
  actionPoints: object({
    total: integer,
    byStatus: { type: 'array', items: { allOf: [labelledSchema, object({ count: integer })] } },
    open: integer,
    overdue: integer,
    carriedOver: integer,
    openCarriedOver: integer,
    maxRoundsCarried: integer,
  }),
  nextDeadlines: { type: 'array', items: actionPointListItemSchema },
});

const countryCountsSchema = object({
  cycles: object({ total: integer, active: integer }),
  actionPoints: object({
    total: integer,
    open: { type: 'integer', description: 'Proposed, agreed or in progress' },
    overdue: { type: 'integer', description: 'Agreed, not done, deadline passed in the cycle time zone, cycle active' },
    carriedOver: { type: 'integer', description: 'Carried over at least once (whatever their status now)' },
    openCarriedOver: { type: 'integer', description: 'Carried over and still open' },
    assessed: { type: 'integer', description: 'With an assessment (completed, partially or not completed)' },
    awaitingAssessment: {
      type: 'integer',
      description: 'Progress reported, no assessment yet, cycle active (as `awaitingAssessment=true`)',
    },
  }),
});

/** GET /v1/dashboard: one entry per country in scope, by country code, and their sum. */
export const crossCountryDashboardSchema = object({
  countries: {
    type: 'array',
    items: { allOf: [object({ country: string }), countryCountsSchema] },
    description:
      'By country code. Readers of every country: the countries with cycles (or those of `country`); ' +
      'desk officers and delegations: each of their countries (or of `country`), zeros where there is no cycle.',
  },
  totals: { ...countryCountsSchema, description: 'The sum over `countries`' },
});

export const calendarFeedSchema = object({
  url: { type: 'string', format: 'uri', description: 'Subscribe to it from a calendar program; keep it private' },
  expiresAt: instant,
});

export const problemContent = { [PROBLEM_JSON]: { schema: problemDetailsSchema } };

// Query parameters ------------------------------------------------------------------------
// Generated from the zod schemas that parse them (query-params.ts), so they cannot drift.

export const cycleListQueries: ApiQueryOptions[] = queryParameters(cycleListQuerySchema);
export const actionPointListQueries: ApiQueryOptions[] = queryParameters(actionPointListQuerySchema);
export const actionPointFilterQueries: ApiQueryOptions[] = queryParameters(actionPointExportQuerySchema);
export const cycleQueries: ApiQueryOptions[] = queryParameters(cycleQuerySchema);
export const actionPointQueries: ApiQueryOptions[] = queryParameters(actionPointQuerySchema);
export const dashboardQueries: ApiQueryOptions[] = queryParameters(dashboardQuerySchema);
