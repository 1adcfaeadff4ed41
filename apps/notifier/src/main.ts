import { createTransport } from 'nodemailer';
import { ConfigurationError, loadConfig, notifierConfigSchema, smtpTransportOptions } from '@suivi/config';
import { createKafka } from '@suivi/kafka';
import { createLogger } from '@suivi/logging';
import { createPool, migrateUp } from '@suivi/postgres';
import { startDigests } from './digest/digests';
import { PostgresDigestStore } from './digest/digest-store';
import { startNotifier } from './notifier';
import { PostgresNotifierStore } from './notifier-store';

async function main(): Promise<void> {
  const config = loadConfig(notifierConfigSchema);
  const logger = createLogger('notifier', config.LOG_LEVEL);
  const applied = await migrateUp({
    databaseUrl: config.DATABASE_URL,
    dir: config.NOTIFIER_MIGRATIONS_DIR,
    migrationsTable: 'notifier_pgmigrations',
  });
  if (applied.length) logger.info({ applied }, 'notifier migrations applied');
  const pool = createPool(config.DATABASE_URL, 4, (error) =>
    logger.warn({ err: error }, 'idle PostgreSQL connection lost; the next query reconnects'),
  );
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}-notifier`,
    log: (level, message, extra) => logger[level]({ ...extra }, message),
  });
  const web = new URL(config.WEB_PUBLIC_URL);
  // Pooled: a morning's digests reuse a few SMTP connections instead of opening one per message.
  const transport = createTransport({ ...smtpTransportOptions(config), pool: true, maxConnections: 4 });
  const compose = {
    webBaseUrl: web.origin,
    // The one-click endpoint (RFC 8058): acts on POST, leads to the preferences on GET.
    unsubscribeBaseUrl: new URL('/v1/me/unsubscribe', web).toString(),
    unsubscribeKey: Buffer.from(config.NOTIFIER_UNSUBSCRIBE_KEY, 'base64'),
    messageIdDomain: web.hostname,
  };
  const notifier = await startNotifier({
    kafka,
    groupId: config.NOTIFIER_GROUP_ID,
    store: new PostgresNotifierStore(pool),
    transport,
    from: config.MAIL_FROM,
    logger,
    mailIntervalMs: config.NOTIFIER_MAIL_INTERVAL_MS,
    compose,
  });
  const digests = await startDigests({
    store: new PostgresDigestStore(pool),
    transport,
    compose,
    from: config.MAIL_FROM,
    logger,
    zoneSyncMs: config.NOTIFIER_ZONE_SYNC_MS,
    temporal: {
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.NOTIFIER_TASK_QUEUE,
      codecKeys: config.TEMPORAL_CODEC_KEYS,
      workflowBundlePath: config.WORKFLOW_BUNDLE_PATH,
    },
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'notifier stopping');
    await Promise.all([notifier.stop(), digests.stop()]);
    transport.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`notifier failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
