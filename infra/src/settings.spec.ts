import { resolveSettings } from './settings';

describe('launcher settings', () => {
  it('uses the documented default ports for the dev stack', () => {
    expect(resolveSettings('dev', {}).ports).toEqual({
      api: 3000,
      temporal: 7233,
      temporalUi: 8233,
      kafka: 9092,
      kafkaController: 9093,
      postgres: 5433,
      projectorMetrics: 9464,
    });
  });

  it('gives the test and e2e stacks ports and folders of their own, so npm test runs beside npm start', () => {
    const dev = resolveSettings('dev', { SUIVI_HOME: '/srv/suivi' });
    const test = resolveSettings('test', { SUIVI_HOME: '/srv/suivi' });
    const e2e = resolveSettings('e2e', { SUIVI_HOME: '/srv/suivi' });
    const all = [dev, test, e2e].flatMap((s) => Object.values(s.ports));
    expect(new Set(all).size).toBe(all.length);
    expect(new Set([dev.dataDir, test.dataDir, e2e.dataDir]).size).toBe(3);
    expect(test.dataDir).toBe('/srv/suivi/test/data');
    expect(test.toolsDir).toBe(dev.toolsDir);
  });

  it('takes overrides per profile', () => {
    expect(resolveSettings('dev', { API_PORT: '3100' }).ports.api).toBe(3100);
    expect(resolveSettings('test', { API_PORT: '3100', TEST_API_PORT: '13100' }).ports.api).toBe(13100);
  });

  it('rejects a bad port, naming the variable', () => {
    expect(() => resolveSettings('dev', { KAFKA_PORT: 'ninety' })).toThrow(/KAFKA_PORT/);
    expect(() => resolveSettings('e2e', { E2E_POSTGRES_PORT: '70000' })).toThrow(/E2E_POSTGRES_PORT/);
  });

  it('lets only the dev stack use an external database or keys: tests own their servers', () => {
    const env = { DATABASE_URL: 'postgres://u:p@db.example:5432/suivi', TEMPORAL_CODEC_KEYS: 'k:AAAA' };
    expect(resolveSettings('dev', env).externalDatabaseUrl).toBe(env.DATABASE_URL);
    expect(resolveSettings('test', env).externalDatabaseUrl).toBeUndefined();
    expect(resolveSettings('test', env).codecKeys).toBeUndefined();
  });
});
