import { ACTION_POINT_COLUMNS, FROM_ACTION_POINTS } from './action-points-sql';
import { awaitingAssessmentCondition, Binds, type SqlQuery } from './read-model-sql';
import type { CountryScope } from './read-scope';

/** SQL of the dashboards: a country's statistics and next deadlines, the counts of every country in scope. */

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
