import { profiles, resolveSettings, type Profile } from './settings';

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
      smtp: 1025,
      mailpitUi: 8025,
    });
  });

  it("gives Mailpit the profile's offset, like every other port", () => {
    const mailpit = (profile: Profile) => {
      const { smtp, mailpitUi } = resolveSettings(profile, {}).ports;
      return { smtp, mailpitUi };
    };
    expect(mailpit('dev')).toEqual({ smtp: 1025, mailpitUi: 8025 });
    expect(mailpit('test')).toEqual({ smtp: 11025, mailpitUi: 18025 });
    expect(mailpit('e2e')).toEqual({ smtp: 21025, mailpitUi: 28025 });
    expect(mailpit('bench')).toEqual({ smtp: 31025, mailpitUi: 38025 });
  });

  it("takes Mailpit's ports from SMTP_PORT and MAILPIT_UI_PORT, with the profile's prefix", () => {
    const env = { SMTP_PORT: '2525', MAILPIT_UI_PORT: '8026', TEST_SMTP_PORT: '12525', E2E_MAILPIT_UI_PORT: '28026' };
    expect(resolveSettings('dev', env).ports).toMatchObject({ smtp: 2525, mailpitUi: 8026 });
    expect(resolveSettings('test', env).ports).toMatchObject({ smtp: 12525, mailpitUi: 18025 });
    expect(resolveSettings('e2e', env).ports).toMatchObject({ smtp: 21025, mailpitUi: 28026 });
    expect(resolveSettings('bench', { BENCH_SMTP_PORT: '32525' }).ports.smtp).toBe(32525);
    expect(() => resolveSettings('test', { TEST_SMTP_PORT: '0' })).toThrow(/TEST_SMTP_PORT/);
    expect(() => resolveSettings('dev', { MAILPIT_UI_PORT: 'web' })).toThrow(/MAILPIT_UI_PORT/);
  });

  it('gives the test and e2e stacks ports and folders of their own, so npm test runs beside npm start', () => {
    const dev = resolveSettings('dev', { SUIVI_HOME: '/srv/suivi' });
    const test = resolveSettings('test', { SUIVI_HOME: '/srv/suivi' });
    const e2e = resolveSettings('e2e', { SUIVI_HOME: '/srv/suivi' });
    const all = profiles.flatMap((p) => Object.values(resolveSettings(p, { SUIVI_HOME: '/srv/suivi' }).ports));
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
