import { currentStageRules, referenceData } from '@suivi/domain';
import type { ActionPointFilters, ActionPointListQuery, CycleListQuery } from './query-params';
import type { CountryScope } from './read-scope';

/**
 * SQL of the read queries, built from validated filters: every value travels as a bind
 * parameter, and only fixed fragments of this file become SQL text. Queries read the
 * stable `read_model` views (the current generation). Dates are cast to text so that
 * "YYYY-MM-DD" never passes through a JavaScript Date and a server time zone.
 */

export interface SqlQuery {
  text: string;
  values: unknown[];
}

/** Collects bind values and hands out their placeholders. */
class Binds {
  readonly values: unknown[] = [];

  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** Open and committed: what reminders, the overdue count and the calendar are about. */
export const AGREED_OPEN_STATUSES = ['AGREED', 'IN_PROGRESS'] as const;

/** A pillar ("I") stands for itself and its themes ("I.A", "I.B", ...). */
export function expandThemes(codes: readonly string[]): string[] {
  const expanded = new Set<string>();
  for (const code of codes) {
    expanded.add(code);
    const pillar = referenceData.actionPlanTaxonomy.pillars.find((p) => p.code === code);
    for (const theme of pillar?.themes ?? []) expanded.add(theme.code);
  }
  return [...expanded];
}

// ---------------------------------------------------------------------------------------
// Cycles

const CYCLE_COLUMNS = `
  c.cycle_id, c.cycle_type, c.country, c.title, c.time_zone, c.status, c.version, c.started_at,
  c.closed_at, c.closing_reason, c.rounds_scheduled, c.gsp_stages, c.gsp_replies_due_on::text AS gsp_replies_due_on,
  c.withdrawal_milestones, c.withdrawal_decided_on::text AS withdrawal_decided_on, c.withdrawn, c.updated_at,
  pp.repair_since, pp.repair_sequence, pp.repair_reason`;

/** The cycle's projection position: set repair_* columns mean an event of it could not be projected (ADR 0014). */
const JOIN_POSITION = 'LEFT JOIN read_model.projection_positions pp ON pp.cycle_id = c.cycle_id';

export interface CycleDbRow {
  cycle_id: string;
  cycle_type: string;
  country: string;
  title: string;
  time_zone: string;
  status: string;
  version: number;
  started_at: Date;
  closed_at: Date | null;
  closing_reason: string | null;
  rounds_scheduled: number;
  gsp_stages: Record<string, string>;
  gsp_replies_due_on: string | null;
  withdrawal_milestones: Record<string, string> | null;
  withdrawal_decided_on: string | null;
  withdrawn: boolean | null;
  updated_at: Date;
  /** Set while the cycle needs repair: its projection stopped before event repair_sequence (ADR 0014). */
  repair_since?: Date | null;
  repair_sequence?: number | null;
  /** SQLSTATE-level reason, never values. */
  repair_reason?: string | null;
}

export interface CycleListDbRow extends CycleDbRow {
  action_points: number;
  open_action_points: number;
  overdue_action_points: number;
}

/**
 * The current stage code of cycle `c`, computed as the domain's `currentStage` does, from the
 * same rules (reference data): per cycle type with stage markers, the stage given by the
 * latest marker recorded in `gsp_stages`, else the first stage; NULL for the other types.
 * Every code is a bind value; only the CASE skeleton is SQL text.
 */
function currentStageSql(c: string, binds: Binds): string {
  // Placeholders are numbered in the order they appear in the text.
  const types = currentStageRules.map((rule) => {
    const type = binds.add(rule.cycleType, '::text');
    const markers = rule.markers.map((marker) => {
      const recorded = binds.add(marker.gspStage, '::text');
      return `WHEN ${c}.gsp_stages ? ${recorded} THEN ${binds.add(marker.currentStage, '::text')}`;
    });
    return `WHEN ${c}.cycle_type = ${type} THEN (CASE ${markers.join(' ')}
      ELSE ${binds.add(rule.initialStage, '::text')} END)`;
  });
  return `(CASE ${types.join(' ')} ELSE NULL END)`;
}

const cycleSorts: Record<CycleListQuery['sort'], string> = {
  startedAt: 'c.started_at ASC',
  '-startedAt': 'c.started_at DESC',
  country: 'c.country ASC',
  '-country': 'c.country DESC',
  title: 'c.title ASC',
  '-title': 'c.title DESC',
};

/** The page of cycles and the total count matching the same filters. */
export function cycleListSql(query: CycleListQuery, scope: CountryScope): { page: SqlQuery; count: SqlQuery } {
  const binds = new Binds();
  const where: string[] = [];
  if (scope !== null) where.push(`c.country = ANY(${binds.add(scope, '::text[]')})`);
  if (query.country) where.push(`c.country = ANY(${binds.add(query.country, '::text[]')})`);
  if (query.type) where.push(`c.cycle_type = ANY(${binds.add(query.type, '::text[]')})`);
  if (query.status) where.push(`c.status = ANY(${binds.add(query.status, '::text[]')})`);
  if (query.stage) where.push(`${currentStageSql('c', binds)} = ANY(${binds.add(query.stage, '::text[]')})`);
  if (query.theme) {
    where.push(`EXISTS (SELECT 1 FROM read_model.action_points t
      WHERE t.cycle_id = c.cycle_id AND t.themes && ${binds.add(expandThemes(query.theme), '::text[]')})`);
  }
  if (query.convention) {
    where.push(`EXISTS (SELECT 1 FROM read_model.action_points v
      WHERE v.cycle_id = c.cycle_id AND v.conventions && ${binds.add(query.convention, '::text[]')})`);
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const filterValues = [...binds.values];
  const limit = binds.add(query.pageSize, '::int');
  const offset = binds.add((query.page - 1) * query.pageSize, '::int');
  return {
    page: {
      text: `SELECT ${CYCLE_COLUMNS}, coalesce(s.action_points, 0)::int AS action_points,
        coalesce(s.open_action_points, 0)::int AS open_action_points,
        coalesce(s.overdue_action_points, 0)::int AS overdue_action_points
      FROM read_model.cycles c
      ${JOIN_POSITION}
      LEFT JOIN LATERAL (
        SELECT count(*) AS action_points,
          count(*) FILTER (WHERE ap.status IN ('PROPOSED', 'AGREED', 'IN_PROGRESS')) AS open_action_points,
          count(*) FILTER (WHERE ${overdueCondition('ap', 'c')}) AS overdue_action_points
        FROM read_model.action_points ap WHERE ap.cycle_id = c.cycle_id
      ) s ON true
      ${whereSql}
      ORDER BY ${cycleSorts[query.sort]}, c.cycle_id ASC
      LIMIT ${limit} OFFSET ${offset}`,
      values: binds.values,
    },
    count: { text: `SELECT count(*)::int AS total FROM read_model.cycles c ${whereSql}`, values: filterValues },
  };
}

/** Where the read model stands on one cycle: its version, and whether it is frozen for repair (ADR 0014). */
export interface CyclePositionDbRow {
  country: string;
  version: number;
  needs_repair: boolean;
}

export function cyclePositionSql(cycleId: string): SqlQuery {
  return {
    text: `SELECT c.country, c.version, pp.repair_since IS NOT NULL AS needs_repair
      FROM read_model.cycles c ${JOIN_POSITION} WHERE c.cycle_id = $1`,
    values: [cycleId],
  };
}

export function cycleSql(cycleId: string): SqlQuery {
  return {
    text: `SELECT ${CYCLE_COLUMNS} FROM read_model.cycles c ${JOIN_POSITION} WHERE c.cycle_id = $1`,
    values: [cycleId],
  };
}

export interface RoundDbRow {
  round_id: string;
  position: number;
  title: string | null;
  date: string;
  held_on: string | null;
  status: string;
  closed_at: Date | null;
  carried_over: string[];
  next_round_id: string | null;
}

export function roundsSql(cycleId: string): SqlQuery {
  return {
    text: `SELECT round_id, position, title, date::text AS date, held_on::text AS held_on, status, closed_at,
        carried_over, next_round_id
      FROM read_model.rounds WHERE cycle_id = $1 ORDER BY position`,
    values: [cycleId],
  };
}

export interface TimelineDbRow {
  sequence: number;
  event_type: string;
  occurred_at: Date;
  actor_role: string;
  actor_user_id: string;
  summary: Record<string, unknown>;
}

export function timelineSql(cycleId: string): SqlQuery {
  return {
    text: `SELECT sequence, event_type, occurred_at, actor_role, actor_user_id, summary
      FROM read_model.timeline WHERE cycle_id = $1 ORDER BY sequence`,
    values: [cycleId],
  };
}

/**
 * The cycle's events up to `asOf`: the longest run from the first event whose instants are
 * not after it (a later sequence is never folded without the ones before it).
 */
export function eventsAsOfSql(cycleId: string, asOf: string): SqlQuery {
  return {
    text: `SELECT sequence, event_type, occurred_at, actor_role, actor_user_id, summary, event
      FROM read_model.timeline
      WHERE cycle_id = $1 AND sequence < coalesce(
        (SELECT min(sequence) FROM read_model.timeline WHERE cycle_id = $1 AND occurred_at > $2::timestamptz),
        2147483647)
      ORDER BY sequence`,
    values: [cycleId, asOf],
  };
}

// ---------------------------------------------------------------------------------------
// Action points

/** Agreed, not yet done, in a running cycle, and its deadline passed in the cycle's time zone. */
function overdueCondition(ap: string, c: string): string {
  return `(${ap}.status IN ('AGREED', 'IN_PROGRESS') AND ${c}.status = 'ACTIVE'
    AND ${ap}.deadline < read_model_control.local_today(${c}.time_zone))`;
}

/**
 * Awaiting assessment: progress was reported and no assessment yet (an assessment is final, so
 * "since the last assessment" is "since none"), not withdrawn, in a running cycle (a closed one
 * takes no assessment).
 */
function awaitingAssessmentCondition(ap: string, c: string): string {
  return `(${ap}.progress_reports > 0 AND ${ap}.assessment IS NULL AND ${ap}.status IN ('AGREED', 'IN_PROGRESS')
    AND ${c}.status = 'ACTIVE')`;
}

const ACTION_POINT_COLUMNS = `
  ap.cycle_id, c.country, c.title AS cycle_title, c.cycle_type, c.status AS cycle_status, c.time_zone,
  ap.action_point_id, ap.round_id, ap.original_round_id, ap.text, ap.owner, ap.deadline::text AS deadline,
  ap.priority, ap.themes, ap.conventions, ap.un_references, ap.status, ap.assessment, ap.assessment_comment,
  ap.rounds_carried, ap.progress_reports, ap.last_progress_on::text AS last_progress_on, ap.reminders_sent,
  ap.escalated, ap.proposed_at, ap.agreed_at, ap.withdrawn_at, ap.withdrawal_reason, ap.assessed_at, ap.version,
  ap.updated_at, ap.case_ref, ap.case_attached_at, ap.case_erased_at, ap.case_erased_by_role, ${overdueCondition('ap', 'c')} AS overdue`;

export interface ActionPointDbRow {
  cycle_id: string;
  country: string;
  cycle_title: string;
  cycle_type: string;
  cycle_status: string;
  time_zone: string;
  action_point_id: string;
  round_id: string;
  original_round_id: string;
  text: string;
  owner: string;
  deadline: string;
  priority: string;
  themes: string[];
  conventions: string[];
  un_references: Array<{ mechanism: string; text: string; documentSymbol?: string; paragraph?: string }>;
  status: string;
  assessment: string | null;
  assessment_comment: string | null;
  rounds_carried: number;
  progress_reports: number;
  last_progress_on: string | null;
  reminders_sent: number;
  escalated: boolean;
  proposed_at: Date;
  agreed_at: Date | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  assessed_at: Date | null;
  case_ref: string | null;
  case_attached_at: Date | null;
  case_erased_at: Date | null;
  case_erased_by_role: string | null;
  version: number;
  updated_at: Date;
  overdue: boolean;
}

const actionPointSorts: Record<ActionPointFilters['sort'], string> = {
  deadline: 'ap.deadline ASC',
  '-deadline': 'ap.deadline DESC',
  roundsCarried: 'ap.rounds_carried ASC',
  '-roundsCarried': 'ap.rounds_carried DESC',
  country: 'c.country ASC',
  '-country': 'c.country DESC',
  lastProgressOn: 'ap.last_progress_on ASC NULLS LAST',
  '-lastProgressOn': 'ap.last_progress_on DESC NULLS LAST',
};

/** WHERE conditions of the action point filters, on `ap` joined with its cycle `c`. */
function actionPointWhere(filters: ActionPointFilters, scope: CountryScope, binds: Binds): string[] {
  const where: string[] = [];
  if (scope !== null) where.push(`c.country = ANY(${binds.add(scope, '::text[]')})`);
  if (filters.country) where.push(`c.country = ANY(${binds.add(filters.country, '::text[]')})`);
  if (filters.cycleId) where.push(`ap.cycle_id = ${binds.add(filters.cycleId)}`);
  if (filters.status) where.push(`ap.status = ANY(${binds.add(filters.status, '::text[]')})`);
  if (filters.theme) where.push(`ap.themes && ${binds.add(expandThemes(filters.theme), '::text[]')}`);
  if (filters.convention) where.push(`ap.conventions && ${binds.add(filters.convention, '::text[]')}`);
  if (filters.carriedOverMoreThan !== undefined) {
    where.push(`ap.rounds_carried > ${binds.add(filters.carriedOverMoreThan, '::int')}`);
  }
  if (filters.overdue !== undefined)
    where.push(filters.overdue ? overdueCondition('ap', 'c') : `NOT ${overdueCondition('ap', 'c')}`);
  if (filters.awaitingAssessment !== undefined) {
    const awaiting = awaitingAssessmentCondition('ap', 'c');
    where.push(filters.awaitingAssessment ? awaiting : `NOT ${awaiting}`);
  }
  if (filters.dueWithinDays !== undefined) {
    // Still to do, deadline between today and today + N in the cycle's time zone.
    where.push(`ap.status IN ('AGREED', 'IN_PROGRESS') AND c.status = 'ACTIVE'
      AND ap.deadline >= read_model_control.local_today(c.time_zone)
      AND ap.deadline <= read_model_control.local_today(c.time_zone) + ${binds.add(filters.dueWithinDays, '::int')}`);
  }
  return where;
}

const FROM_ACTION_POINTS = 'FROM read_model.action_points ap JOIN read_model.cycles c ON c.cycle_id = ap.cycle_id';

function whereClause(where: string[]): string {
  return where.length > 0 ? `WHERE ${where.map((w) => `(${w})`).join(' AND ')}` : '';
}

export function actionPointListSql(
  query: ActionPointListQuery,
  scope: CountryScope,
): { page: SqlQuery; count: SqlQuery } {
  const binds = new Binds();
  const whereSql = whereClause(actionPointWhere(query, scope, binds));
  const filterValues = [...binds.values];
  const limit = binds.add(query.pageSize, '::int');
  const offset = binds.add((query.page - 1) * query.pageSize, '::int');
  return {
    page: {
      text: `SELECT ${ACTION_POINT_COLUMNS} ${FROM_ACTION_POINTS} ${whereSql}
        ORDER BY ${actionPointSorts[query.sort]}, ap.cycle_id ASC, ap.action_point_id ASC
        LIMIT ${limit} OFFSET ${offset}`,
      values: binds.values,
    },
    count: { text: `SELECT count(*)::int AS total ${FROM_ACTION_POINTS} ${whereSql}`, values: filterValues },
  };
}

/**
 * One chunk of an export, in a fixed order (the requested sort, then cycle and id): the
 * export reads chunk after chunk by offset inside one repeatable-read transaction, so the
 * chunks are consistent with each other.
 */
export function actionPointChunkSql(
  filters: ActionPointFilters,
  scope: CountryScope,
  offset: number,
  limit: number,
): SqlQuery {
  return actionPointListSql({ ...filters, page: 1 + offset / limit, pageSize: limit }, scope).page;
}

export function actionPointCountSql(filters: ActionPointFilters, scope: CountryScope): SqlQuery {
  const binds = new Binds();
  return {
    text: `SELECT count(*)::int AS total ${FROM_ACTION_POINTS} ${whereClause(actionPointWhere(filters, scope, binds))}`,
    values: binds.values,
  };
}

export function actionPointsOfCycleSql(cycleId: string): SqlQuery {
  return {
    text: `SELECT ${ACTION_POINT_COLUMNS} ${FROM_ACTION_POINTS} WHERE ap.cycle_id = $1
      ORDER BY ap.proposed_at, ap.action_point_id`,
    values: [cycleId],
  };
}

// ---------------------------------------------------------------------------------------
// Dashboard and calendar

export interface CountryStatisticsDbRow {
  country: string;
  cycles: number;
  active_cycles: number;
  action_points: number;
  proposed: number;
  agreed: number;
  in_progress: number;
  completed: number;
  partially_completed: number;
  not_completed: number;
  withdrawn: number;
  open: number;
  overdue: number;
  carried_over: number;
  open_carried_over: number;
  max_rounds_carried: number;
}

export function countryStatisticsSql(country: string): SqlQuery {
  return { text: 'SELECT * FROM read_model.country_statistics WHERE country = $1', values: [country] };
}

/** The next open deadlines of a country, from today on in each cycle's time zone. */
export function nextDeadlinesSql(country: string, limit: number): SqlQuery {
  return {
    text: `SELECT ${ACTION_POINT_COLUMNS} ${FROM_ACTION_POINTS}
      WHERE c.country = $1 AND c.status = 'ACTIVE' AND ap.status IN ('AGREED', 'IN_PROGRESS')
        AND ap.deadline >= read_model_control.local_today(c.time_zone)
      ORDER BY ap.deadline, ap.cycle_id, ap.action_point_id
      LIMIT $2::int`,
    values: [country, limit],
  };
}

/** One country of the cross-country dashboard. */
export interface CountrySummaryDbRow {
  country: string;
  cycles: number;
  active_cycles: number;
  action_points: number;
  open: number;
  overdue: number;
  carried_over: number;
  open_carried_over: number;
  assessed: number;
  awaiting_assessment: number;
}

/**
 * Counts per country in scope, by country code: the same rules as the country statistics view
 * (open, overdue in each cycle's time zone, carried over), plus assessed and awaiting
 * assessment. Countries without cycles have no row (the caller adds the ones it was asked for).
 */
export function countrySummariesSql(scope: CountryScope): SqlQuery {
  const binds = new Binds();
  const where = scope === null ? '' : `WHERE c.country = ANY(${binds.add(scope, '::text[]')})`;
  const open = `ap.status IN ('PROPOSED', 'AGREED', 'IN_PROGRESS')`;
  return {
    text: `WITH cycle_today AS MATERIALIZED (
        SELECT c.cycle_id, c.country, c.status, read_model_control.local_today(c.time_zone) AS today
        FROM read_model.cycles c ${where}
      )
      SELECT c.country,
        count(DISTINCT c.cycle_id)::int AS cycles,
        count(DISTINCT c.cycle_id) FILTER (WHERE c.status = 'ACTIVE')::int AS active_cycles,
        count(ap.action_point_id)::int AS action_points,
        count(*) FILTER (WHERE ${open})::int AS open,
        count(*) FILTER (
          WHERE ap.status IN ('AGREED', 'IN_PROGRESS') AND c.status = 'ACTIVE' AND ap.deadline < c.today
        )::int AS overdue,
        count(*) FILTER (WHERE ap.rounds_carried > 0)::int AS carried_over,
        count(*) FILTER (WHERE ap.rounds_carried > 0 AND ${open})::int AS open_carried_over,
        count(*) FILTER (WHERE ap.assessment IS NOT NULL)::int AS assessed,
        count(*) FILTER (WHERE ${awaitingAssessmentCondition('ap', 'c')})::int AS awaiting_assessment
      FROM cycle_today c
      LEFT JOIN read_model.action_points ap ON ap.cycle_id = c.cycle_id
      GROUP BY c.country
      ORDER BY c.country`,
    values: binds.values,
  };
}

export interface CalendarDbRow {
  cycle_id: string;
  action_point_id: string;
  deadline: string;
  themes: string[];
  status: string;
  version: number;
  updated_at: Date;
}

/** Open agreed action points of running cycles in scope, by deadline (no free text is read). */
export function calendarSql(scope: CountryScope, limit: number): SqlQuery {
  const binds = new Binds();
  const where = [`c.status = 'ACTIVE'`, `ap.status IN ('AGREED', 'IN_PROGRESS')`];
  if (scope !== null) where.push(`c.country = ANY(${binds.add(scope, '::text[]')})`);
  return {
    text: `SELECT ap.cycle_id, ap.action_point_id, ap.deadline::text AS deadline, ap.themes, ap.status,
        ap.version, ap.updated_at
      ${FROM_ACTION_POINTS} WHERE ${where.join(' AND ')}
      ORDER BY ap.deadline, ap.cycle_id, ap.action_point_id
      LIMIT ${binds.add(limit, '::int')}`,
    values: binds.values,
  };
}
