import { ConfigurationError, loadConfig } from './load-config';
import { notifierConfigSchema } from './notifier-config';

const launched = {
  DATABASE_URL: 'postgres://suivi@127.0.0.1:5433/suivi',
  NOTIFIER_MIGRATIONS_DIR: 'apps/notifier/migrations',
  WEB_PUBLIC_URL: 'http://127.0.0.1:3000',
  NOTIFIER_UNSUBSCRIBE_KEY: Buffer.alloc(32, 7).toString('base64'),
  TEMPORAL_CODEC_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  WORKFLOW_BUNDLE_PATH: 'dist/workflows/workflow-bundle.js',
};

describe('notifier configuration', () => {
  it('takes what npm start gives it, with Mailpit and the consumer group by default', () => {
    expect(loadConfig(notifierConfigSchema, launched)).toMatchObject({
      NOTIFIER_GROUP_ID: 'suivi-notifier',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: 1025,
      NOTIFIER_MAIL_INTERVAL_MS: 5000,
      NOTIFIER_TASK_QUEUE: 'suivi-notifier',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      NOTIFIER_ZONE_SYNC_MS: 60_000,
    });
  });

  it('names every missing variable, and refuses a short unsubscribe key', () => {
    expect(() => loadConfig(notifierConfigSchema, {})).toThrow(
      /DATABASE_URL[\s\S]*TEMPORAL_CODEC_KEYS[\s\S]*NOTIFIER_MIGRATIONS_DIR[\s\S]*WEB_PUBLIC_URL[\s\S]*NOTIFIER_UNSUBSCRIBE_KEY[\s\S]*WORKFLOW_BUNDLE_PATH/,
    );
    expect(() =>
      loadConfig(notifierConfigSchema, { ...launched, NOTIFIER_UNSUBSCRIBE_KEY: Buffer.alloc(16).toString('base64') }),
    ).toThrow(ConfigurationError);
  });

  it('requires the relay in production, as every app that sends mail', () => {
    expect(() => loadConfig(notifierConfigSchema, { ...launched, NODE_ENV: 'production' })).toThrow(/SMTP_HOST/);
  });
});
