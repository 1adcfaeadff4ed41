import { runner } from 'node-pg-migrate';

export interface MigrationSettings {
  databaseUrl: string;
  /** Folder of versioned migration files (SQL with "-- Up Migration" / "-- Down Migration"). */
  dir: string;
  /** Table that records applied migrations. */
  migrationsTable?: string;
  log?: (message: string) => void;
}

/**
 * Applies pending migrations in order. node-pg-migrate takes an advisory lock, so two
 * processes starting at once cannot apply the same migration twice.
 */
export async function migrateUp(settings: MigrationSettings): Promise<string[]> {
  const applied = await runner({
    databaseUrl: settings.databaseUrl,
    dir: settings.dir,
    migrationsTable: settings.migrationsTable ?? 'pgmigrations',
    direction: 'up',
    count: Infinity,
    singleTransaction: true,
    checkOrder: true,
    log: settings.log ?? (() => undefined),
    noLock: false,
  });
  return applied.map((m) => m.name);
}
