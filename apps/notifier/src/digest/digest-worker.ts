import { hostname } from 'node:os';
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createDataConverter } from '@suivi/temporal';
import type { DigestActivities } from '@suivi/workflows';
import { sendDueDigests, type DigestDeps } from './send-digests';

export interface DigestWorkerSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  codecKeys: string;
  /** The prebuilt workflow bundle (nx build workflows), as the cycle worker uses. */
  workflowBundlePath: string;
}

export function createDigestActivities(deps: Omit<DigestDeps, 'heartbeat'>): DigestActivities {
  return {
    sendDueDigests: (input) => sendDueDigests({ ...deps, heartbeat: () => Context.current().heartbeat() }, input),
  };
}

/**
 * The notifier's Temporal worker: it runs the daily digest workflows, whose activity needs the
 * notifier's SMTP transport and database. Its own task queue, so the cycle workers never take
 * a digest and the notifier never takes a cycle.
 */
export async function createDigestWorker(
  settings: DigestWorkerSettings,
  deps: Omit<DigestDeps, 'heartbeat'>,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: settings.address });
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    identity: `notifier-${process.pid}@${hostname()}`,
    workflowBundle: { codePath: settings.workflowBundlePath },
    // A zone's run is one short workflow a day: few need to stay in memory.
    maxCachedWorkflows: 20,
    dataConverter: createDataConverter(settings.codecKeys),
    activities: createDigestActivities(deps),
  });
  return { worker, connection };
}
