import type { Server } from 'node:http';
import { collectDefaultMetrics } from 'prom-client';
import { ConfigurationError, loadConfig, projectorConfigSchema } from '@suivi/config';
import { Topics } from '@suivi/contracts';
import { createKafka } from '@suivi/kafka';
import { createLogger } from '@suivi/logging';
import { createPool } from '@suivi/postgres';
import { startProjector } from './projector';
import { brokerLagSource, ProjectorMetrics, startMetricsServer } from './projector-metrics';
import { PostgresProjectorStatus } from './projector-status';
import { ReadModelRepository } from './read-model.repository';
import { prepareReadModel } from './read-model-schema';

async function main(): Promise<void> {
  const config = loadConfig(projectorConfigSchema);
  const logger = createLogger('projector', config.LOG_LEVEL);
  // The projector owns the read-model schema, so it migrates before consuming.
  const applied = await prepareReadModel(config.DATABASE_URL, config.MIGRATIONS_DIR);
  logger.info({ applied }, applied.length ? 'read-model migrations applied' : 'read model up to date');
  const pool = createPool(config.DATABASE_URL);
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-projector`,
    log: (level, message, extra) => logger[level]({ ...extra }, message),
  });

  const metrics = new ProjectorMetrics(undefined, logger);
  collectDefaultMetrics({ register: metrics.registry });
  const lag = brokerLagSource(kafka, config.PROJECTOR_GROUP_ID, Topics.cycleLog);
  metrics.setLagSource(lag.source);
  let metricsServer: Server | undefined;
  try {
    metricsServer = await startMetricsServer({
      registry: metrics.registry,
      port: config.PROJECTOR_METRICS_PORT,
      host: config.PROJECTOR_METRICS_HOST,
      logger,
    });
    logger.info({ port: config.PROJECTOR_METRICS_PORT }, 'projector metrics served on /metrics');
  } catch (error) {
    // Metrics matter less than an up-to-date read model: project anyway, and say so loudly.
    logger.error({ err: error, port: config.PROJECTOR_METRICS_PORT }, 'projector metrics not served');
  }

  const projector = await startProjector({
    kafka,
    groupId: config.PROJECTOR_GROUP_ID,
    topics: { source: Topics.cycleLog, deadLetter: Topics.deadLetter },
    repository: new ReadModelRepository(pool),
    logger,
    metrics,
    gapRetryMs: config.PROJECTOR_GAP_RETRY_MS,
    // Read by the API's readiness (partitions stuck) and counted in the metrics (cycles needing repair).
    statusStore: new PostgresProjectorStatus(pool, config.PROJECTOR_GROUP_ID, Topics.cycleLog),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'projector stopping');
    await projector.stop();
    await lag.close();
    await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
    await pool.end();
    logger.info('projector stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigurationError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
