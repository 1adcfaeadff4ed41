import { runner } from 'node-pg-migrate';

export interface MigrationSettings {
  databaseUrl: string;
  /** Folder of versioned migration files (SQL with "-- Up Migration" / "-- Down Migration"). */
  dir: string;
  /** Table that records applied migrations. */
  migrationsTable?: string;
  log?: (message: string) => void;
}

/** node-pg-migrate's refusal when another process holds its advisory lock (one lock per database). */
const LOCK_TAKEN = /Another migration is already running/;

/**
 * Applies pending migrations in order. node-pg-migrate takes one advisory lock per database and
 * gives up at once when another process holds it; the API, the projector and the notifier each
 * migrate their own schema in the same database as they start, side by side, so a process that
 * finds the lock taken waits and tries again (up to `lockWaitMs`) instead of failing its start.
 */
export async function migrateUp(
  settings: MigrationSettings & { lockWaitMs?: number },
  run: typeof runner = runner,
): Promise<string[]> {
  const deadline = Date.now() + (settings.lockWaitMs ?? 120_000);
  for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
    try {
      const applied = await run({
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
    } catch (error) {
      if (!(error instanceof Error && LOCK_TAKEN.test(error.message)) || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
