import type { Pool } from 'pg';
import { freshReadModel } from './testing/int-support';

/**
 * The schema file and the migrations describe one schema: a generation created now from
 * schema/read-model-generation.sql has exactly the columns and indexes of the first generation,
 * created by the first migrations and brought up to date by every later one.
 */
describe('the read model schema file', () => {
  let pool: Pool;

  beforeAll(async () => {
    ({ pool } = await freshReadModel());
  });
  afterAll(() => pool?.end());

  const columnsOf = async (schema: string) =>
    (
      await pool.query<{ line: string }>(
        `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
           FROM information_schema.columns WHERE table_schema = $1 ORDER BY 1`,
        [schema],
      )
    ).rows.map((r) => r.line);
  const indexesOf = async (schema: string) =>
    (
      await pool.query<{ definition: string }>(
        `SELECT replace(indexdef, $1 || '.', '<generation>.') AS definition
           FROM pg_indexes WHERE schemaname = $1 ORDER BY 1`,
        [schema],
      )
    ).rows.map((r) => r.definition);

  it('makes new generations exactly as the migrations left the first one', async () => {
    const { rows } = await pool.query<{ schema_name: string }>(
      "SELECT schema_name FROM read_model_control.generations WHERE status = 'CURRENT'",
    );
    const migrated = rows[0].schema_name;
    const created = await pool.query<{ generation: number }>(
      'SELECT read_model_control.create_generation(true) AS generation',
    );
    const fresh = `read_model_g${created.rows[0].generation}`;

    expect(await columnsOf(fresh)).toEqual(await columnsOf(migrated));
    expect((await columnsOf(fresh)).length).toBeGreaterThan(50);
    expect(await indexesOf(fresh)).toEqual(await indexesOf(migrated));
  });
});
