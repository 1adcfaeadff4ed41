import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureMailpit,
  GO_MISSING,
  goBinaryName,
  goToolPaths,
  mailpitPinFile,
  readGoPin,
  readGoPins,
  temporalServerPinFile,
  temporalUiPinFile,
} from './tools';

describe('tools built from Go modules (Mailpit)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'suivi-tools-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pin = (text: string) => {
    const file = join(dir, 'tool.version');
    writeFileSync(file, text);
    return file;
  };

  it('pins Mailpit v1.33.1 in infra/go/mailpit.version', () => {
    expect(readGoPin(mailpitPinFile)).toEqual({
      module: 'github.com/axllent/mailpit',
      version: 'v1.33.1',
      spec: 'github.com/axllent/mailpit@v1.33.1',
    });
  });

  it('pins the Temporal server and its SQL tool at v1.32.0 (v1.32.2 needs a newer Go), built by one go install', () => {
    const pins = readGoPins(temporalServerPinFile);
    expect(pins.map((p) => p.spec)).toEqual([
      'go.temporal.io/server/cmd/server@v1.32.0',
      'go.temporal.io/server/cmd/tools/sql@v1.32.0',
    ]);
    expect(pins.map(goBinaryName)).toEqual(['server', 'sql']);
    expect(readGoPin(temporalUiPinFile).spec).toBe('github.com/temporalio/ui-server/v2/cmd/server@v2.54.1');
  });

  it('refuses a pin file whose packages name different versions', () => {
    expect(() => readGoPins(pin('example.org/a/cmd/x@v1.0.0\nexample.org/a/cmd/y@v1.0.1\n'))).toThrow(
      /several versions \(v1\.0\.0, v1\.0\.1\)/,
    );
    expect(() => readGoPins(pin('# nothing\n'))).toThrow(/got nothing/);
  });

  it('reads the first line that is not a comment, and refuses anything but module@version', () => {
    expect(readGoPin(pin('# comment\n\n  example.org/tool@v2.0.1  \n')).spec).toBe('example.org/tool@v2.0.1');
    expect(() => readGoPin(pin('# only a comment\n'))).toThrow(/module@vX\.Y\.Z \(got nothing\)/);
    expect(() => readGoPin(pin('example.org/tool@latest\n'))).toThrow(/got example\.org\/tool@latest/);
  });

  it('installs under <tools>/<name>-<fingerprint of the pin file>, so a new pin installs beside the old one', () => {
    const file = pin('example.org/mailpit@v1.33.1\n');
    const first = goToolPaths('/srv/suivi/tools', 'mailpit', file);
    expect(first.home).toMatch(/^\/srv\/suivi\/tools\/mailpit-[0-9a-f]{12}$/);
    expect(first.binary).toBe(join(first.home, 'bin', 'mailpit'));
    expect(first.stamp).toBe(join(first.home, '.installed'));
    expect(goToolPaths('/srv/suivi/tools', 'mailpit', file)).toEqual(first);

    writeFileSync(file, 'example.org/mailpit@v1.34.0\n');
    const second = goToolPaths('/srv/suivi/tools', 'mailpit', file);
    expect(second.home).not.toBe(first.home);
    expect(second.home).toMatch(/^\/srv\/suivi\/tools\/mailpit-[0-9a-f]{12}$/);
  });

  it('keeps the Go caches in the tools folder, shared by every Go-built tool and every pin', () => {
    const a = goToolPaths('/srv/suivi/tools', 'mailpit', pin('example.org/a@v1.0.0\n'));
    const b = goToolPaths('/srv/suivi/tools', 'other', pin('example.org/b@v1.0.0\n'));
    expect(a.goModCache).toBe('/srv/suivi/tools/go-cache/mod');
    expect(a.goBuildCache).toBe('/srv/suivi/tools/go-cache/build');
    expect([b.goModCache, b.goBuildCache]).toEqual([a.goModCache, a.goBuildCache]);
  });

  it('says exactly what to install when go is missing', async () => {
    expect(GO_MISSING).toContain('Go 1.26 or newer');
    expect(GO_MISSING).toContain('https://go.dev/dl/');
    expect(GO_MISSING).toContain('apt-get install golang-go');
    const path = process.env['PATH'];
    process.env['PATH'] = join(dir, 'no-go-here');
    try {
      await expect(ensureMailpit(join(dir, 'tools'))).rejects.toThrow(GO_MISSING);
    } finally {
      process.env['PATH'] = path;
    }
  });
});
