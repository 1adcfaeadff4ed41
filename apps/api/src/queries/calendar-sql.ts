import { FROM_ACTION_POINTS } from './action-points-sql';
import { Binds, type SqlQuery } from './read-model-sql';
import type { CountryScope } from './read-scope';

/** SQL of the calendar feed: open agreed action points by deadline. */

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
