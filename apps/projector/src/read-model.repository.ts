import type { Pool, PoolClient } from 'pg';
import {
  emptyCycleRows,
  projectEvents,
  type ActionPointRow,
  type CycleRow,
  type CycleRows,
  type RoundRow,
  type TimelineRow,
} from './projection';
import { planCycle, type PendingEvent, type SequenceGap } from './sequence-plan';
import { entityTables, PositionRow, existingKeys, keyOf, ident, insertRows, updateRows } from './read-model-tables';

/** Where a projector writes: the generation queries currently read, or a given one (a rebuild). */
export type GenerationTarget = { kind: 'current' } | { kind: 'schema'; schema: string };

/** Why and since when a cycle needs repair: an event of it could not be written (ADR 0014). */
export interface RepairMark {
  /** The sequence number of the event that could not be written (the cycle stays just before it). */
  sequence: number;
  /** SQLSTATE-level description, never values. */
  reason: string;
  since: Date;
}

export interface CycleOutcome {
  cycleId: string;
  lastSequence: number;
  applied: number;
  duplicates: number;
  held: PendingEvent[];
  gap: SequenceGap | null;
  /** Set when the cycle needs repair: nothing more is applied to it until a rebuild. */
  repair: RepairMark | null;
  /** Events after the cycle's last applied one while it needs repair: neither applied nor held. */
  frozen: PendingEvent[];
}

export interface BatchOutcome {
  /** The generation schema written to. */
  schema: string;
  cycles: CycleOutcome[];
}

const SCHEMA_NAME = /^read_model_g\d+$/;

