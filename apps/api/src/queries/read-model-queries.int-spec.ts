import { join } from 'node:path';
import {
  currentStage,
  currentStageCodes,
  defaultReminderPolicy,
  GSP_STAGE_ORDER,
  type CycleEvent,
  type GspStage,
} from '@suivi/domain';
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
import { waitForCycleVersion } from './read-your-writes';

/**
 * The query SQL against the real PostgreSQL of the integration tier, on a read model
 * migrated by the projector's migrations and filled with rows inserted directly.
 */

const projectorMigrations = join(__dirname, '..', '..', '..', 'projector', 'migrations');
let pool: Pool;
let queries: ReadModelQueries;

/** A date relative to today in UTC ("YYYY-MM-DD"); the cycles below are in zones near UTC. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function insertCycle(
  id: string,
  country: string,
  status: string,
  startedAt: string,
  type = 'HUMAN_RIGHTS_DIALOGUE',
  gspStages: Partial<Record<GspStage, string>> = {},
): Promise<void> {
  await pool.query(
    `INSERT INTO read_model_g1.cycles (cycle_id, cycle_type, country, title, time_zone, status, version, started_at,
       rounds_scheduled, gsp_stages, updated_at)
     VALUES ($1, $5, $2, $1 || ' dialogue', 'Europe/London', $3, 5, $4, 1, $6, $4)`,
    [id, country, status, startedAt, type, JSON.stringify(gspStages)],
  );
}

async function insertActionPoint(
  cycleId: string,
  id: string,
  values: {
    status: string;
    deadline: string;
    themes?: string[];
    conventions?: string[];
    carried?: number;
    progressReports?: number;
    lastProgressOn?: string;
    assessment?: string;
  },
): Promise<void> {
  await pool.query(
    `INSERT INTO read_model_g1.action_points (cycle_id, action_point_id, original_round_id, round_id, text, owner,
       deadline, priority, themes, conventions, un_references, status, rounds_carried, progress_reports,
       last_progress_on, assessment, reminders_sent, escalated, proposed_at, version, updated_at)
     VALUES ($1, $2, 'R1', 'R1', 'Text of ' || $2, 'PARTNER', $3, 'HIGH', $4, $5, '[]', $6, $7, $8, $9, $10, 0, false,
       '2026-01-01T00:00:00Z', 3, '2026-01-01T00:00:00Z')`,
    [
      cycleId,
      id,
      values.deadline,
      values.themes ?? ['I.C'],
      values.conventions ?? [],
      values.status,
      values.carried ?? 0,
      values.progressReports ?? 0,
      values.lastProgressOn ?? null,
      values.assessment ?? null,
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

  it("reads a cycle's whole timeline, or only its latest entries, with how many there are", async () => {
    // The two timeline rows of the test above.
    const whole = await queries.cycle('KH-HRD-2026');
    expect(whole?.timeline.map((t) => t.sequence)).toEqual([1, 2]);
    expect(whole?.timelineTotal).toBe(2);
    expect(whole?.timeline[0]).not.toHaveProperty('total');
    const latest = await queries.cycle('KH-HRD-2026', 1);
    expect(latest?.timeline.map((t) => t.sequence)).toEqual([2]);
    expect(latest?.timelineTotal).toBe(2);
  });
});

describe('the home page lists, the cross-country dashboard and read-your-writes on PostgreSQL', () => {
  beforeAll(async () => {
    // Added after the tests above, which count the first rows.
    await insertCycle('BD-EBA-2026', 'BD', 'ACTIVE', '2026-03-10T09:00:00Z');
    await insertActionPoint('BD-EBA-2026', 'AP1', {
      status: 'IN_PROGRESS',
      deadline: day(20),
      progressReports: 2,
      lastProgressOn: day(-5),
    });
    await insertActionPoint('BD-EBA-2026', 'AP2', {
      status: 'IN_PROGRESS',
      deadline: day(-2),
      progressReports: 1,
      lastProgressOn: day(-20),
      carried: 1,
    });
    await insertActionPoint('BD-EBA-2026', 'AP3', {
      status: 'PARTIALLY_COMPLETED',
      deadline: day(-10),
      progressReports: 1,
      lastProgressOn: day(-12),
      assessment: 'PARTIALLY_COMPLETED',
    });
    await insertActionPoint('BD-EBA-2026', 'AP4', { status: 'AGREED', deadline: day(5) });
    // Progress reported in a closed cycle: nobody can assess it any more.
    await insertActionPoint('UA-HRD-2025', 'AP2', {
      status: 'IN_PROGRESS',
      deadline: day(-50),
      progressReports: 1,
      lastProgressOn: day(-60),
    });
  });

  const ids = async (filters: Record<string, string>, scope: string[] | null = null) =>
    (await queries.listActionPoints(parseParams(actionPointListQuerySchema, filters), scope)).rows.map(
      (r) => `${r.cycle_id}/${r.action_point_id}`,
    );

  it('lists what awaits assessment (progress reported, none yet, cycle active), oldest report first, in scope', async () => {
    expect(await ids({ awaitingAssessment: 'true', sort: 'lastProgressOn' })).toEqual([
      'BD-EBA-2026/AP2',
      'BD-EBA-2026/AP1',
    ]);
    expect(await ids({ awaitingAssessment: 'true', sort: '-lastProgressOn' })).toEqual([
      'BD-EBA-2026/AP1',
      'BD-EBA-2026/AP2',
    ]);
    expect(await ids({ awaitingAssessment: 'true' }, ['KH', 'UA'])).toEqual([]);
    expect(await ids({ awaitingAssessment: 'false', cycleId: 'BD-EBA-2026' })).toEqual([
      'BD-EBA-2026/AP3',
      'BD-EBA-2026/AP4',
    ]);
    // The three lists of a home page, one call each, for a reader of BD.
    expect(await ids({ dueWithinDays: '30' }, ['BD'])).toEqual(['BD-EBA-2026/AP4', 'BD-EBA-2026/AP1']);
    expect(await ids({ overdue: 'true' }, ['BD'])).toEqual(['BD-EBA-2026/AP2']);
  });

  it('counts open, overdue, carried over, assessed and awaiting assessment per country, by country code', async () => {
    const rows = await queries.countrySummaries(null);
    expect(rows.map((r) => r.country)).toEqual(['BD', 'KH', 'LK', 'UA']);
    expect(rows[0]).toEqual({
      country: 'BD',
      cycles: 1,
      active_cycles: 1,
      action_points: 4,
      open: 3,
      overdue: 1,
      carried_over: 1,
      open_carried_over: 1,
      assessed: 1,
      awaiting_assessment: 2,
    });
    expect(rows[1]).toMatchObject({ country: 'KH', action_points: 3, open: 2, overdue: 1, assessed: 0 });
    // A closed cycle: nothing overdue, nothing awaiting assessment.
    expect(rows[3]).toMatchObject({ country: 'UA', cycles: 1, active_cycles: 0, overdue: 0, awaiting_assessment: 0 });
    expect((await queries.countrySummaries(['LK', 'XX'])).map((r) => r.country)).toEqual(['LK']);
  });

  it('reads where the read model stands on a cycle, and the cycle version with a list filtered on it', async () => {
    expect(await queries.cyclePosition('BD-EBA-2026')).toEqual({ country: 'BD', version: 5, needsRepair: false });
    expect(await queries.cyclePosition('XX-NONE-2026')).toBeNull();
    await pool.query(
      `INSERT INTO read_model_g1.projection_positions (cycle_id, last_sequence, repair_since, repair_sequence, repair_reason)
       VALUES ('LK-GSP-2026', 5, now(), 6, 'SQLSTATE 22021')`,
    );
    expect(await queries.cyclePosition('LK-GSP-2026')).toMatchObject({ version: 5, needsRepair: true });
    const filtered = await queries.listActionPoints(
      parseParams(actionPointListQuerySchema, { cycleId: 'BD-EBA-2026', minVersion: '5' }),
      null,
    );
    expect({ total: filtered.total, cycleVersion: filtered.cycleVersion }).toEqual({ total: 4, cycleVersion: 5 });
    const unknown = await queries.listActionPoints(
      parseParams(actionPointListQuerySchema, { cycleId: 'XX-NONE-2026' }),
      null,
    );
    expect(unknown).toEqual({ rows: [], total: 0, cycleVersion: undefined });
    expect((await queries.listActionPoints(parseParams(actionPointListQuerySchema, {}), null)).cycleVersion).toBe(
      undefined,
    );
  });

  it('waits until the projector writes the version, and no longer than the bound', async () => {
    const read = () => queries.cyclePosition('BD-EBA-2026');
    const started = Date.now();
    setTimeout(() => {
      void pool.query(`UPDATE read_model_g1.cycles SET version = 6 WHERE cycle_id = 'BD-EBA-2026'`);
    }, 300);
    const reached = await waitForCycleVersion(read, 6);
    expect(reached).toEqual({ outcome: 'REACHED', position: { country: 'BD', version: 6, needsRepair: false } });
    expect(Date.now() - started).toBeLessThan(2000);

    const bounded = Date.now();
    const behind = await waitForCycleVersion(read, 7, undefined, { timeoutMs: 400 });
    expect(behind).toMatchObject({ outcome: 'TIMED_OUT', position: { version: 6 } });
    expect(Date.now() - bounded).toBeGreaterThanOrEqual(390);
    expect(Date.now() - bounded).toBeLessThan(1500);
    // A frozen cycle is not waited for.
    expect((await waitForCycleVersion(() => queries.cyclePosition('LK-GSP-2026'), 9)).outcome).toBe('NEEDS_REPAIR');
  });
});

describe('the current stage and convention filters of the cycle list on PostgreSQL', () => {
  /** GSP+ (FJ) and EBA (PH) cycles at every point of the GSP stages, one with a gap, and a dialogue (PH). */
  const gspCycles: Array<{ id: string; type: string; stages: Partial<Record<GspStage, string>> }> = [];
  beforeAll(async () => {
    // Added after the tests above, which count the first rows.
    for (const [type, country] of [
      ['GSP_PLUS_MONITORING', 'FJ'],
      ['EBA_ENHANCED_ENGAGEMENT', 'PH'],
    ] as const) {
      for (let recorded = 0; recorded <= GSP_STAGE_ORDER.length; recorded++) {
        const stages = Object.fromEntries(
          GSP_STAGE_ORDER.slice(0, recorded).map((stage, i) => [stage, `2026-0${i + 1}-15`]),
        );
        gspCycles.push({ id: `${country}-STAGE-${recorded}`, type, stages });
      }
    }
    gspCycles.push({
      id: 'FJ-STAGE-GAP',
      type: 'GSP_PLUS_MONITORING',
      stages: { MONITORING_MISSION_HELD: '2026-03-01' },
    });
    gspCycles.push({ id: 'PH-HRD-2026', type: 'HUMAN_RIGHTS_DIALOGUE', stages: {} });
    for (const [i, cycle] of gspCycles.entries()) {
      const started = `2026-04-${String(i + 1).padStart(2, '0')}T09:00:00Z`;
      await insertCycle(cycle.id, cycle.id.slice(0, 2), 'ACTIVE', started, cycle.type, cycle.stages);
    }
    await insertActionPoint('FJ-STAGE-2', 'AP1', { status: 'AGREED', deadline: day(40), conventions: ['ILO-C087'] });
    await insertActionPoint('PH-STAGE-3', 'AP1', { status: 'AGREED', deadline: day(40), themes: ['II.A'] });
    await insertActionPoint('PH-STAGE-3', 'AP2', { status: 'AGREED', deadline: day(40), conventions: ['CEDAW'] });
  });

  const listed = async (filters: Record<string, string>, scope: string[] | null = ['FJ', 'PH']) => {
    const { rows, total } = await queries.listCycles(parseParams(cycleListQuerySchema, filters), scope);
    expect(total).toBe(rows.length);
    return rows.map((r) => r.cycle_id).sort();
  };

  it('computes in SQL the same current stage as the domain, for every stage code', async () => {
    for (const code of currentStageCodes) {
      const expected = gspCycles
        .filter((c) => currentStage(c.type, c.stages) === code)
        .map((c) => c.id)
        .sort();
      expect({ code, ids: await listed({ stage: code, pageSize: '100' }) }).toEqual({ code, ids: expected });
    }
    // Every GSP+ and EBA cycle is in one stage; the dialogue in none.
    expect(await listed({ stage: currentStageCodes.join(','), pageSize: '100' })).toEqual(
      gspCycles
        .filter((c) => c.type !== 'HUMAN_RIGHTS_DIALOGUE')
        .map((c) => c.id)
        .sort(),
    );
    expect(await listed({ stage: 'FOLLOW_UP_OF_OUTSTANDING_ISSUES' })).toEqual([
      'FJ-STAGE-3',
      'FJ-STAGE-GAP',
      'PH-STAGE-3',
    ]);
    expect(await listed({ stage: 'REPORT', type: 'EBA_ENHANCED_ENGAGEMENT' })).toEqual(['PH-STAGE-4', 'PH-STAGE-5']);
    expect(await listed({ stage: 'LIST_OF_ISSUES_SENT' }, null)).toEqual(['FJ-STAGE-0', 'PH-STAGE-0']);
  });

  it('filters on conventions: cycles with an action point on one of them, with the other filters', async () => {
    expect(await listed({ convention: 'ILO-C087' })).toEqual(['FJ-STAGE-2']);
    expect(await listed({ convention: 'ICERD,CEDAW' }, null)).toEqual(['LK-GSP-2026', 'PH-STAGE-3']);
    expect(await listed({ convention: 'CEDAW', theme: 'II' })).toEqual(['PH-STAGE-3']);
    expect(await listed({ convention: 'CEDAW', stage: 'MONITORING_MISSION' })).toEqual([]);
    expect(await listed({ convention: 'ILO-C087,CEDAW', stage: 'MONITORING_MISSION' })).toEqual(['FJ-STAGE-2']);
  });
});
