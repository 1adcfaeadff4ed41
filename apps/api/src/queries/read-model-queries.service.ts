import { Injectable } from '@nestjs/common';
import type { CycleEvent } from '@suivi/domain';
import { inTransaction } from '@suivi/postgres';
import type { PoolClient } from 'pg';
import { PostgresPoolService } from '../clients/postgres-pool.service';
import {
  actionPointChunkSql,
  actionPointCountSql,
  actionPointListSql,
  actionPointsOfCycleSql,
  type ActionPointDbRow,
} from './action-points-sql';
import { calendarSql, type CalendarDbRow } from './calendar-sql';
import {
  cycleListSql,
  cyclePositionSql,
  cycleSql,
  eventsAsOfSql,
  roundsSql,
  timelineSql,
  type CyclePositionDbRow,
  type CycleDbRow,
  type CycleListDbRow,
  type RoundDbRow,
  type TimelineDbRow,
} from './cycles-sql';
import {
  countryStatisticsSql,
  countrySummariesSql,
  nextDeadlinesSql,
  type CountryStatisticsDbRow,
  type CountrySummaryDbRow,
} from './dashboard-sql';
import type { ActionPointFilters, ActionPointListQuery, CycleListQuery } from './query-params';
import type { SqlQuery } from './read-model-sql';
import type { CountryScope } from './read-scope';
import type { CyclePosition } from './read-your-writes';

export interface CycleParts {
  cycle: CycleDbRow;
  rounds: RoundDbRow[];
  actionPoints: ActionPointDbRow[];
  /** Oldest first; only the latest entries when a limit was asked. */
  timeline: TimelineDbRow[];
  /** How many entries the whole timeline has. */
  timelineTotal: number;
}

/** A timeline row with its whole event; null for rows projected before the read model kept events. */
export type TimelineEventDbRow = TimelineDbRow & { event: CycleEvent | null };

/** Most rows one CSV export writes; more is refused before anything is sent (narrow the filters). */
export const EXPORT_MAX_ROWS = 50_000;
const EXPORT_CHUNK_ROWS = 1000;
/** Most events one calendar feed holds (reviewers and auditors see every country). */
export const CALENDAR_MAX_EVENTS = 5000;

export class ExportTooLargeError extends Error {
  constructor(readonly total: number) {
    super(`${total} action points match; an export holds at most ${EXPORT_MAX_ROWS}`);
  }
}

/** Runs the read queries against the read model (the `read_model` views of the current generation). */
@Injectable()
export class ReadModelQueries {
  constructor(private readonly postgres: PostgresPoolService) {}

  async listCycles(query: CycleListQuery, scope: CountryScope): Promise<{ rows: CycleListDbRow[]; total: number }> {
    const sql = cycleListSql(query, scope);
    return this.pageAndTotal<CycleListDbRow>(sql);
  }

  /**
   * A page of action points and their total; filtered on one cycle, also that cycle's version in
   * the same snapshot (undefined when the read model does not hold the cycle).
   */
  async listActionPoints(
    query: ActionPointListQuery,
    scope: CountryScope,
  ): Promise<{ rows: ActionPointDbRow[]; total: number; cycleVersion?: number }> {
    const sql = actionPointListSql(query, scope);
    return this.inSnapshot(async (client) => ({
      rows: (await client.query<ActionPointDbRow>(sql.page)).rows,
      total: (await client.query<{ total: number }>(sql.count)).rows[0].total,
      ...(query.cycleId === undefined
        ? {}
        : { cycleVersion: (await client.query<CyclePositionDbRow>(cyclePositionSql(query.cycleId))).rows[0]?.version }),
    }));
  }

  /** The cycle's version in the read model and whether it is frozen for repair; null when unknown. */
  async cyclePosition(cycleId: string): Promise<CyclePosition | null> {
    const [row] = await this.rows<CyclePositionDbRow>(cyclePositionSql(cycleId));
    return row ? { country: row.country, version: row.version, needsRepair: row.needs_repair } : null;
  }

  async cycleCountry(cycleId: string): Promise<string | null> {
    const rows = await this.rows<CycleDbRow>(cycleSql(cycleId));
    return rows[0]?.country ?? null;
  }