export interface RepositoryOptions {
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off`, these transactions
   * only). For a rebuild: a PostgreSQL crash could lose its last commits after their Kafka
   * offsets, so the rebuild checks that the server did not restart before it switches.
   */
  asynchronousCommit?: boolean;
}

/**
 * Applies batches of cycle events to one generation of the read model, each batch in one
 * transaction: per cycle, the position row is locked, duplicates are skipped, consecutive
 * events are projected and written, and events after a gap are returned unwritten.
 */
export class ReadModelRepository {
  constructor(
    private readonly pool: Pool,
    readonly target: GenerationTarget = { kind: 'current' },
    private readonly options: RepositoryOptions = {},
  ) {
    if (target.kind === 'schema' && !SCHEMA_NAME.test(target.schema)) {
      throw new Error(`"${target.schema}" is not a read-model generation schema`);
    }
  }

  async applyBatch(pendingByCycle: ReadonlyMap<string, readonly PendingEvent[]>): Promise<BatchOutcome> {
    const cycleIds = [...pendingByCycle.keys()].sort();
    return this.inTransaction(async (client) => {
      const schema = await this.lockTarget(client);
      if (cycleIds.length === 0) return { schema, cycles: [] };
      const locked = await lockPositions(client, schema, cycleIds);
      const positions = new Map([...locked].map(([cycleId, p]) => [cycleId, p.lastSequence]));
      const outcomes: CycleOutcome[] = [];
      const toProject = new Map<string, PendingEvent[]>();
      for (const cycleId of cycleIds) {
        const last = positions.get(cycleId) ?? 0;
        const plan = planCycle(last, pendingByCycle.get(cycleId) ?? []);
        const repair = locked.get(cycleId)?.repair ?? null;
        if (repair) {
          // Frozen at its last good version: nothing is applied over the event that failed.
          const frozen = [...plan.apply, ...plan.held];
          outcomes.push({
            cycleId,
            lastSequence: last,
            applied: 0,
            duplicates: plan.duplicates.length,
            held: [],
            gap: null,
            repair,
            frozen,
          });
          continue;
        }
        if (plan.apply.length > 0) toProject.set(cycleId, plan.apply);
        outcomes.push({
          cycleId,
          lastSequence: plan.apply.at(-1)?.event.sequence ?? last,
          applied: plan.apply.length,
          duplicates: plan.duplicates.length,
          held: plan.held,
          gap: plan.gap,
          repair: null,
          frozen: [],
        });
      }
      if (toProject.size > 0) await this.project(client, schema, toProject, positions);
      return { schema, cycles: outcomes };
    });
  }

  /**
   * Marks a cycle as needing repair at `sequence`, the event that could not be written: its
   * later events are then neither applied nor held (see applyBatch). The first mark stays
   * (a redelivery does not move it). Returns the mark in force.
   */
  async markNeedsRepair(cycleId: string, sequence: number, reason: string): Promise<RepairMark> {
    return this.inTransaction(async (client) => {
      const schema = await this.lockTarget(client);
      await client.query(
        `INSERT INTO ${ident(schema)}.projection_positions (cycle_id, last_sequence) VALUES ($1, 0)
         ON CONFLICT (cycle_id) DO NOTHING`,
        [cycleId],
      );
      const result = await client.query<{ repair_sequence: number; repair_reason: string; repair_since: Date }>(
        `UPDATE ${ident(schema)}.projection_positions
         SET repair_since = coalesce(repair_since, now()),
             repair_sequence = coalesce(repair_sequence, $2),
             repair_reason = coalesce(repair_reason, $3)
         WHERE cycle_id = $1
         RETURNING repair_sequence, repair_reason, repair_since`,
        [cycleId, sequence, reason],
      );
      const row = result.rows[0];
      return { sequence: row.repair_sequence, reason: row.repair_reason, since: row.repair_since };
    });
  }

  /** Last applied sequence per cycle (0 for a cycle with none). */
  async positions(cycleIds: readonly string[]): Promise<Map<string, number>> {
    return this.inTransaction(async (client) => {
      const schema = await this.lockTarget(client);
      const result = await client.query<{ cycle_id: string; last_sequence: number }>(
        `SELECT cycle_id, last_sequence FROM ${ident(schema)}.projection_positions WHERE cycle_id = ANY($1::text[])`,
        [cycleIds],
      );
      return new Map(result.rows.map((r) => [r.cycle_id, r.last_sequence]));
    });
  }

  private async project(
    client: PoolClient,
    schema: string,
    toProject: Map<string, PendingEvent[]>,
    lastApplied: ReadonlyMap<string, number>,
  ): Promise<void> {
    // A cycle still at position 0 has no rows yet: only the others are read back.
    const current = await loadRows(
      client,
      schema,
      [...toProject.keys()].filter((id) => (lastApplied.get(id) ?? 0) > 0),
    );
    const positions: PositionRow[] = [];
    const timeline: TimelineRow[] = [];
    // Several events may change one row: only its last state is written.
    const latest = {
      cycles: new Map<string, object>(),
      rounds: new Map<string, object>(),
      action_points: new Map<string, object>(),
    };
    for (const [cycleId, pending] of toProject) {
      const events = pending.map((p) => p.event);
      for (const change of projectEvents(current.get(cycleId) ?? emptyCycleRows(), events).changes) {
        if (change.kind === 'insert') timeline.push(change.row);
        else latest[change.table].set(keyOf(change.table, change.row), change.row);
      }
      const last = events[events.length - 1];
      positions.push({
        cycle_id: cycleId,
        last_sequence: last.sequence,
        last_event_id: `${last.cycleId}:${last.sequence}`,
        last_occurred_at: last.occurredAt,
      });
    }
    for (const table of entityTables) {
      const existing = existingKeys(table, current);
      const inserted: object[] = [];
      const updated: object[] = [];
      for (const [key, row] of latest[table]) (existing.has(key) ? updated : inserted).push(row);
      await insertRows(client, schema, table, inserted);
      await updateRows(client, schema, table, updated);
    }
    // Sequences past the cycle's locked position were never written: plain inserts, no conflict check.
    await insertRows(client, schema, 'timeline', timeline);
    await client.query(
      `UPDATE ${ident(schema)}.projection_positions p
       SET last_sequence = v.last_sequence, last_event_id = v.last_event_id, last_occurred_at = v.last_occurred_at
       FROM json_to_recordset($1::json) AS v(cycle_id text, last_sequence integer, last_event_id text, last_occurred_at timestamptz)
       WHERE p.cycle_id = v.cycle_id`,
      [JSON.stringify(positions)],
    );
  }

  /** The generation schema to write; for the current one, held FOR SHARE so a switch waits for this transaction. */
  private async lockTarget(client: PoolClient): Promise<string> {
    if (this.target.kind === 'schema') return this.target.schema;
    const result = await client.query<{ schema_name: string }>(
      'SELECT schema_name FROM read_model_control.current_generation FOR SHARE',
    );
    const schema = result.rows[0]?.schema_name;
    if (!schema) throw new Error('The read model has no current generation: run the projector migrations');
    return schema;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(this.options.asynchronousCommit ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * Creates missing position rows and locks them all, in cycle id order so that two writers
 * of the same generation (the live projector and a rebuild just after a switch) never deadlock.
 */
async function lockPositions(
  client: PoolClient,
  schema: string,
  cycleIds: string[],
): Promise<Map<string, { lastSequence: number; repair: RepairMark | null }>> {
  await client.query(
    `INSERT INTO ${ident(schema)}.projection_positions (cycle_id, last_sequence)
     SELECT id, 0 FROM unnest($1::text[]) AS id ORDER BY id
     ON CONFLICT (cycle_id) DO NOTHING`,
    [cycleIds],
  );
  const result = await client.query<{
    cycle_id: string;
    last_sequence: number;
    repair_sequence: number | null;
    repair_reason: string | null;
    repair_since: Date | null;
  }>(
    `SELECT cycle_id, last_sequence, repair_sequence, repair_reason, repair_since
     FROM ${ident(schema)}.projection_positions
     WHERE cycle_id = ANY($1::text[]) ORDER BY cycle_id FOR UPDATE`,
    [cycleIds],
  );
  return new Map(
    result.rows.map((r) => [
      r.cycle_id,
      {
        lastSequence: r.last_sequence,
        repair:
          r.repair_since === null
            ? null
            : {
                sequence: r.repair_sequence ?? r.last_sequence + 1,
                reason: r.repair_reason ?? '',
                since: r.repair_since,
              },
      },
    ]),
  );
}

async function loadRows(client: PoolClient, schema: string, cycleIds: string[]): Promise<Map<string, CycleRows>> {
  const select = async <Row extends { cycle_id: string }>(table: string): Promise<Row[]> =>
    (
      await client.query<{ row: Row }>(
        `SELECT to_jsonb(t) AS row FROM ${ident(schema)}.${ident(table)} t WHERE t.cycle_id = ANY($1::text[])`,
        [cycleIds],
      )
    ).rows.map((r) => r.row);
  type Loaded = {
    cycle: CycleRow | null;
    rounds: Record<string, RoundRow>;
    actionPoints: Record<string, ActionPointRow>;
  };
  const rows = new Map<string, Loaded>(cycleIds.map((id) => [id, { cycle: null, rounds: {}, actionPoints: {} }]));
  const of = (cycleId: string) => rows.get(cycleId) as Loaded;
  for (const cycle of await select<CycleRow>('cycles')) of(cycle.cycle_id).cycle = cycle;
  for (const round of await select<RoundRow>('rounds')) of(round.cycle_id).rounds[round.round_id] = round;
  for (const ap of await select<ActionPointRow>('action_points')) of(ap.cycle_id).actionPoints[ap.action_point_id] = ap;
  return rows;
}
