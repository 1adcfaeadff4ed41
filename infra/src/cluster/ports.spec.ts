import { profiles, resolveSettings } from '../settings';
import { clusterListeners, clusterPorts, MAX_MEMBERSHIP_PORT } from './ports';

describe('cluster profile ports', () => {
  const settings = resolveSettings('cluster', { SUIVI_HOME: '/srv/suivi' });

  it('offsets the dev ports by 15000, so every port stays below 32768', () => {
    expect(settings.ports).toEqual({
      api: 18000,
      temporal: 22233,
      temporalUi: 23233,
      kafka: 24092,
      kafkaController: 24093,
      postgres: 20433,
      projectorMetrics: 24464,
      smtp: 16025,
      mailpitUi: 23025,
    });
    expect(settings.dataDir).toBe('/srv/suivi/cluster/data');
    expect(settings.runDir).toBe('/srv/suivi/cluster/run');
  });

  it('derives two API replicas behind HAProxy, two projector metrics ports, three brokers', () => {
    const ports = clusterPorts(settings.ports);
    expect(ports.apiPublic).toBe(18000);
    expect(ports.apiReplicas).toEqual([18001, 18002]);
    expect(ports.haproxyStats).toBe(18010);
    expect(ports.projectorMetrics).toEqual([24464, 24465]);
    expect(ports.kafka).toEqual([
      { nodeId: 1, broker: 24092, controller: 24093 },
      { nodeId: 2, broker: 24094, controller: 24095 },
      { nodeId: 3, broker: 24096, controller: 24097 },
    ]);
  });

  it('runs frontend, two history processes, matching and worker, with membership ports below 32768', () => {
    const temporal = clusterPorts(settings.ports).temporal;
    expect(temporal.map((p) => [p.name, p.role, p.grpc, p.membership])).toEqual([
      ['frontend', 'frontend', 22233, 21933],
      ['history-1', 'history', 22234, 21934],
      ['matching', 'matching', 22235, 21935],
      ['history-2', 'history', 22236, 21936],
      ['worker', 'worker', 22239, 21939],
    ]);
    expect(temporal.find((p) => p.role === 'frontend')?.http).toBe(22243);
    for (const p of temporal) expect(p.membership).toBeLessThanOrEqual(MAX_MEMBERSHIP_PORT);
  });

  it('refuses a Temporal port whose membership ports would not fit in a smallint', () => {
    expect(() => clusterPorts({ ...settings.ports, temporal: 40000 })).toThrow(
      /smallint.*CLUSTER_TEMPORAL_PORT 40000 .*between 301 and 33061/,
    );
    expect(() => clusterPorts({ ...settings.ports, temporal: 33061 })).not.toThrow();
    expect(() => clusterPorts({ ...settings.ports, temporal: 33062 })).toThrow(/gives 32768/);
    expect(() => clusterPorts({ ...settings.ports, temporal: 300 })).toThrow(/gives 0/);
  });

  it('listens on distinct ports, none used by another profile', () => {
    const cluster = clusterListeners(settings).map((l) => l.port);
    expect(new Set(cluster).size).toBe(cluster.length);
    const others = profiles
      .filter((p) => p !== 'cluster')
      .flatMap((p) => Object.values(resolveSettings(p, { SUIVI_HOME: '/srv/suivi' }).ports));
    expect(cluster.filter((port) => others.includes(port))).toEqual([]);
    expect(Math.max(...cluster)).toBeLessThan(32768);
  });

  it('follows the CLUSTER_ overrides', () => {
    const moved = resolveSettings('cluster', { CLUSTER_API_PORT: '18100', CLUSTER_KAFKA_PORT: '24192' });
    const ports = clusterPorts(moved.ports);
    expect(ports.apiReplicas).toEqual([18101, 18102]);
    // Listener and controller no longer adjacent: the brokers take consecutive ports of each.
    expect(ports.kafka.map((b) => [b.broker, b.controller])).toEqual([
      [24192, 24093],
      [24193, 24094],
      [24194, 24095],
    ]);
  });
});

describe('what differs between app replicas', () => {
  // Imported here so that the pure port tests above do not load the launcher's process code.
  const { replicaEnvironment } = jest.requireActual<typeof import('./stack')>('./stack');
  const settings = resolveSettings('cluster', {});

  it('gives each API replica its port behind HAProxy, each projector its metrics port, each a Kafka client id', () => {
    expect(replicaEnvironment(settings, 'api', 2)).toEqual({ KAFKA_CLIENT_ID: 'suivi-api-2', API_PORT: '18002' });
    expect(replicaEnvironment(settings, 'projector', 1)).toEqual({
      KAFKA_CLIENT_ID: 'suivi-projector-1',
      PROJECTOR_METRICS_PORT: '24464',
    });
    // Same task queue, same consumer group: only the client id tells the worker replicas apart.
    expect(replicaEnvironment(settings, 'worker', 2)).toEqual({ KAFKA_CLIENT_ID: 'suivi-worker-2' });
  });
});
