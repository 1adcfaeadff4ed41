import { Pool, type PoolClient } from 'pg';

export function createPool(databaseUrl: string, max = 10): Pool {
  return new Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 3000 });
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
