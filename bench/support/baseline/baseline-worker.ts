import { hostname } from 'node:os';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig, workerConfigSchema } from '@suivi/config';
import { createKafka, KafkaMessagePublisher } from '@suivi/kafka';
import { createDataConverter } from '@suivi/temporal';
import { createBaselineActivities } from './baseline.activities';

/**
 * The benchmarks' baseline worker: a process of its own, configured as the production worker
 * is (same configuration variables, codec, workflow cache and threads; bench-stack.ts gives
 * it the same heap bound and preload), running only the baseline workflows on their own task
 * queue. The production worker carries no benchmark code.
 */
async function main(): Promise<void> {
  const config = loadConfig(workerConfigSchema);
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const publisher = new KafkaMessagePublisher(
    createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-bench-baseline` }),
  );
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    identity: `bench-baseline-${process.pid}@${hostname()}`,
    workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH },
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
    dataConverter: createDataConverter(config.TEMPORAL_CODEC_KEYS),
    activities: createBaselineActivities({ publisher }),
  });
  // bench-stack.ts waits for this line, as for the production worker's.
  process.stdout.write(`worker polling its task queue ${config.TEMPORAL_TASK_QUEUE}\n`);
  try {
    await worker.run();
  } finally {
    await publisher.close();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
