import { Pool, type PoolClient } from 'pg';

/**
 * A pool whose idle connections may die without taking the process with them: when PostgreSQL
 * restarts it ends every connection, and pg reports those that were idle as an 'error' event
 * on the pool, which, unheard, would crash the app. The pool drops such a connection by
 * itself; the next query opens a new one or fails with the real cause, where it is handled.
 */
export function createPool(
  databaseUrl: string,
  max = 10,
  onIdleConnectionError: (error: Error) => void = () => undefined,
  /** Server settings for every connection of this pool, in libpq's form (`-c name=value ...`). */
  sessionSettings?: string,
): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 3000,
    options: sessionSettings,
  });
  pool.on('error', onIdleConnectionError);
  return pool;
}

/** Readiness probe: the server answers a query. */
export async function checkPostgres(pool: Pool): Promise<{ serverVersion: string }> {
  const result = await pool.query<{ server_version: string }>('SHOW server_version');
  return { serverVersion: result.rows[0].server_version };
}

/**
 * Runs `work` in one transaction on one pooled connection: committed if it resolves, rolled back
 * if it throws. `begin` sets the isolation level or read-only mode.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
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
