import { parse } from 'yaml';
import { resolveSettings } from '../settings';
import { clusterPorts } from './ports';
import {
  NUM_HISTORY_SHARDS,
  sqlToolArgs,
  temporalDynamicConfig,
  temporalServerConfig,
  temporalUiConfig,
  toYaml,
} from './temporal-config';

describe('Temporal server configuration of the cluster', () => {
  const all = clusterPorts(resolveSettings('cluster', {}).ports).temporal;
  const database = { host: '127.0.0.1', port: 20433, user: 'suivi', password: 's3cret: "quoted"' };
  const configOf = (name: string) =>
    temporalServerConfig({
      process: all.find((p) => p.name === name) as (typeof all)[number],
      all,
      database,
      dynamicConfigFile: '/srv/dc.yaml',
      logLevel: 'warn',
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('keeps persistence and visibility on the stack PostgreSQL (postgres12 plugin)', () => {
    const persistence = configOf('frontend')['persistence'];
    expect(persistence.numHistoryShards).toBe(NUM_HISTORY_SHARDS);
    expect(persistence.defaultStore).toBe('postgres-default');
    expect(persistence.visibilityStore).toBe('postgres-visibility');
    expect(persistence.datastores['postgres-default'].sql).toMatchObject({
      pluginName: 'postgres12',
      databaseName: 'temporal',
      connectAddr: '127.0.0.1:20433',
      user: 'suivi',
      password: database.password,
    });
    expect(persistence.datastores['postgres-visibility'].sql.databaseName).toBe('temporal_visibility');
  });

  it("names every service, its own role's section with its own ports", () => {
    const first = configOf('history-1');
    const second = configOf('history-2');
    expect(Object.keys(first['services']).sort()).toEqual(['frontend', 'history', 'matching', 'worker']);
    expect(first['services'].history.rpc).toEqual({
      grpcPort: 22234,
      membershipPort: 21934,
      bindOnLocalHost: true,
    });
    expect(second['services'].history.rpc).toMatchObject({ grpcPort: 22236, membershipPort: 21936 });
    expect(second['services'].frontend).toEqual(first['services'].frontend);
    expect(first['services'].frontend.rpc.httpPort).toBe(22243);
    // The rest is the same file, but for the metrics port.
    const without = (config: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'services' && key !== 'global'));
    expect(without(first)).toEqual(without(second));
    expect(first['global'].metrics.prometheus.listenAddress).toBe('127.0.0.1:22254');
    expect(second['global'].metrics.prometheus.listenAddress).toBe('127.0.0.1:22256');
    expect(first['global'].membership).toEqual(second['global'].membership);
  });

  it('points the cluster metadata at the frontend, keeps archival off, reads the dynamic config file', () => {
    const config = configOf('worker');
    expect(config['clusterMetadata'].clusterInformation.active.rpcAddress).toBe('127.0.0.1:22233');
    expect(config['global'].membership.broadcastAddress).toBe('127.0.0.1');
    expect(config['archival']).toEqual({ history: { state: 'disabled' }, visibility: { state: 'disabled' } });
    expect(config['dynamicConfigClient']).toEqual({ filepath: '/srv/dc.yaml', pollInterval: '10s' });
  });

  it('writes YAML that reads back to the same object, password quoting included', () => {
    const config = configOf('matching');
    const text = toYaml(config);
    expect(text.startsWith('# Written by infra/src/cluster')).toBe(true);
    expect(parse(text)).toEqual(config);
  });

  it('answers idle polls every 10 s, as the dev server does (readiness, ADR 0015)', () => {
    expect(temporalDynamicConfig()['matching.longPollExpirationInterval']).toEqual([{ value: '10s', constraints: {} }]);
  });

  it('runs the schema tool without the password on its command line', () => {
    const args = sqlToolArgs(database, 'temporal_visibility', ['setup-schema', '-v', '0.0']);
    expect(args).toEqual([
      '--plugin',
      'postgres12',
      '--endpoint',
      '127.0.0.1',
      '--port',
      '20433',
      '--user',
      'suivi',
      '--database',
      'temporal_visibility',
      'setup-schema',
      '-v',
      '0.0',
    ]);
    expect(args.join(' ')).not.toContain('s3cret');
  });

  it('points the Web UI at the frontend, with the codec endpoint', () => {
    expect(
      temporalUiConfig({ frontend: 22233, port: 23233, namespace: 'suivi', codecEndpoint: 'http://x/codec' }),
    ).toMatchObject({
      temporalGrpcAddress: '127.0.0.1:22233',
      port: 23233,
      defaultNamespace: 'suivi',
      codec: { endpoint: 'http://x/codec' },
    });
  });
});
