import { join } from 'node:path';
import { defaultReminderPolicy, type CycleEvent } from '@suivi/domain';
import { createPool, migrateUp } from '@suivi/postgres';
import { scratchDatabase } from '@suivi/test-support';
import type { Pool } from 'pg';
import type { PostgresPoolService } from '../clients/postgres-pool.service';
import {
  parseParams,
  actionPointListQuerySchema,
  cycleListQuerySchema,
  actionPointExportQuerySchema,
} from './query-params';
import { ReadModelQueries } from './read-model-queries.service';

/**
 * The query SQL against the real PostgreSQL of the integration tier, on a read model
 * migrated by the projector's migrations and filled with rows inserted directly.
 */

const projectorMigrations = join(__dirname, '..', '..', '..', 'projector', 'migrations');
let pool: Pool;
let queries: ReadModelQueries;

/** A date relative to today in UTC ("YYYY-MM-DD"); the cycles below are in zones near UTC. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function insertCycle(id: string, country: string, status: string, startedAt: string): Promise<void> {
  await pool.query(
    `INSERT INTO read_model_g1.cycles (cycle_id, cycle_type, country, title, time_zone, status, version, started_at,
       rounds_scheduled, gsp_stages, updated_at)
     VALUES ($1, 'HUMAN_RIGHTS_DIALOGUE', $2, $1 || ' dialogue', 'Europe/London', $3, 5, $4, 1, '{}', $4)`,
    [id, country, status, startedAt],
  );
}

async function insertActionPoint(
  cycleId: string,
  id: string,
  values: { status: string; deadline: string; themes?: string[]; conventions?: string[]; carried?: number },
): Promise<void> {
  await pool.query(
    `INSERT INTO read_model_g1.action_points (cycle_id, action_point_id, original_round_id, round_id, text, owner,
       deadline, priority, themes, conventions, un_references, status, rounds_carried, progress_reports,
       reminders_sent, escalated, proposed_at, version, updated_at)
     VALUES ($1, $2, 'R1', 'R1', 'Text of ' || $2, 'PARTNER', $3, 'HIGH', $4, $5, '[]', $6, $7, 0, 0, false,
       '2026-01-01T00:00:00Z', 3, '2026-01-01T00:00:00Z')`,
    [
      cycleId,
      id,
      values.deadline,
      values.themes ?? ['I.C'],
      values.conventions ?? [],
      values.status,
      values.carried ?? 0,
    ],
  );
}

beforeAll(async () => {
  const databaseUrl = await scratchDatabase('int_queries');
  await migrateUp({ databaseUrl, dir: projectorMigrations });
  pool = createPool(databaseUrl);
  queries = new ReadModelQueries({ pool } as PostgresPoolService);

  await insertCycle('KH-HRD-2026', 'KH', 'ACTIVE', '2026-01-10T09:00:00Z');
  await insertCycle('LK-GSP-2026', 'LK', 'ACTIVE', '2026-02-10T09:00:00Z');
  await insertCycle('UA-HRD-2025', 'UA', 'CLOSED', '2025-03-10T09:00:00Z');
  await insertActionPoint('KH-HRD-2026', 'AP1', { status: 'AGREED', deadline: day(-3) }); // overdue
  await insertActionPoint('KH-HRD-2026', 'AP2', { status: 'IN_PROGRESS', deadline: day(10), carried: 2 });
  await insertActionPoint('KH-HRD-2026', 'AP3', { status: 'COMPLETED', deadline: day(-30), themes: ['II.A'] });
  await insertActionPoint('LK-GSP-2026', 'AP1', { status: 'AGREED', deadline: day(40), conventions: ['ICERD'] });
  await insertActionPoint('UA-HRD-2025', 'AP1', { status: 'AGREED', deadline: day(-100) }); // closed cycle: not overdue
});

afterAll(async () => {
  await pool?.end();
});

describe('ReadModelQueries on PostgreSQL', () => {
  it('lists cycles in scope with their counts, filtered by theme, newest first', async () => {
    const all = await queries.listCycles(parseParams(cycleListQuerySchema, {}), null);
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.cycle_id)).toEqual(['LK-GSP-2026', 'KH-HRD-2026', 'UA-HRD-2025']);
    expect(all.rows[1]).toMatchObject({ action_points: 3, open_action_points: 2, overdue_action_points: 1 });

    const scoped = await queries.listCycles(parseParams(cycleListQuerySchema, { theme: 'II' }), ['KH', 'LK']);
    expect(scoped.rows.map((r) => r.cycle_id)).toEqual(['KH-HRD-2026']);
    const secondPage = await queries.listCycles(parseParams(cycleListQuerySchema, { pageSize: '2', page: '2' }), null);
    expect({ ids: secondPage.rows.map((r) => r.cycle_id), total: secondPage.total }).toEqual({
      ids: ['UA-HRD-2025'],
      total: 3,
    });
  });

  it('finds overdue, due-soon, carried-over and convention-tagged action points', async () => {
    const ids = async (filters: Record<string, string>, scope: string[] | null = null) =>
      (await queries.listActionPoints(parseParams(actionPointListQuerySchema, filters), scope)).rows.map(
        (r) => `${r.cycle_id}/${r.action_point_id}`,
      );
    expect(await ids({ overdue: 'true' })).toEqual(['KH-HRD-2026/AP1']);
    expect(await ids({ dueWithinDays: '30' })).toEqual(['KH-HRD-2026/AP2']);
    expect(await ids({ carriedOverMoreThan: '1' })).toEqual(['KH-HRD-2026/AP2']);
    expect(await ids({ convention: 'ICERD' })).toEqual(['LK-GSP-2026/AP1']);
    expect(await ids({}, ['LK'])).toEqual(['LK-GSP-2026/AP1']);
    const [first] = (await queries.listActionPoints(parseParams(actionPointListQuerySchema, {}), null)).rows;
    expect(first).toMatchObject({ cycle_id: 'UA-HRD-2025', deadline: day(-100), overdue: false });
  });

  it('builds a dashboard from the statistics view and the next open deadlines', async () => {
    const { statistics, next } = await queries.dashboard('KH', 10);
    expect(statistics).toMatchObject({ action_points: 3, overdue: 1, carried_over: 1, completed: 1 });
    expect(next.map((r) => r.action_point_id)).toEqual(['AP2']);
  });

  it('exports every matching row in chunks and reads calendar rows in scope', async () => {
    const chunks: string[][] = [];
    const total = await queries.exportActionPoints(parseParams(actionPointExportQuerySchema, {}), null, (rows) => {
      chunks.push(rows.map((r) => r.action_point_id));
    });
    expect(total).toBe(5);
    expect(chunks.flat()).toHaveLength(5);
    const calendar = await queries.calendar(['KH', 'UA']);
    expect(calendar.map((r) => `${r.cycle_id}/${r.action_point_id}`)).toEqual(['KH-HRD-2026/AP1', 'KH-HRD-2026/AP2']);
  });

  it('reads the events of a cycle up to an instant from the timeline', async () => {
    const started: CycleEvent = {
      type: 'CycleStarted',
      cycleId: 'KH-HRD-2026',
      sequence: 1,
      occurredAt: '2026-01-10T09:00:00.000Z',
      actor: { userId: 'desk-kh', role: 'DESK_OFFICER' },
      commandId: 'c1',
      data: {
        cycleType: 'HUMAN_RIGHTS_DIALOGUE',
        country: 'KH',
        title: 'KH dialogue',
        timeZone: 'Asia/Phnom_Penh',
        reminderPolicy: defaultReminderPolicy('HUMAN_RIGHTS_DIALOGUE'),
      },
    };
    const scheduled: CycleEvent = {
      ...started,
      type: 'RoundScheduled',
      sequence: 2,
      occurredAt: '2026-01-12T09:00:00.000Z',
      commandId: 'c2',
      data: { roundId: 'R1', date: '2026-02-10' },
    };
    for (const e of [started, scheduled]) {
      await pool.query(
        `INSERT INTO read_model_g1.timeline (cycle_id, sequence, event_id, event_type, occurred_at, actor_role,
           actor_user_id, command_id, summary, event)
         VALUES ($1, $2, $3, $4, $5, 'DESK_OFFICER', 'desk-kh', $6, '{}', $7)`,
        [e.cycleId, e.sequence, `${e.cycleId}:${e.sequence}`, e.type, e.occurredAt, e.commandId, JSON.stringify(e)],
      );
    }
    const rows = await queries.eventsAsOf('KH-HRD-2026', '2026-01-11T00:00:00.000Z');
    expect(rows.map((r) => r.event)).toEqual([started]);
    expect(await queries.eventsAsOf('KH-HRD-2026', '2026-02-01T00:00:00.000Z')).toHaveLength(2);
  });
});
