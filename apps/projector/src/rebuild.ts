/**
 * Rebuilds the read model from the start of the cycle log into a new generation, switches
 * queries to it, and drops the old one. The live projector may keep running meanwhile.
 *
 *   TSX_TSCONFIG_PATH=tsconfig.base.json node --import tsx apps/projector/src/rebuild.ts [--keep-previous] [--force]
 *   npx nx run projector:rebuild-read-model        (same, from the repository root)
 *   node dist/apps/projector/rebuild.js            (after nx build projector)
 *
 * Same environment as the projector (DATABASE_URL, KAFKA_BROKERS, PROJECTOR_GROUP_ID, MIGRATIONS_DIR).
 *   --keep-previous  keep the replaced generation's schema instead of dropping it
 *   --force          switch even if the live projector is ahead on some cycles
 */
import { ConfigurationError, loadConfig, projectorConfigSchema } from '@suivi/config';
import { Topics } from '@suivi/contracts';
import { createKafka } from '@suivi/kafka';
import { createLogger } from '@suivi/logging';
import { createPool } from '@suivi/postgres';
import { rebuildReadModel } from './read-model-rebuild';
import { prepareReadModel } from './read-model-schema';

const usage = 'usage: rebuild [--keep-previous] [--force]';

async function main(): Promise<void> {
  const flags = new Set(process.argv.slice(2));
  const unknown = [...flags].filter((f) => f !== '--keep-previous' && f !== '--force');
  if (unknown.length > 0) throw new ConfigurationError([`unknown option ${unknown.join(' ')} (${usage})`]);
  const config = loadConfig(projectorConfigSchema);
  const logger = createLogger('projector-rebuild', config.LOG_LEVEL);
  await prepareReadModel(config.DATABASE_URL, config.MIGRATIONS_DIR);
  const pool = createPool(config.DATABASE_URL);
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-projector-rebuild`,
    log: (level, message, extra) => logger[level]({ ...extra }, message),
  });
  try {
    const result = await rebuildReadModel({
      pool,
      kafka,
      logger,
      topics: { source: Topics.cycleLog, deadLetter: Topics.deadLetter },
      groupIdPrefix: config.PROJECTOR_GROUP_ID,
      keepPreviousGeneration: flags.has('--keep-previous'),
      force: flags.has('--force'),
    });
    logger.info(result, 'read model rebuilt');
  } finally {
    await pool.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigurationError ? error.message : String((error as Error)?.stack ?? error)}\n`,
    );
    process.exit(1);
  },
);
