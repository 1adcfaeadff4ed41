import type { StackSettings } from '../settings';

/** How many replicas of each app the cluster profile runs (API, worker, projector). */
export const APP_REPLICAS = 2;
/** How many Kafka brokers (each also a KRaft controller: the quorum is all three). */
export const KAFKA_BROKERS = 3;

/** Temporal's service roles; the cluster runs two history processes that share the shards. */
export type TemporalRole = 'frontend' | 'history' | 'matching' | 'worker';

export interface TemporalProcessPorts {
  /** Process name: frontend, history-1, history-2, matching, worker. */
  name: string;
  role: TemporalRole;
  grpc: number;
  /** Ringpop; stored as smallint in cluster_membership, so it must stay below 32768. */
  membership: number;
  /** Prometheus metrics of this process. */
  metrics: number;
  /** The frontend's HTTP API (frontend only). */
  http?: number;
}

export interface KafkaBrokerPorts {
  nodeId: number;
  broker: number;
  controller: number;
}

export interface ClusterPorts {
  /** HAProxy, the cluster's public API URL (the profile's API port). */
  apiPublic: number;
  /** HAProxy's statistics page (/stats) and its own health check (/healthz). */
  haproxyStats: number;
  /** One port per API replica, behind HAProxy. */
  apiReplicas: number[];
  /** One metrics port per projector replica. */
  projectorMetrics: number[];
  temporal: TemporalProcessPorts[];
  kafka: KafkaBrokerPorts[];
}

/** Membership ports are stored as smallint by Temporal's SQL persistence. */
export const MAX_MEMBERSHIP_PORT = 32767;

/**
 * Every port of the cluster, derived from the profile's ports (CLUSTER_*_PORT): the API replicas
 * follow HAProxy's port, Temporal's services follow the frontend's as the dev server's do (7233,
 * 7234 history, 7235 matching, 7239 worker), their membership ports 300 below, metrics 20 above;
 * each broker takes the next pair after the first broker's listener and controller.
 */
export function clusterPorts(ports: StackSettings['ports']): ClusterPorts {
  const t = ports.temporal;
  const temporal: TemporalProcessPorts[] = [
    { name: 'frontend', role: 'frontend', grpc: t, membership: t - 300, metrics: t + 20, http: t + 10 },
    { name: 'history-1', role: 'history', grpc: t + 1, membership: t - 299, metrics: t + 21 },
    { name: 'matching', role: 'matching', grpc: t + 2, membership: t - 298, metrics: t + 22 },
    { name: 'history-2', role: 'history', grpc: t + 3, membership: t - 297, metrics: t + 23 },
    { name: 'worker', role: 'worker', grpc: t + 6, membership: t - 294, metrics: t + 26 },
  ];
  const tooHigh = temporal.filter((p) => p.membership > MAX_MEMBERSHIP_PORT || p.membership < 1);
  const below = (extreme: (...values: number[]) => number) => t - extreme(...temporal.map((p) => p.membership));
  if (tooHigh.length) {
    throw new Error(
      `Temporal membership ports must be between 1 and ${MAX_MEMBERSHIP_PORT} (stored as smallint); ` +
        `CLUSTER_TEMPORAL_PORT ${t} gives ${tooHigh.map((p) => p.membership).join(', ')}: choose a port ` +
        `between ${1 + below(Math.min)} and ${MAX_MEMBERSHIP_PORT + below(Math.max)}`,
    );
  }
  const kafkaStep = ports.kafkaController === ports.kafka + 1 ? 2 : 1;
  return {
    apiPublic: ports.api,
    haproxyStats: ports.api + 10,
    apiReplicas: Array.from({ length: APP_REPLICAS }, (_, i) => ports.api + 1 + i),
    projectorMetrics: Array.from({ length: APP_REPLICAS }, (_, i) => ports.projectorMetrics + i),
    temporal,
    kafka: Array.from({ length: KAFKA_BROKERS }, (_, i) => ({
      nodeId: i + 1,
      broker: ports.kafka + i * kafkaStep,
      controller: ports.kafkaController + i * kafkaStep,
    })),
  };
}

/** Every port the cluster listens on, with what listens there (for the checks before starting). */
export function clusterListeners(settings: StackSettings): Array<{ port: number; what: string }> {
  const c = clusterPorts(settings.ports);
  return [
    { port: c.apiPublic, what: 'HAProxy (public API)' },
    { port: c.haproxyStats, what: 'HAProxy statistics' },
    ...c.apiReplicas.map((port, i) => ({ port, what: `API replica ${i + 1}` })),
    ...c.projectorMetrics.map((port, i) => ({ port, what: `projector ${i + 1} metrics` })),
    ...c.temporal.flatMap((p) => [
      { port: p.grpc, what: `Temporal ${p.name} gRPC` },
      { port: p.membership, what: `Temporal ${p.name} membership` },
      { port: p.metrics, what: `Temporal ${p.name} metrics` },
      ...(p.http ? [{ port: p.http, what: `Temporal ${p.name} HTTP` }] : []),
    ]),
    { port: settings.ports.temporalUi, what: 'Temporal Web UI' },
    ...c.kafka.flatMap((b) => [
      { port: b.broker, what: `Kafka broker ${b.nodeId}` },
      { port: b.controller, what: `Kafka controller ${b.nodeId}` },
    ]),
    { port: settings.ports.postgres, what: 'PostgreSQL' },
    { port: settings.ports.smtp, what: 'Mailpit SMTP' },
    { port: settings.ports.mailpitUi, what: 'Mailpit web UI' },
  ];
}
