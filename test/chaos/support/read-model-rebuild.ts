import { Pool } from 'pg';
import { pollUntil, runLauncher, type LaunchedStack } from '@suivi/test-support';
import { compareReadModels, type ReadModelVerdict, type TableRows } from '../checks/read-model';

/** Every table of a read-model generation, with its primary key (apps/projector/src/read-model-tables.ts). */
const TABLE_KEYS = {
  projection_positions: ['cycle_id'],
  cycles: ['cycle_id'],
  rounds: ['cycle_id', 'round_id'],
  action_points: ['cycle_id', 'action_point_id'],
  timeline: ['cycle_id', 'sequence'],
} as const;

/** A rebuild under way: the launcher's process and its output. */
export type RunningRebuild = LaunchedStack;

/** `npm run read-model:rebuild` on the chaos profile (ADR 0011): a fresh generation from the log, then the switch. */
export function startRebuild(keepPrevious: boolean): RunningRebuild {
  const args = ['read-model-rebuild', '--profile', 'chaos', ...(keepPrevious ? ['--keep-previous'] : [])];
  return runLauncher(args, { LOG_LEVEL: 'warn' });
}

export async function finishRebuild(rebuild: RunningRebuild): Promise<void> {
  const code = await rebuild.exited;
  if (code !== 0) throw new Error(`read-model rebuild exited ${code}:\n${rebuild.output().slice(-3000)}`);
}

/** Waits until the live read model holds every cycle up to the last sequence the log has for it. */
export async function waitForProjection(pool: Pool, lastSequences: ReadonlyMap<string, number>, timeoutMs = 180_000) {
  const cycles = [...lastSequences.keys()];
  let behind: string[] = [];
  try {
    await pollUntil(
      async () => {
        const { rows } = await pool.query<{ cycle_id: string; last_sequence: number }>(
          'SELECT cycle_id, last_sequence FROM read_model.projection_positions WHERE cycle_id = ANY($1)',
          [cycles],
        );
        const at = new Map(rows.map((r) => [r.cycle_id, r.last_sequence]));
        behind = cycles.filter((c) => (at.get(c) ?? 0) < (lastSequences.get(c) ?? 0));
        return behind.length === 0 ? true : undefined;
      },
      timeoutMs,
      500,
    );
  } catch {
    throw new Error(
      `the read model did not catch up with the log on ${behind.length} cycle(s): ${behind.slice(0, 5).join(', ')}`,
    );
  }
}

async function readGeneration(pool: Pool, schema: string): Promise<TableRows> {
  const rows: Record<string, Array<Record<string, unknown>>> = {};
  for (const table of Object.keys(TABLE_KEYS)) {
    const result = await pool.query<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(t) AS row FROM "${schema}"."${table}" t`,
    );
    rows[table] = result.rows.map((r) => r.row);
  }
  return rows;
}

/**
 * Rebuilds the read model from the log into a fresh generation, keeping the live one, and
 * compares the two table by table; the kept generation is dropped afterwards. Run with the
 * load stopped and the projectors caught up, so that both hold the same log.
 */
export async function compareWithFreshRebuild(pool: Pool): Promise<ReadModelVerdict> {
  await finishRebuild(startRebuild(true));
  const { rows } = await pool.query<{ generation: number; schema_name: string; status: string }>(
    `SELECT generation, schema_name, status FROM read_model_control.generations
     WHERE status IN ('CURRENT', 'RETIRED') ORDER BY generation DESC LIMIT 2`,
  );
  const [rebuilt, live] = rows;
  if (rebuilt?.status !== 'CURRENT' || live?.status !== 'RETIRED') {
    throw new Error(`expected the rebuilt generation current and the live one kept: ${JSON.stringify(rows)}`);
  }
  try {
    return compareReadModels(
      await readGeneration(pool, live.schema_name),
      await readGeneration(pool, rebuilt.schema_name),
      TABLE_KEYS,
    );
  } finally {
    await pool.query('SELECT read_model_control.drop_generation($1)', [live.generation]);
  }
}

/** A generation being built (the rebuild's consumer is reading the log into it). */
export async function rebuildInProgress(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query("SELECT 1 FROM read_model_control.generations WHERE status = 'BUILDING'");
  return rows.length > 0;
}
