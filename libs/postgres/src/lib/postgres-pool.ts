import { Pool } from 'pg';

export function createPool(databaseUrl: string, max = 10): Pool {
  return new Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 3000 });
}

/** Readiness probe: the server answers a query. */
export async function checkPostgres(pool: Pool): Promise<{ serverVersion: string }> {
  const result = await pool.query<{ server_version: string }>('SHOW server_version');
  return { serverVersion: result.rows[0].server_version };
}
