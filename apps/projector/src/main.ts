import { ConfigurationError, loadConfig, projectorConfigSchema } from '@suivi/config';
import { createKafka } from '@suivi/kafka';
import { createLogger } from '@suivi/logging';
import { createPool, migrateUp } from '@suivi/postgres';
import { startProjector } from './projector';
import { ReceivedEventsRepository } from './received-events.repository';

async function main(): Promise<void> {
  const config = loadConfig(projectorConfigSchema);
  const logger = createLogger('projector', config.LOG_LEVEL);
  // The projector owns the read-model schema, so it migrates before consuming.
  const applied = await migrateUp({ databaseUrl: config.DATABASE_URL, dir: config.MIGRATIONS_DIR });
  logger.info({ applied }, applied.length ? 'read-model migrations applied' : 'read model up to date');
  const pool = createPool(config.DATABASE_URL);
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-projector`,
    log: (level, message, extra) => logger[level]({ ...extra }, message),
  });
  const consumer = await startProjector({
    kafka,
    groupId: config.PROJECTOR_GROUP_ID,
    repository: new ReceivedEventsRepository(pool),
    logger,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'projector stopping');
    await consumer.disconnect();
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
