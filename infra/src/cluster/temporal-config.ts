import { stringify } from 'yaml';
import { DEV_SERVER_LONG_POLL_SECONDS } from '../servers/temporal';
import type { TemporalProcessPorts } from './ports';

/**
 * History shards of the cluster's Temporal server: fixed when the database is first set up
 * (changing it needs a new database), shared by the two history processes (4 each).
 */
export const NUM_HISTORY_SHARDS = 8;

export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

export interface TemporalDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface TemporalConfigInput {
  /** The process this file is for: its service section carries its own ports. */
  process: TemporalProcessPorts;
  /** All the cluster's Temporal processes (the first of each role names that role's ports for the others). */
  all: readonly TemporalProcessPorts[];
  database: TemporalDatabase;
  dynamicConfigFile: string;
  logLevel: string;
}

const rpcOf = (p: TemporalProcessPorts) => ({
  grpcPort: p.grpc,
  membershipPort: p.membership,
  bindOnLocalHost: true,
  ...(p.http ? { httpPort: p.http } : {}),
});

const datastore = (db: TemporalDatabase, databaseName: string, maxConns: number) => ({
  sql: {
    pluginName: 'postgres12',
    databaseName,
    connectAddr: `${db.host}:${db.port}`,
    connectProtocol: 'tcp',
    user: db.user,
    password: db.password,
    maxConns,
    maxIdleConns: maxConns,
    maxConnLifetime: '1h',
  },
});

/**
 * The server configuration of one Temporal process, in the shape of the module's
 * config/development-postgres12.yaml: persistence and visibility on the stack's PostgreSQL,
 * membership on 127.0.0.1 (peers find each other through the cluster_membership table), its own
 * metrics port, archival off. Every process names every service (the server reads the frontend's
 * HTTP port from any of them); its own role's section carries its own ports, so the second history
 * process differs from the first only there.
 */
export function temporalServerConfig(input: TemporalConfigInput): Record<string, unknown> {
  const { process: own, all, database } = input;
  const roles = ['frontend', 'history', 'matching', 'worker'] as const;
  const services = Object.fromEntries(
    roles.map((role) => {
      const p = own.role === role ? own : all.find((candidate) => candidate.role === role);
      if (!p) throw new Error(`no Temporal ${role} process in the cluster`);
      return [role, { rpc: rpcOf(p) }];
    }),
  );
  const frontend = all.find((p) => p.role === 'frontend') as TemporalProcessPorts;
  return {
    log: { stdout: true, level: input.logLevel, format: 'json' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: NUM_HISTORY_SHARDS,
      datastores: {
        'postgres-default': datastore(database, TEMPORAL_DATABASES.default, 20),
        'postgres-visibility': datastore(database, TEMPORAL_DATABASES.visibility, 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${own.metrics}` },
      },
    },
    services,
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${frontend.grpc}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * Dynamic configuration of the cluster: idle task-queue polls answered every
 * DEV_SERVER_LONG_POLL_SECONDS as on the dev server, so the API's readiness tells a dead worker
 * from an idle one as quickly (ADR 0015); the development config's ID length limit.
 */
export function temporalDynamicConfig(): Record<string, unknown> {
  return {
    'matching.longPollExpirationInterval': [{ value: `${DEV_SERVER_LONG_POLL_SECONDS}s`, constraints: {} }],
    'limit.maxIDLength': [{ value: 255, constraints: {} }],
  };
}

const header = '# Written by infra/src/cluster at every start of the cluster profile; edit that code, not this file.\n';

export const toYaml = (value: Record<string, unknown>): string => header + stringify(value, { lineWidth: 0 });

/**
 * Arguments of the schema tool (temporal-sql-tool) against one database of the stack's PostgreSQL;
 * the password goes in its environment (SQL_PASSWORD), never on a command line.
 */
export function sqlToolArgs(database: TemporalDatabase, databaseName: string, command: string[]): string[] {
  return [
    '--plugin',
    'postgres12',
    '--endpoint',
    database.host,
    '--port',
    String(database.port),
    '--user',
    database.user,
    '--database',
    databaseName,
    ...command,
  ];
}

/** The Web UI server's configuration (ui-server's config/development.yaml shape). */
export function temporalUiConfig(input: {
  frontend: number;
  port: number;
  namespace: string;
  codecEndpoint?: string;
}): Record<string, unknown> {
  return {
    temporalGrpcAddress: `127.0.0.1:${input.frontend}`,
    host: '127.0.0.1',
    port: input.port,
    enableUi: true,
    defaultNamespace: input.namespace,
    disableNewsFetch: true,
    refreshInterval: '1m',
    cors: { cookieInsecure: true, allowOrigins: [`http://127.0.0.1:${input.port}`, `http://localhost:${input.port}`] },
    auth: { enabled: false },
    codec: input.codecEndpoint ? { endpoint: input.codecEndpoint } : {},
  };
}
