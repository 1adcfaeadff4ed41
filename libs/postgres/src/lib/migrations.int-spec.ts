import { join } from 'node:path';
import { requireEnv, scratchDatabase } from '@suivi/test-support';
import { migrateUp } from './migrations';
import { checkPostgres, createPool } from './postgres-pool';

const migrationsDir = join(__dirname, '..', '..', '..', '..', 'apps', 'projector', 'migrations');

/** Each test gets a database of its own on the real test server. */
function freshDatabase(): Promise<string> {
  return scratchDatabase('int');
}

describe('PostgreSQL read model migrations', () => {
  it('answers the readiness probe with its version', async () => {
    const pool = createPool(requireEnv('DATABASE_URL'));
    await expect(checkPostgres(pool)).resolves.toMatchObject({ serverVersion: expect.stringMatching(/^\d+/) });
    await pool.end();
  });

  it('lets several processes migrate the same database at once (each its own schema, one lock)', async () => {
    const databaseUrl = await freshDatabase();
    const apiMigrations = join(migrationsDir, '..', '..', 'api', 'migrations');
    const notifierMigrations = join(migrationsDir, '..', '..', 'notifier', 'migrations');
    const [readModel, api] = await Promise.all([
      migrateUp({ databaseUrl, dir: migrationsDir }),
      migrateUp({ databaseUrl, dir: apiMigrations, migrationsTable: 'api_pgmigrations' }),
    ]);
    const notifier = await migrateUp({
      databaseUrl,
      dir: notifierMigrations,
      migrationsTable: 'notifier_pgmigrations',
    });
    expect(readModel.length).toBeGreaterThan(0);
    expect(api.length).toBeGreaterThan(0);
    expect(notifier.length).toBeGreaterThan(0);
  });

  it('applies the migrations once, then the schema takes writes and answers queries', async () => {
    const databaseUrl = await freshDatabase();
    const applied = await migrateUp({ databaseUrl, dir: migrationsDir });
    expect(applied).toContain('1763856000000_read-model-landing');
    await expect(migrateUp({ databaseUrl, dir: migrationsDir })).resolves.toEqual([]);

    const pool = createPool(databaseUrl);
    try {
      const current = await pool.query('SELECT schema_name FROM read_model_control.current_generation');
      expect(current.rows).toEqual([{ schema_name: 'read_model_g1' }]);
      await pool.query(`INSERT INTO read_model_g1.projection_positions (cycle_id, last_sequence) VALUES ($1, $2)`, [
        'cycle-1',
        3,
      ]);
      const rows = await pool.query('SELECT cycle_id, last_sequence FROM read_model.projection_positions');
      expect(rows.rows).toEqual([{ cycle_id: 'cycle-1', last_sequence: 3 }]);
    } finally {
      await pool.end();
    }
  });

  it('lets only one of two concurrent starts apply a migration', async () => {
    const databaseUrl = await freshDatabase();
    const results = await Promise.allSettled([
      migrateUp({ databaseUrl, dir: migrationsDir }),
      migrateUp({ databaseUrl, dir: migrationsDir }),
    ]);
    const appliedCounts = results.map((r) => (r.status === 'fulfilled' ? r.value.length : -1));
    // Either the second waits for the lock and finds nothing to do, or it fails to get the lock; never both apply.
    expect(appliedCounts.filter((n) => n > 0)).toHaveLength(1);
  });
});
