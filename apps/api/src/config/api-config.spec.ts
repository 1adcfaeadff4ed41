import { ConfigurationError } from '@suivi/config';
import { readApiConfig } from './api-config';

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
});
