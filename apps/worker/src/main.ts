import { existsSync } from 'node:fs';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { ConfigurationError, loadConfig, workerConfigSchema } from '@suivi/config';
import { createLogger } from '@suivi/logging';
import { createSuiviWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig(workerConfigSchema);
  const logger = createLogger('worker', config.LOG_LEVEL);
  if (!existsSync(config.WORKFLOW_BUNDLE_PATH)) {
    throw new ConfigurationError([
      `WORKFLOW_BUNDLE_PATH: no workflow bundle at ${config.WORKFLOW_BUNDLE_PATH} (run nx build workflows)`,
    ]);
  }
  Runtime.install({
    logger: {
      log: (level, message, meta) =>
        logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')]({ ...meta }, message),
      trace: (message, meta) => logger.trace({ ...meta }, message),
      debug: (message, meta) => logger.debug({ ...meta }, message),
      info: (message, meta) => logger.info({ ...meta }, message),
      warn: (message, meta) => logger.warn({ ...meta }, message),
      error: (message, meta) => logger.error({ ...meta }, message),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
    // SIGINT/SIGTERM make the worker finish in-flight tasks and stop polling.
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
  const { worker, connection, publisher } = await createSuiviWorker(config);
  logger.info(
    { namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS },
    'worker polling its task queue',
  );
  try {
    await worker.run();
  } finally {
    await publisher.close();
    await connection.close();
    logger.info('worker stopped');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigurationError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
