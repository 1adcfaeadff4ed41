import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { withProgress } from '../console';
import { ManagedProcess, pidFileFor, run, waitUntil } from '../processes';
import { searchAttributes, temporalAddress } from '../servers/temporal';
import type { StackSettings } from '../settings';
import type { TemporalServerTools, Tools } from '../tools';
import { clusterPorts, type TemporalProcessPorts } from './ports';
import {
  sqlToolArgs,
  TEMPORAL_DATABASES,
  temporalDynamicConfig,
  temporalServerConfig,
  temporalUiConfig,
  toYaml,
  type TemporalDatabase,
} from './temporal-config';

/** Retention of closed workflows in the `suivi` namespace (the Temporal CLI's default for a new namespace). */
export const NAMESPACE_RETENTION = '72h';

/** The stack's PostgreSQL as the Temporal server sees it (user and password of DATABASE_URL). */
export function temporalDatabaseOf(databaseUrl: string): TemporalDatabase {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

const configDir = (settings: StackSettings) => join(settings.dataDir, 'temporal');

/**
 * Creates the `temporal` and `temporal_visibility` databases with the module's schema tool the
 * first time (create-database, setup-schema -v 0.0), then brings both to the module's latest
 * schema version (update-schema applies only the versions not yet applied).
 */
export async function prepareTemporalDatabases(tools: TemporalServerTools, database: TemporalDatabase): Promise<void> {
  const client = new Client({
    host: database.host,
    port: database.port,
    user: database.user,
    password: database.password,
    database: 'postgres',
  });
  await client.connect();
  let existing: string[];
  try {
    const rows = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
    existing = rows.rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
  const schemaRoot = join(tools.temporalModuleDir, 'schema', 'postgresql', 'v12');
  const env = { ...process.env, SQL_PASSWORD: database.password };
  const sql = (name: string, command: string[]) =>
    run(tools.temporalSqlTool, sqlToolArgs(database, name, command), { cwd: schemaRoot, env });
  for (const [name, folder] of [
    [TEMPORAL_DATABASES.default, 'temporal'],
    [TEMPORAL_DATABASES.visibility, 'visibility'],
  ] as const) {
    if (!existing.includes(name)) {
      await sql(name, ['create-database']);
      await sql(name, ['setup-schema', '-v', '0.0']);
    }
    await sql(name, ['update-schema', '-d', join(schemaRoot, folder, 'versioned')]);
  }
}

/**
 * Waits until the cluster's metadata is in the database: the first process of a fresh cluster
 * writes it, and processes started at the same moment race to insert it ("duplicate key value
 * violates unique constraint cluster_metadata_info_pkey") and exit. Immediate on later starts.
 */
export async function waitForClusterMetadata(database: TemporalDatabase, first: ManagedProcess): Promise<void> {
  await waitUntil(
    async () => {
      const client = new Client({ ...database, database: TEMPORAL_DATABASES.default, connectionTimeoutMillis: 2000 });
      await client.connect();
      try {
        const rows = await client.query('SELECT 1 FROM cluster_metadata_info LIMIT 1');
        if (!rows.rowCount) throw new Error('no cluster metadata yet');
      } finally {
        await client.end();
      }
    },
    {
      description: `Temporal cluster metadata (written by ${first.name})`,
      timeoutMs: 60000,
      intervalMs: 250,
      abortIf: () => (first.running ? undefined : first.describeExit()),
    },
  );
}

/** Writes the dynamic config and each process's server config (mode 600: they hold the database password). */
export function writeTemporalConfigs(settings: StackSettings, database: TemporalDatabase): Map<string, string> {
  const dir = configDir(settings);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dynamicConfigFile = join(dir, 'dynamic-config.yaml');
  writeFileSync(dynamicConfigFile, toYaml(temporalDynamicConfig()));
  const all = clusterPorts(settings.ports).temporal;
  const files = new Map<string, string>();
  for (const process of all) {
    const file = join(dir, `${process.name}.yaml`);
    const config = temporalServerConfig({
      process,
      all,
      database,
      dynamicConfigFile,
      logLevel: settings.logLevel === 'debug' ? 'info' : 'warn',
    });
    writeFileSync(file, toYaml(config), { mode: 0o600 });
    files.set(process.name, file);
  }
  return files;
}

/** One Temporal service process: `server --config-file <its file> --allow-no-auth start --service <role>`. */
export function startTemporalProcess(
  settings: StackSettings,
  tools: TemporalServerTools,
  process_: TemporalProcessPorts,
): ManagedProcess {
  const name = `temporal-${process_.name}`;
  return ManagedProcess.start({
    name,
    command: tools.temporalServer,
    args: [
      '--config-file',
      join(configDir(settings), `${process_.name}.yaml`),
      '--allow-no-auth',
      'start',
      '--service',
      process_.role,
    ],
    cwd: configDir(settings),
    env: process.env,
    logFile: join(settings.logsDir, `${name}.log`),
    pidFile: pidFileFor(settings.runDir, name),
  });
}

/**
 * Registers Suivi's namespace and search attributes with the Temporal CLI, as the dev server
 * does with its --namespace and --search-attribute options; what exists is left alone. Retried
 * until the cluster accepts them (the frontend answers before history and matching have joined).
 */
export async function registerNamespace(settings: StackSettings, tools: Tools): Promise<void> {
  const address = ['--address', temporalAddress(settings)];
  const cli = (args: string[]) =>
    run(tools.temporalCli, [...args, ...address], {
      cwd: settings.repoRoot,
      env: { ...process.env, TEMPORAL_CLI_SHOW_STACKS: '0' },
    });
  await waitUntil(
    async () => {
      try {
        await cli(['operator', 'namespace', 'describe', '--namespace', settings.namespace]);
      } catch {
        await cli([
          'operator',
          'namespace',
          'create',
          '--namespace',
          settings.namespace,
          '--retention',
          NAMESPACE_RETENTION,
        ]);
      }
      const listed = await cli(['operator', 'search-attribute', 'list', '--namespace', settings.namespace]);
      for (const [name, type] of Object.entries(searchAttributes)) {
        if (listed.includes(name)) continue;
        await cli([
          'operator',
          'search-attribute',
          'create',
          '--namespace',
          settings.namespace,
          '--name',
          name,
          '--type',
          type,
        ]);
      }
    },
    { description: `Temporal namespace ${settings.namespace} on the cluster`, timeoutMs: 120000, intervalMs: 1000 },
  );
}

/** Temporal's Web UI server (ui-server, built from its Go module), on the profile's UI port. */
export function startTemporalUi(settings: StackSettings, uiServer: string, codecEndpoint?: string): ManagedProcess {
  const root = join(settings.dataDir, 'temporal-ui');
  mkdirSync(join(root, 'config'), { recursive: true });
  const config = temporalUiConfig({
    frontend: settings.ports.temporal,
    port: settings.ports.temporalUi,
    namespace: settings.namespace,
    codecEndpoint,
  });
  writeFileSync(join(root, 'config', 'cluster.yaml'), toYaml(config));
  return ManagedProcess.start({
    name: 'temporal-ui',
    command: uiServer,
    args: ['--root', root, '--config', 'config', '--env', 'cluster', 'start'],
    cwd: root,
    env: process.env,
    logFile: join(settings.logsDir, 'temporal-ui.log'),
    pidFile: pidFileFor(settings.runDir, 'temporal-ui'),
  });
}

/** Prepares the databases (schema tool) and writes every process's config; returns the connection. */
export async function prepareTemporalCluster(
  settings: StackSettings,
  tools: TemporalServerTools,
  databaseUrl: string,
): Promise<TemporalDatabase> {
  const database = temporalDatabaseOf(databaseUrl);
  await withProgress('Preparing the Temporal databases (temporal-sql-tool)', () =>
    prepareTemporalDatabases(tools, database),
  );
  writeTemporalConfigs(settings, database);
  return database;
}
