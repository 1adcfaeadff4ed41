import { ConfigurationError } from '@suivi/config';
import { readApiConfig, workerAvailabilityOf } from './api-config';

const validEnv = {
  TEMPORAL_CODEC_KEYS: 'k1:' + Buffer.alloc(32, 7).toString('base64'),
  DATABASE_URL: 'postgres://suivi@127.0.0.1:5432/suivi',
  API_MIGRATIONS_DIR: 'apps/api/migrations',
  AUTH_JWKS_URL: 'https://id.example.eu/jwks.json',
  CALENDAR_FEED_SECRET: Buffer.alloc(32, 9).toString('base64'),
};

describe('readApiConfig', () => {
  it('listens on loopback by default', () => {
    const config = readApiConfig(validEnv);
    expect(config.API_HOST).toBe('127.0.0.1');
    expect(config.API_PORT).toBe(3000);
  });

  it('names the missing variables', () => {
    expect(() => readApiConfig({})).toThrow(ConfigurationError);
    expect(() => readApiConfig({})).toThrow(/DATABASE_URL/);
  });

  it('rejects a codec key that is not 32 bytes, without echoing the key', () => {
    const shortKey = Buffer.alloc(16, 7).toString('base64');
    const attempt = () => readApiConfig({ ...validEnv, TEMPORAL_CODEC_KEYS: `k1:${shortKey}` });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/TEMPORAL_CODEC_KEYS: key "k1" must be 32 bytes/);
    expect(attempt).not.toThrow(shortKey);
  });

  it('bounds command delivery at 10 s with Retry-After 5 s, and allows worker polls 90 s old, by default', () => {
    const config = readApiConfig(validEnv);
    expect(config.COMMAND_DELIVERY_TIMEOUT_MS).toBe(10_000);
    expect(config.COMMAND_RETRY_AFTER_SECONDS).toBe(5);
    expect(config.READINESS_WORKER_MAX_POLL_AGE_MS).toBe(90_000);
    expect(workerAvailabilityOf(config)).toEqual({
      COMMAND_DELIVERY_TIMEOUT_MS: 10_000,
      COMMAND_RETRY_AFTER_SECONDS: 5,
      READINESS_WORKER_MAX_POLL_AGE_MS: 90_000,
    });
  });

  it('reads the worker-availability settings and names a faulty one, with the other problems', () => {
    const config = readApiConfig({
      ...validEnv,
      COMMAND_DELIVERY_TIMEOUT_MS: '3000',
      COMMAND_RETRY_AFTER_SECONDS: '2',
      READINESS_WORKER_MAX_POLL_AGE_MS: '20000',
    });
    expect(workerAvailabilityOf(config)).toEqual({
      COMMAND_DELIVERY_TIMEOUT_MS: 3000,
      COMMAND_RETRY_AFTER_SECONDS: 2,
      READINESS_WORKER_MAX_POLL_AGE_MS: 20_000,
    });
    const attempt = () => readApiConfig({ ...validEnv, DATABASE_URL: undefined, COMMAND_DELIVERY_TIMEOUT_MS: '10m' });
    expect(attempt).toThrow(/COMMAND_DELIVERY_TIMEOUT_MS: expected milliseconds \(got "10m"\)/);
    expect(attempt).toThrow(/DATABASE_URL/);
    expect(() => readApiConfig({ ...validEnv, COMMAND_DELIVERY_TIMEOUT_MS: '600000' })).toThrow(
      /COMMAND_DELIVERY_TIMEOUT_MS: expected at most 120000 ms/,
    );
  });
});
