import type { Logger } from 'pino';
import { connectTemporalClient } from '@suivi/temporal';
import { ensureDigestSchedules } from './digest-schedules';
import type { DigestStore } from './digest-store';
import { createDigestWorker, type DigestWorkerSettings } from './digest-worker';
import type { DigestDeps } from './send-digests';

export interface DigestsOptions extends Omit<DigestDeps, 'heartbeat' | 'store'> {
  store: DigestStore;
  temporal: DigestWorkerSettings;
  /** How often the zones of the people directory are checked for a missing schedule. */
  zoneSyncMs: number;
  logger: Logger;
}

export interface RunningDigests {
  /** Creates the schedules of zones that have none yet; returns the zones created. */
  syncZones(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The daily digest: a Temporal worker on the notifier's task queue, and one 09:00 schedule per
 * zone where someone takes the digest, kept in step with the people directory.
 */
export async function startDigests(options: DigestsOptions): Promise<RunningDigests> {
  const { logger, temporal } = options;
  const client = await connectTemporalClient({
    address: temporal.address,
    namespace: temporal.namespace,
    codecKeys: temporal.codecKeys,
  });
  const { worker, connection } = await createDigestWorker(temporal, options);
  const running = worker.run();
  running.catch((error: unknown) => logger.error({ err: error }, 'digest worker stopped'));

  const known = new Set<string>();
  const syncZones = async () => {
    const created = await ensureDigestSchedules(await options.store.digestZones(), {
      client,
      taskQueue: temporal.taskQueue,
      known,
      now: options.now,
    });
    if (created.length) logger.info({ zones: created }, 'digest schedules created');
    return created;
  };
  // A failed round (PostgreSQL or Temporal away) is tried again at the next; it never stops the notifier.
  const sync = () => syncZones().catch((error: unknown) => logger.warn({ err: error }, 'zone sync failed'));
  await sync();
  const timer = setInterval(() => void sync(), options.zoneSyncMs);
  timer.unref();

  return {
    syncZones,
    stop: async () => {
      clearInterval(timer);
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
      await client.connection.close();
    },
  };
}
