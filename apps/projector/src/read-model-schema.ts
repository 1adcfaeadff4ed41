import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPool, inTransaction, migrateUp } from '@suivi/postgres';

/** Any fixed number: serialises the schema file's application between projector processes. */
const SCHEMA_LOCK = 7_746_901;

/**
 * The read model's current schema file (schema/read-model-generation.sql), beside the
 * migrations folder: the migrations bring the database there, the file defines what a new
 * generation is made of.
 */
export function readModelSchemaFile(migrationsDir: string): string {
  return join(dirname(migrationsDir), 'schema', 'read-model-generation.sql');
}

/**
 * Brings the read model to the current schema: pending migrations first (they alter existing
 * generations), then the schema file (CREATE OR REPLACE of the functions that make a new
 * generation), under an advisory lock so that two projectors starting at once do not race.
 * Returns the migrations applied.
 */
export async function prepareReadModel(databaseUrl: string, migrationsDir: string): Promise<string[]> {
  const applied = await migrateUp({ databaseUrl, dir: migrationsDir });
  const schema = readFileSync(readModelSchemaFile(migrationsDir), 'utf8');
  const pool = createPool(databaseUrl, 1);
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query(schema);
    });
  } finally {
    await pool.end();
  }
  return applied;
}
