import { hostname } from 'node:os';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { WorkerConfig } from '@suivi/config';
import { createKafka, KafkaMessagePublisher, type MessagePublisher } from '@suivi/kafka';
import { createDataConverter } from '@suivi/temporal';
import { createCycleEventsActivities } from './activities/cycle-events.activities';
import { createDiagnosticsActivities } from './activities/diagnostics.activities';

/**
 * Builds the worker from validated configuration. The workflow code comes prebuilt
 * (`nx build workflows`), so start-up does not run webpack.
 */
export async function createSuiviWorker(
  config: WorkerConfig,
  overrides: { publisher?: MessagePublisher } = {},
): Promise<{ worker: Worker; connection: NativeConnection; publisher: MessagePublisher }> {
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const identity = `worker-${process.pid}@${hostname()}`;
  const publisher =
    overrides.publisher ??
    new KafkaMessagePublisher(
      createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-worker` }),
    );
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    identity,
    workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH },
    // Bounds memory: evicted cycles are replayed from history when their next task comes.
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    // Threads running workflow code; each one uses up to a core.
    workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
    dataConverter: createDataConverter(config.TEMPORAL_CODEC_KEYS),
    activities: {
      ...createDiagnosticsActivities({ workerIdentity: identity }),
      ...createCycleEventsActivities({ publisher }),
    },
  });
  return { worker, connection, publisher };
}
