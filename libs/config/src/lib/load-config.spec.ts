import { join } from 'node:path';
import { ConfigurationError, loadConfig } from './load-config';
import { apiConfigSchema, workerConfigSchema } from './config-schemas';

const validApiEnv = {
  TEMPORAL_CODEC_KEYS: 'dev-1:' + Buffer.alloc(32, 1).toString('base64'),
  DATABASE_URL: 'postgres://suivi:secret@127.0.0.1:5433/suivi',
  API_MIGRATIONS_DIR: 'apps/api/migrations',
  AUTH_DEV_ISSUER_DIR: '/tmp/suivi-dev-issuer',
  CALENDAR_FEED_SECRET: Buffer.alloc(32, 3).toString('base64'),
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(apiConfigSchema, validApiEnv);
    expect(config.API_PORT).toBe(3000);
    expect(config.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.CODEC_ENDPOINT_ENABLED).toBe(false);
  });

  it('parses overrides into typed values', () => {
    const config = loadConfig(apiConfigSchema, {
      ...validApiEnv,
      API_PORT: '13000',
      KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:29092',
      CODEC_ENDPOINT_ENABLED: 'true',
    });
    expect(config.API_PORT).toBe(13000);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092', '127.0.0.1:29092']);
    expect(config.CODEC_ENDPOINT_ENABLED).toBe(true);
  });

  it('names every faulty variable in one error', () => {
    let error: unknown;
    try {
      loadConfig(apiConfigSchema, { ...validApiEnv, API_PORT: 'seventy', TEMPORAL_ADDRESS: 'nohost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain('API_PORT');
    expect(message).toContain('TEMPORAL_ADDRESS: expected host:port');
  });

  it('reports a missing required variable without echoing secrets', () => {
    expect(() => loadConfig(apiConfigSchema, { TEMPORAL_CODEC_KEYS: validApiEnv.TEMPORAL_CODEC_KEYS })).toThrow(
      /DATABASE_URL: .*not set/,
    );
    const attempt = () => loadConfig(apiConfigSchema, { ...validApiEnv, TEMPORAL_CODEC_KEYS: 'no-colon-here' });
    expect(attempt).toThrow(/TEMPORAL_CODEC_KEYS/);
    expect(attempt).not.toThrow(/no-colon-here/);
  });

  it('leaves the web app sign-in to the development issuer by default and serves the build from dist/apps/web', () => {
    const config = loadConfig(apiConfigSchema, validApiEnv);
    expect(config.WEB_OIDC_AUTHORITY).toBeUndefined();
    expect(config.WEB_OIDC_CLIENT_ID).toBeUndefined();
    expect(config.WEB_OIDC_SCOPE).toBe('openid profile email offline_access');
    expect(config.WEB_DIST_DIR).toBe(join(process.cwd(), 'dist', 'apps', 'web'));
    expect(loadConfig(apiConfigSchema, { ...validApiEnv, WEB_DIST_DIR: '/srv/suivi/web' }).WEB_DIST_DIR).toBe(
      '/srv/suivi/web',
    );
  });

  it("takes the web app's OpenID provider and client together, and requires them in production", () => {
    const provider = { WEB_OIDC_AUTHORITY: 'https://id.example.eu/realms/suivi', WEB_OIDC_CLIENT_ID: 'suivi-web' };
    expect(loadConfig(apiConfigSchema, { ...validApiEnv, ...provider })).toMatchObject(provider);
    expect(() =>
      loadConfig(apiConfigSchema, { ...validApiEnv, WEB_OIDC_AUTHORITY: provider.WEB_OIDC_AUTHORITY }),
    ).toThrow(/WEB_OIDC_CLIENT_ID: required with WEB_OIDC_AUTHORITY/);
    expect(() => loadConfig(apiConfigSchema, { ...validApiEnv, WEB_OIDC_CLIENT_ID: 'suivi-web' })).toThrow(
      /WEB_OIDC_AUTHORITY: required with WEB_OIDC_CLIENT_ID/,
    );
    expect(() =>
      loadConfig(apiConfigSchema, { ...validApiEnv, WEB_OIDC_AUTHORITY: 'not a url', WEB_OIDC_CLIENT_ID: 'x' }),
    ).toThrow(/WEB_OIDC_AUTHORITY: expected the https:\/\/ issuer URL/);
    expect(() => loadConfig(apiConfigSchema, { ...validApiEnv, ...provider, WEB_OIDC_SCOPE: 'profile email' })).toThrow(
      /WEB_OIDC_SCOPE: expected space-separated scopes including openid/,
    );
    const production = {
      ...validApiEnv,
      NODE_ENV: 'production',
      AUTH_DEV_ISSUER_DIR: undefined,
      AUTH_JWKS_URL: 'https://id.example.eu/certs',
      NOTIFIER_UNSUBSCRIBE_KEY: Buffer.alloc(32, 4).toString('base64'),
    };
    expect(() => loadConfig(apiConfigSchema, production)).toThrow(/WEB_OIDC_AUTHORITY: required in production/);
    expect(() => loadConfig(apiConfigSchema, production)).toThrow(/WEB_OIDC_CLIENT_ID: required in production/);
    expect(loadConfig(apiConfigSchema, { ...production, ...provider })).toMatchObject(provider);
  });

  it("checks the unsubscribe links' key as the notifier does, and requires it in production only", () => {
    const key = Buffer.alloc(32, 5).toString('base64');
    expect(loadConfig(apiConfigSchema, validApiEnv).NOTIFIER_UNSUBSCRIBE_KEY).toBeUndefined();
    expect(
      loadConfig(apiConfigSchema, { ...validApiEnv, NOTIFIER_UNSUBSCRIBE_KEY: key }).NOTIFIER_UNSUBSCRIBE_KEY,
    ).toBe(key);
    const short = () =>
      loadConfig(apiConfigSchema, { ...validApiEnv, NOTIFIER_UNSUBSCRIBE_KEY: Buffer.alloc(16).toString('base64') });
    expect(short).toThrow(/NOTIFIER_UNSUBSCRIBE_KEY: expected at least 32 bytes/);
    const production = {
      ...validApiEnv,
      NODE_ENV: 'production',
      AUTH_DEV_ISSUER_DIR: undefined,
      AUTH_JWKS_URL: 'https://id.example.eu/certs',
      WEB_OIDC_AUTHORITY: 'https://id.example.eu/realms/suivi',
      WEB_OIDC_CLIENT_ID: 'suivi-web',
    };
    expect(() => loadConfig(apiConfigSchema, production)).toThrow(/NOTIFIER_UNSUBSCRIBE_KEY: required in production/);
    expect(loadConfig(apiConfigSchema, { ...production, NOTIFIER_UNSUBSCRIBE_KEY: key })).toMatchObject({
      NOTIFIER_UNSUBSCRIBE_KEY: key,
    });
  });

  it('requires the workflow bundle path for the worker', () => {
    expect(() => loadConfig(workerConfigSchema, { TEMPORAL_CODEC_KEYS: validApiEnv.TEMPORAL_CODEC_KEYS })).toThrow(
      /WORKFLOW_BUNDLE_PATH/,
    );
  });
});
