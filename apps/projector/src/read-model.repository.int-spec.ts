import type { CycleEvent } from '@suivi/domain';
import type { Pool } from 'pg';
import {
  createGeneration,
  currentGeneration,
  dropGeneration,
  GenerationBehindError,
  listGenerations,
  switchGeneration,
} from './generations';
import { ReadModelRepository } from './read-model.repository';
import type { PendingEvent } from './sequence-plan';
import { dialogueHistory, gspHistory, withdrawalHistory } from './testing/cycle-histories';
import { dumpReadModel, freshReadModel } from './testing/int-support';

const dialogue = dialogueHistory('KH-HRD-2026').events;
const gsp = gspHistory('LK-GSP-2026').events;
const withdrawal = withdrawalHistory('KH-EBA-2019').events;

const pending = (...events: CycleEvent[]): Map<string, PendingEvent[]> => {
  const byCycle = new Map<string, PendingEvent[]>();
  events.forEach((event, i) =>
    byCycle.set(event.cycleId, [...(byCycle.get(event.cycleId) ?? []), { event, offset: String(i) }]),
  );
  return byCycle;
};

describe('ReadModelRepository on PostgreSQL', () => {
  let pool: Pool;
  beforeAll(async () => {
    ({ pool } = await freshReadModel());
  });
  afterAll(async () => {
    await pool.end();
  });

  it('starts at generation 1, shown by the read_model views, empty', async () => {
    expect(await currentGeneration(pool)).toEqual({ generation: 1, schemaName: 'read_model_g1' });
    expect(await dumpReadModel(pool)).toEqual({
      cycles: [],
      rounds: [],
      action_points: [],
      timeline: [],
      projection_positions: [],
      country_statistics: [],
    });
  });

  it('writes whole histories as rows SQL can query, and applying them again changes nothing', async () => {
    const repository = new ReadModelRepository(pool);
    const outcome = await repository.applyBatch(pending(...dialogue, ...gsp, ...withdrawal));
    expect(outcome.schema).toBe('read_model_g1');
    expect(outcome.cycles.map((c) => [c.cycleId, c.applied, c.lastSequence])).toEqual([
      ['KH-EBA-2019', 3, 3],
      ['KH-HRD-2026', dialogue.length, dialogue.length],
      ['LK-GSP-2026', 4, 4],
    ]);
    const first = await dumpReadModel(pool);

    const again = await repository.applyBatch(pending(...dialogue, ...gsp, ...withdrawal));
    expect(again.cycles.every((c) => c.applied === 0 && c.duplicates > 0)).toBe(true);
    expect(await dumpReadModel(pool)).toEqual(first);

    const cycles = await pool.query(
      'SELECT cycle_id, status, version, rounds_scheduled FROM read_model.cycles ORDER BY cycle_id',
    );
    expect(cycles.rows).toEqual([
      { cycle_id: 'KH-EBA-2019', status: 'ACTIVE', version: 3, rounds_scheduled: 0 },
      { cycle_id: 'KH-HRD-2026', status: 'CLOSED', version: dialogue.length, rounds_scheduled: 2 },
      { cycle_id: 'LK-GSP-2026', status: 'CANCELLED', version: 4, rounds_scheduled: 0 },
    ]);
    const actionPoints = await pool.query(
      `SELECT action_point_id, status, round_id, rounds_carried, themes, deadline::text, last_progress_on::text
       FROM read_model.action_points WHERE 'I.C' = ANY(themes) OR rounds_carried > 0 ORDER BY action_point_id`,
    );
    expect(actionPoints.rows).toEqual([
      {
        action_point_id: 'AP1',
        status: 'COMPLETED',
        round_id: 'R2',
        rounds_carried: 1,
        themes: ['I.C'],
        deadline: '2026-06-30',
        last_progress_on: '2026-03-01',
      },
      {
        action_point_id: 'AP3',
        status: 'WITHDRAWN',
        round_id: 'R2',
        rounds_carried: 1,
        themes: ['III.A'],
        deadline: '2026-12-31',
        last_progress_on: null,
      },
    ]);
    const round = await pool.query(
      `SELECT status, carried_over, next_round_id FROM read_model.rounds WHERE cycle_id = 'KH-HRD-2026' AND round_id = 'R1'`,
    );
    expect(round.rows).toEqual([{ status: 'CLOSED', carried_over: ['AP1', 'AP3'], next_round_id: 'R2' }]);
    const timeline = await pool.query(
      `SELECT count(*)::int AS events, min(sequence) AS first, max(sequence) AS last FROM read_model.timeline WHERE cycle_id = 'KH-HRD-2026'`,
    );
    expect(timeline.rows).toEqual([{ events: dialogue.length, first: 1, last: dialogue.length }]);
  });

  it('holds events after a gap without writing them', async () => {
    const repository = new ReadModelRepository(pool);
    const other = dialogueHistory('KH-HRD-2027').events;
    const outcome = await repository.applyBatch(pending(other[0], other[1], other[3], other[4]));
    expect(outcome.cycles).toEqual([
      expect.objectContaining({ applied: 2, lastSequence: 2, gap: { expected: 3, received: 4 } }),
    ]);
    expect(outcome.cycles[0].held.map((p) => p.event.sequence)).toEqual([4, 5]);
    const written = await pool.query(
      `SELECT max(sequence) AS last FROM read_model.timeline WHERE cycle_id = 'KH-HRD-2027'`,
    );
    expect(written.rows[0].last).toBe(2);
    expect((await repository.positions(['KH-HRD-2027'])).get('KH-HRD-2027')).toBe(2);
  });

  it('counts per country by status, open, overdue (in the cycle time zone) and carried over', async () => {
    const stats = await pool.query(`SELECT * FROM read_model.country_statistics WHERE country = 'KH'`);
    expect(stats.rows).toEqual([
      {
        country: 'KH',
        cycles: 3,
        active_cycles: 2,
        action_points: 3,
        proposed: 0,
        agreed: 0,
        in_progress: 0,
        completed: 1,
        partially_completed: 1,
        not_completed: 0,
        withdrawn: 1,
        open: 0,
        overdue: 0,
        carried_over: 2,
        open_carried_over: 0,
        max_rounds_carried: 1,
      },
    ]);
    // KH-HRD-2027 proposes three action points and agrees AP1, due 2026-06-30: overdue once that day is past.
    const repository = new ReadModelRepository(pool);
    const other = dialogueHistory('KH-HRD-2027').events;
    await repository.applyBatch(pending(...other.slice(2, 7)));
    const overdue = await pool.query(
      `SELECT overdue, open, agreed, proposed FROM read_model.country_statistics WHERE country = 'KH'`,
    );
    const pastDeadline = new Date().toISOString().slice(0, 10) > '2026-06-30';
    expect(overdue.rows).toEqual([{ overdue: pastDeadline ? 1 : 0, open: 3, agreed: 1, proposed: 2 }]);
  });

  it('switches generations: views follow, a lagging generation is refused, the old one can be dropped', async () => {
    const before = await dumpReadModel(pool);
    const next = await createGeneration(pool);
    expect(next).toEqual({ generation: 2, schemaName: 'read_model_g2' });
    const building = new ReadModelRepository(pool, { kind: 'schema', schema: next.schemaName });
    await building.applyBatch(pending(...dialogue, ...gsp, ...withdrawal));

    await expect(switchGeneration(pool, next.generation)).rejects.toBeInstanceOf(GenerationBehindError);
    expect(await dumpReadModel(pool)).toEqual(before);

    const other = dialogueHistory('KH-HRD-2027').events;
    await building.applyBatch(pending(...other.slice(0, 7)));
    expect(await switchGeneration(pool, next.generation)).toEqual({ generation: 1, schemaName: 'read_model_g1' });
    expect(await currentGeneration(pool)).toEqual(next);
    expect(await dumpReadModel(pool)).toEqual(before);
    expect(await dumpReadModel(pool, 'read_model_g2')).toEqual(before);

    // The live repository follows the switch: it now writes generation 2.
    const live = await new ReadModelRepository(pool).applyBatch(pending(other[7]));
    expect(live.schema).toBe('read_model_g2');

    await expect(dropGeneration(pool, 2)).rejects.toThrow(/cannot be dropped/);
    await dropGeneration(pool, 1);
    const schemas = await pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read_model_g%'`);
    expect(schemas.rows).toEqual([{ nspname: 'read_model_g2' }]);
    expect((await listGenerations(pool)).map((g) => [g.generation, g.status])).toEqual([
      [1, 'DROPPED'],
      [2, 'CURRENT'],
    ]);
  });

  it('makes a switch wait for a projector transaction in flight on the current generation', async () => {
    const next = await createGeneration(pool);
    const writer = await pool.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('SELECT schema_name FROM read_model_control.current_generation FOR SHARE');
      let switched = false;
      const switching = switchGeneration(pool, next.generation, { requireCaughtUp: false }).then(
        () => (switched = true),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(switched).toBe(false);
      await writer.query('COMMIT');
      await switching;
      expect(switched).toBe(true);
    } finally {
      writer.release();
    }
    expect(await currentGeneration(pool)).toEqual(next);
  });

  it('keeps text with tabs, newlines, backslashes and quotes as it is, whether a row was inserted or updated', async () => {
    const awkward = 'tab\there, "quoted", back\\slash \\N, new\nline\r\n, {braces}, comma, NULL';
    const reference = { mechanism: 'UPR', text: awkward };
    // The same history twice: one batch (rows inserted whole) and one event per batch (rows updated).
    const history = (cycleId: string): CycleEvent[] =>
      dialogueHistory(cycleId).events.map((event) => {
        const copy = structuredClone(event);
        if (copy.type === 'CycleStarted') Object.assign(copy.data, { country: 'TT', title: awkward });
        if (copy.type === 'ActionPointProposed') {
          Object.assign(copy.data.terms, { text: awkward, themes: ['I.C', awkward], unReferences: [reference] });
        }
        return copy;
      });
    const repository = new ReadModelRepository(pool);
    await repository.applyBatch(pending(...history('TT-TEXT-1')));
    for (const event of history('TT-TEXT-2')) await repository.applyBatch(pending(event));

    const rows = async (table: string, cycleId: string) =>
      (
        await pool.query<{ row: Record<string, unknown> }>(
          `SELECT to_jsonb(t) - 'cycle_id' AS row FROM read_model.${table} t WHERE cycle_id = $1`,
          [cycleId],
        )
      ).rows
        .map((r) => JSON.stringify(r.row).replaceAll('TT-TEXT-2', 'TT-TEXT-1'))
        .sort();
    for (const table of ['cycles', 'rounds', 'action_points', 'timeline']) {
      expect(await rows(table, 'TT-TEXT-2')).toEqual(await rows(table, 'TT-TEXT-1'));
    }
    const stored = await pool.query(
      `SELECT text, themes, un_references FROM read_model.action_points WHERE cycle_id = 'TT-TEXT-1' AND action_point_id = 'AP1'`,
    );
    expect(stored.rows).toEqual([{ text: awkward, themes: ['I.C', awkward], un_references: [reference] }]);
    const cycle = await pool.query(`SELECT title FROM read_model.cycles WHERE cycle_id = 'TT-TEXT-1'`);
    expect(cycle.rows).toEqual([{ title: awkward }]);
  });
});
