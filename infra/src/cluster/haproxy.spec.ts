import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haproxyConfig, haproxyPackagesFile, readDebianPins } from './haproxy';

describe('HAProxy in front of the API replicas', () => {
  const config = haproxyConfig({ publicPort: 18000, statsPort: 18010, replicas: [18001, 18002] });

  it('balances the public port over every replica, each checked on /health/ready', () => {
    expect(config).toContain('bind 127.0.0.1:18000');
    expect(config).toContain('option httpchk GET /health/ready');
    expect(config).toContain('http-check expect status 200');
    expect(config).toContain('server api-1 127.0.0.1:18001 check');
    expect(config).toContain('server api-2 127.0.0.1:18002 check');
  });

  it('retries a request whose replica refused the connection on the other one', () => {
    expect(config).toMatch(/retry-on conn-failure/);
    expect(config).toMatch(/option redispatch/);
  });

  it('serves its statistics and its own health on a port of their own', () => {
    expect(config).toContain('bind 127.0.0.1:18010');
    expect(config).toContain('stats uri /stats');
    expect(config).toContain('monitor-uri /healthz');
  });

  it('pins haproxy and the libraries Debian 12 lacks, by exact version', () => {
    const pins = readDebianPins(haproxyPackagesFile);
    expect(pins[0]).toEqual({ name: 'haproxy', version: '2.6.12-1+deb12u4' });
    expect(pins.map((p) => p.name)).toEqual(['haproxy', 'liblua5.3-0', 'libopentracing-c-wrapper0', 'libopentracing1']);
  });

  it('refuses a pin file that is not package=version lines, haproxy first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suivi-haproxy-'));
    try {
      const file = join(dir, 'pins');
      writeFileSync(file, '# c\nhaproxy\n');
      expect(() => readDebianPins(file)).toThrow(/expected package=version, got "haproxy"/);
      writeFileSync(file, 'liblua5.3-0=5.3.6-2\nhaproxy=2.6.12-1\n');
      expect(() => readDebianPins(file)).toThrow(/haproxy=<version> first/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
