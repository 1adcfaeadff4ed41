import { currentStageRules } from '@suivi/domain';
import type { CycleListQuery } from './query-params';
import { Binds, expandThemes, overdueCondition, type SqlQuery } from './read-model-sql';
import type { CountryScope } from './read-scope';

/** SQL of the cycle queries: the list, one cycle with its rounds and timeline, its position and past events. */

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

/**
 * The cycle's timeline, latest first, at most `limit` entries (all when undefined), each row
 * with the count of all of them (the window is counted before the limit applies).
 */
export function timelineSql(cycleId: string, limit: number | undefined): SqlQuery {
  return {
    text: `SELECT sequence, event_type, occurred_at, actor_role, actor_user_id, summary, count(*) OVER ()::int AS total
      FROM read_model.timeline WHERE cycle_id = $1 ORDER BY sequence DESC LIMIT $2`,
    values: [cycleId, limit ?? null],
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
