import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { withProgress } from '../console';
import { ManagedProcess, pidFileFor, run } from '../processes';
import { repoRoot, type StackSettings } from '../settings';
import { clusterPorts } from './ports';

export const haproxyPackagesFile = join(repoRoot, 'infra', 'debian', 'haproxy.packages');

/** The `package=version` lines of the pin file (comments and blank lines skipped); haproxy first. */
export function readDebianPins(file: string): Array<{ name: string; version: string }> {
  const pins = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = line.match(/^([a-z0-9][a-z0-9.+-]+)=(\S+)$/);
      if (!match) throw new Error(`${file}: expected package=version, got "${line}"`);
      return { name: match[1] as string, version: match[2] as string };
    });
  if (pins[0]?.name !== 'haproxy') throw new Error(`${file} must name haproxy=<version> first`);
  return pins;
}

export interface HaproxyTools {
  haproxy: string;
  /** LD_LIBRARY_PATH for the libraries unpacked beside it. */
  libraryPath: string;
}

/** The library folders of an unpacked package tree (usr/lib/<triplet>, lib/<triplet>, ...). */
function libraryDirs(root: string): string[] {
  const dirs: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (!existsSync(dir) || depth > 3) return;
    const entries = readdirSync(dir);
    if (entries.some((e) => /\.so(\.|$)/.test(e))) dirs.push(dir);
    for (const entry of entries) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path, depth + 1);
    }
  };
  visit(join(root, 'usr', 'lib'), 0);
  visit(join(root, 'lib'), 0);
  return dirs;
}

/**
 * HAProxy from Debian without root: `apt-get download` (needs only the package lists, never
 * root) into a temporary folder, `dpkg-deb -x` of each package into the tool's folder, then
 * `ldd` must find every shared library (from the system or the unpacked ones).
 */
export async function ensureHaproxy(toolsDir: string): Promise<HaproxyTools> {
  const pins = readDebianPins(haproxyPackagesFile);
  const fingerprint = createHash('sha256').update(readFileSync(haproxyPackagesFile)).digest('hex').slice(0, 12);
  const upstream = (pins[0]?.version ?? '').replace(/-[^-]*$/, '');
  const home = join(toolsDir, `haproxy-${upstream}-${fingerprint}`);
  const root = join(home, 'root');
  const haproxy = join(root, 'usr', 'sbin', 'haproxy');
  const stamp = join(home, '.installed');
  if (existsSync(stamp) && existsSync(haproxy)) {
    return { haproxy, libraryPath: readFileSync(stamp, 'utf8').split('\n')[0] as string };
  }
  let libraryPath = '';
  await withProgress(`Installing HAProxy ${pins[0]?.version} (Debian package, apt-get download)`, async () => {
    rmSync(home, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const downloads = mkdtempSync(join(toolsDir, '.haproxy-download-'));
    try {
      try {
        await run('apt-get', ['download', ...pins.map((p) => `${p.name}=${p.version}`)], { cwd: downloads });
      } catch (error) {
        throw new Error(
          `apt-get download of ${pins.map((p) => `${p.name}=${p.version}`).join(' ')} failed. The package lists ` +
            `may be missing or older than the pins (run apt-get update as root), or Debian replaced a version ` +
            `(update ${haproxyPackagesFile} to what apt-cache policy haproxy shows).\n` +
            (error instanceof Error ? error.message : String(error)),
        );
      }
      for (const deb of readdirSync(downloads).filter((f) => f.endsWith('.deb'))) {
        await run('dpkg-deb', ['-x', join(downloads, deb), root], { cwd: downloads });
      }
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }
    libraryPath = libraryDirs(root).join(':');
    const env = { ...process.env, LD_LIBRARY_PATH: libraryPath };
    const missing = (await run('ldd', [haproxy], { cwd: home, env }))
      .split('\n')
      .filter((line) => line.includes('not found'))
      .map((line) => line.trim());
    if (missing.length) {
      throw new Error(`HAProxy needs libraries that are neither installed nor pinned: ${missing.join('; ')}`);
    }
    await run(haproxy, ['-v'], { cwd: home, env });
    writeFileSync(stamp, `${libraryPath}\n${pins.map((p) => `${p.name}=${p.version}`).join('\n')}\n`);
  });
  return { haproxy, libraryPath };
}

/**
 * HAProxy's configuration: the public API port balanced round-robin over the API replicas, each
 * checked on GET /health/ready every 2 s (out after 2 failures, back after 2 successes); a request
 * whose connection to a replica fails is retried on the other one. A statistics page and a
 * health URL of HAProxy itself on a port of their own.
 */
export function haproxyConfig(input: { publicPort: number; statsPort: number; replicas: readonly number[] }): string {
  return [
    '# Written by infra/src/cluster/haproxy.ts at every start of the cluster profile; edit that file, not this one.',
    'global',
    '  log stdout format raw local0 notice',
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  log global',
    '  option dontlognull',
    '  timeout connect 2s',
    '  timeout client 65s',
    '  timeout server 65s',
    '  timeout http-request 10s',
    '  timeout queue 10s',
    '  retries 2',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response',
    '',
    'frontend api',
    `  bind 127.0.0.1:${input.publicPort}`,
    '  option forwardfor',
    '  default_backend api_replicas',
    '',
    'backend api_replicas',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    '  default-server inter 2s fall 2 rise 2',
    ...input.replicas.map((port, i) => `  server api-${i + 1} 127.0.0.1:${port} check`),
    '',
    'frontend stats',
    `  bind 127.0.0.1:${input.statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '  stats refresh 5s',
    '  monitor-uri /healthz',
    '',
  ].join('\n');
}

export function startHaproxy(settings: StackSettings, tools: HaproxyTools): ManagedProcess {
  const dir = join(settings.dataDir, 'haproxy');
  mkdirSync(dir, { recursive: true });
  const ports = clusterPorts(settings.ports);
  const configFile = join(dir, 'haproxy.cfg');
  writeFileSync(
    configFile,
    haproxyConfig({ publicPort: ports.apiPublic, statsPort: ports.haproxyStats, replicas: ports.apiReplicas }),
  );
  return ManagedProcess.start({
    name: 'haproxy',
    command: tools.haproxy,
    // -db: foreground, logs to stdout (our log file). -W would add a master process: not needed.
    args: ['-db', '-f', configFile],
    cwd: dir,
    env: { ...process.env, LD_LIBRARY_PATH: tools.libraryPath },
    logFile: join(settings.logsDir, 'haproxy.log'),
    pidFile: pidFileFor(settings.runDir, 'haproxy'),
  });
}
