import type { Pool } from 'pg';

/**
 * The read model's generations (see migrations/1764028800000_read-model-generations.sql):
 * each is a schema read_model_g<N> holding a complete copy; the views of schema read_model
 * show the current one.
 */

export interface Generation {
  generation: number;
  schemaName: string;
}

export interface GenerationRecord extends Generation {
  status: 'BUILDING' | 'CURRENT' | 'RETIRED' | 'DROPPED';
  createdAt: Date;
  switchedAt: Date | null;
  droppedAt: Date | null;
}

/** The new generation is behind the current one on some cycles (the live projector went on meanwhile). */
export class GenerationBehindError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerationBehindError';
  }
}

export async function currentGeneration(pool: Pool): Promise<Generation> {
  const result = await pool.query<{ generation: number; schema_name: string }>(
    'SELECT generation, schema_name FROM read_model_control.current_generation',
  );
  const row = result.rows[0];
  if (!row) throw new Error('The read model has no current generation: run the projector migrations');
  return { generation: row.generation, schemaName: row.schema_name };
}

/**
 * Creates an empty generation (status BUILDING). Without `secondaryIndexes` only primary keys
 * exist, for a bulk load: call createGenerationIndexes before switching to it (switching
 * builds any still missing, but while holding up the live projector).
 */
export async function createGeneration(pool: Pool, options: { secondaryIndexes?: boolean } = {}): Promise<Generation> {
  const result = await pool.query<{ generation: number }>(
    'SELECT read_model_control.create_generation($1) AS generation',
    [options.secondaryIndexes ?? true],
  );
  const generation = result.rows[0].generation;
  return { generation, schemaName: `read_model_g${generation}` };
}

/** Builds the secondary indexes a generation lacks (none for one created with them). */
export async function createGenerationIndexes(pool: Pool, generation: Generation): Promise<void> {
  await pool.query('SELECT read_model_control.create_generation_indexes($1)', [generation.schemaName]);
}

/**
 * Points the read_model views at `generation`, in one transaction that waits for in-flight
 * projector transactions on the current generation. Returns the generation it replaced.
 * With `requireCaughtUp` (the default) it refuses, with GenerationBehindError, while the
 * new generation lags the current one on any cycle.
 */
export async function switchGeneration(
  pool: Pool,
  generation: number,
  options: { requireCaughtUp?: boolean } = {},
): Promise<Generation | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const before = await client.query<{ generation: number; schema_name: string }>(
      'SELECT generation, schema_name FROM read_model_control.current_generation FOR UPDATE',
    );
    await client.query('SELECT read_model_control.switch_generation($1, $2)', [
      generation,
      options.requireCaughtUp ?? true,
    ]);
    await client.query('COMMIT');
    const previous = before.rows[0];
    return previous ? { generation: previous.generation, schemaName: previous.schema_name } : null;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((error as { code?: string }).code === 'SU001') throw new GenerationBehindError((error as Error).message);
    throw error;
  } finally {
    client.release();
  }
}

/** Drops a generation's schema; refused for the current generation. */
export async function dropGeneration(pool: Pool, generation: number): Promise<void> {
  await pool.query('SELECT read_model_control.drop_generation($1)', [generation]);
}

export async function listGenerations(pool: Pool): Promise<GenerationRecord[]> {
  const result = await pool.query<{
    generation: number;
    schema_name: string;
    status: GenerationRecord['status'];
    created_at: Date;
    switched_at: Date | null;
    dropped_at: Date | null;
  }>('SELECT * FROM read_model_control.generations ORDER BY generation');
  return result.rows.map((r) => ({
    generation: r.generation,
    schemaName: r.schema_name,
    status: r.status,
    createdAt: r.created_at,
    switchedAt: r.switched_at,
    droppedAt: r.dropped_at,
  }));
}
