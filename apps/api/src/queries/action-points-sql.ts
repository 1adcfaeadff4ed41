import type { ActionPointFilters, ActionPointListQuery } from './query-params';
import { awaitingAssessmentCondition, Binds, expandThemes, overdueCondition, type SqlQuery } from './read-model-sql';
import type { CountryScope } from './read-scope';

/** SQL of the action point queries: the filtered list, its export chunks and count, a cycle's action points. */

export const ACTION_POINT_COLUMNS = `
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

export const FROM_ACTION_POINTS =
  'FROM read_model.action_points ap JOIN read_model.cycles c ON c.cycle_id = ap.cycle_id';

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