  /** The cycle with its rounds, action points and timeline, read in one snapshot; null when unknown. */
  /** The cycle's parts; `timelineLimit`: only its latest timeline entries. */
  async cycle(cycleId: string, timelineLimit?: number): Promise<CycleParts | null> {
    return this.inSnapshot(async (client) => {
      const [cycle] = (await client.query<CycleDbRow>(cycleSql(cycleId))).rows;
      if (!cycle) return null;
      const rounds = (await client.query<RoundDbRow>(roundsSql(cycleId))).rows;
      const actionPoints = (await client.query<ActionPointDbRow>(actionPointsOfCycleSql(cycleId))).rows;
      const latestFirst = (await client.query<TimelineDbRow & { total: number }>(timelineSql(cycleId, timelineLimit)))
        .rows;
      const timelineTotal = latestFirst[0]?.total ?? 0;
      const timeline = latestFirst.reverse().map((row): TimelineDbRow => {
        const { total, ...entry } = row;
        void total;
        return entry;
      });
      return { cycle, rounds, actionPoints, timeline, timelineTotal };
    });
  }

  async eventsAsOf(cycleId: string, asOf: string): Promise<TimelineEventDbRow[]> {
    return this.rows<TimelineEventDbRow>(eventsAsOfSql(cycleId, asOf));
  }

  async dashboard(
    country: string,
    nextDeadlines: number,
  ): Promise<{ statistics: CountryStatisticsDbRow | undefined; next: ActionPointDbRow[] }> {
    return this.inSnapshot(async (client) => ({
      statistics: (await client.query<CountryStatisticsDbRow>(countryStatisticsSql(country))).rows[0],
      next: (await client.query<ActionPointDbRow>(nextDeadlinesSql(country, nextDeadlines))).rows,
    }));
  }

  /** Counts per country in scope, by country code (countries with cycles only). */
  async countrySummaries(scope: CountryScope): Promise<CountrySummaryDbRow[]> {
    return this.rows<CountrySummaryDbRow>(countrySummariesSql(scope));
  }

  async calendar(scope: CountryScope): Promise<CalendarDbRow[]> {
    return this.rows<CalendarDbRow>(calendarSql(scope, CALENDAR_MAX_EVENTS));
  }

  /**
   * Every matching action point, chunk by chunk, in one read-only snapshot (chunks agree
   * with each other). Counts first and throws ExportTooLargeError before the first chunk.
   */
  async exportActionPoints(
    filters: ActionPointFilters,
    scope: CountryScope,
    onChunk: (rows: ActionPointDbRow[], first: boolean) => Promise<void> | void,
  ): Promise<number> {
    return this.inSnapshot(async (client) => {
      const total = (await client.query<{ total: number }>(actionPointCountSql(filters, scope))).rows[0].total;
      if (total > EXPORT_MAX_ROWS) throw new ExportTooLargeError(total);
      let offset = 0;
      do {
        const chunk = (
          await client.query<ActionPointDbRow>(actionPointChunkSql(filters, scope, offset, EXPORT_CHUNK_ROWS))
        ).rows;
        await onChunk(chunk, offset === 0);
        offset += EXPORT_CHUNK_ROWS;
        if (chunk.length < EXPORT_CHUNK_ROWS) break;
      } while (offset < total);
      return total;
    });
  }

  private async pageAndTotal<Row extends object>(sql: {
    page: SqlQuery;
    count: SqlQuery;
  }): Promise<{ rows: Row[]; total: number }> {
    return this.inSnapshot(async (client) => ({
      rows: (await client.query<Row>(sql.page)).rows,
      total: (await client.query<{ total: number }>(sql.count)).rows[0].total,
    }));
  }

  private async rows<Row extends object>(sql: SqlQuery): Promise<Row[]> {
    return (await this.postgres.pool.query<Row>(sql)).rows;
  }

  /** Several statements that must agree (a page and its total, a cycle and its parts): one read-only snapshot. */
  private async inSnapshot<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.postgres.pool, work, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }
}
