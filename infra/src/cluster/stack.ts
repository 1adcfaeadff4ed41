import { mkdirSync } from 'node:fs';
import { say, withProgress } from '../console';
import { assertPortFree, ManagedProcess, pidFileFor, stopStaleProcess } from '../processes';
import { codecKeysFor } from '../secrets';
import { kafkaBrokers, waitForKafkaAndApplyTopics } from '../servers/kafka';
import { startMailpit, waitForMailpit } from '../servers/mailpit';
import { startEmbeddedPostgres } from '../servers/postgres';
import { temporalAddress, waitForTemporal } from '../servers/temporal';
import type { StackSettings } from '../settings';
import {
  appEnvironment,
  prepareProfileFolders,
  serverEnvironment,
  Stack,
  startAppProcess,
  waitForApiReady,
} from '../stack';
import { ensureTemporalServer, ensureTemporalUi, type TemporalServerTools, type Tools } from '../tools';
import { ensureHaproxy, startHaproxy, type HaproxyTools } from './haproxy';
import { brokerName, prepareBroker, startBroker } from './kafka';
import { APP_REPLICAS, clusterListeners, clusterPorts } from './ports';
import {
  prepareTemporalCluster,
  registerNamespace,
  startTemporalProcess,
  startTemporalUi,
  waitForClusterMetadata,
} from './temporal';

export interface ClusterTools extends TemporalServerTools, HaproxyTools {
  /** Temporal's Web UI server; undefined when its build failed (the cluster then runs without a UI). */
  temporalUi?: string;
}

/** Builds or installs what only the cluster needs (Temporal server and UI from Go, HAProxy from Debian). */
export async function ensureClusterTools(toolsDir: string): Promise<ClusterTools> {
  const [temporal, haproxy, temporalUi] = await Promise.all([
    ensureTemporalServer(toolsDir),
    ensureHaproxy(toolsDir),
    ensureTemporalUi(toolsDir).catch((error: unknown) => {
      say(`warning: no Temporal Web UI: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }),
  ]);
  return { ...temporal, ...haproxy, temporalUi };
}

/** Every process name of the cluster (pid files under run/). */
export function clusterProcessNames(settings: StackSettings): string[] {
  const ports = clusterPorts(settings.ports);
  const replicas = (app: string) => Array.from({ length: APP_REPLICAS }, (_, i) => `${app}-${i + 1}`);
  return [
    'haproxy',
    ...replicas('api'),
    ...replicas('worker'),
    ...replicas('projector'),
    'notifier',
    ...ports.kafka.map(brokerName),
    ...ports.temporal.map((p) => `temporal-${p.name}`),
    'temporal-ui',
    'postgres',
    'mailpit',
  ];
}

const appPort = (what: string) => /^(HAProxy|API replica|projector)/.test(what);

/** Clears what a killed earlier cluster launcher left running (by pid file), then checks every port. */
export async function prepareClusterPorts(settings: StackSettings, withApps: boolean): Promise<void> {
  mkdirSync(settings.runDir, { recursive: true });
  for (const name of clusterProcessNames(settings)) {
    if (await stopStaleProcess(pidFileFor(settings.runDir, name), settings.home)) {
      say(`stopped ${name} left running by an earlier launcher (pid file in ${settings.runDir})`);
    }
  }
  for (const { port, what } of clusterListeners(settings)) {
    if (!withApps && appPort(what)) continue;
    await assertPortFree(port, what, 'the CLUSTER_*_PORT variables (.env.example)');
  }
}

/**
 * Starts PostgreSQL, Mailpit, the three brokers and the five Temporal processes, each supervised,
 * and waits until the cluster accepts work: topics applied with three replicas, namespace and
 * search attributes registered.
 */
export async function startClusterServers(
  settings: StackSettings,
  tools: Tools,
  cluster: ClusterTools,
  stack: Stack,
  codecEndpoint?: string,
): Promise<void> {
  prepareProfileFolders(settings);
  const codecKeys = codecKeysFor(settings);
  const ports = clusterPorts(settings.ports);
  await withProgress('Starting PostgreSQL, Mailpit, 3 Kafka brokers and 5 Temporal processes', async () => {
    const mailpit = startMailpit(settings, tools);
    stack.addSupervised('mailpit', mailpit, async () => startMailpit(settings, tools), 10000);
    const kafka = (async () => {
      for (const broker of ports.kafka) await prepareBroker(settings, tools, broker);
      const brokers = ports.kafka.map((broker) => {
        const started = startBroker(settings, tools, broker);
        const restart = async () => startBroker(settings, tools, broker);
        // Stopped together: a broker stopped after the other two has no controller quorum left.
        stack.addSupervised(brokerName(broker), started, restart, 30000, 'kafka');
        return started;
      });
      return waitForKafkaAndApplyTopics(settings, brokers);
    })();
    const pg = await startEmbeddedPostgres(settings);
    if (pg.process) {
      const restart = () => startEmbeddedPostgres(settings).then((again) => again.process as ManagedProcess);
      stack.addSupervised('postgres', pg.process, restart, 30000);
    }
    const database = await prepareTemporalCluster(settings, cluster, pg.databaseUrl);
    const startOne = (p: (typeof ports.temporal)[number]) => {
      const started = startTemporalProcess(settings, cluster, p);
      const restart = async () => startTemporalProcess(settings, cluster, p);
      stack.addSupervised(`temporal-${p.name}`, started, restart, 20000, 'temporal');
      return started;
    };
    // The first process alone until the cluster metadata exists (the others would race to write it).
    const [first, ...others] = ports.temporal;
    const temporal = [startOne(first as (typeof ports.temporal)[number])];
    await waitForClusterMetadata(database, temporal[0] as ManagedProcess);
    temporal.push(...others.map(startOne));
    const exited = () => temporal.find((t) => !t.running);
    const temporalReady = registerNamespace(settings, tools)
      .catch((error: unknown) => {
        const dead = exited();
        throw dead ? new Error(dead.describeExit()) : error;
      })
      .then(() => waitForTemporal(settings));
    const [topics] = await Promise.all([kafka, temporalReady, waitForMailpit(settings, mailpit)]);
    if (topics.created.length) say(`created Kafka topics (3 replicas): ${topics.created.join(', ')}`);
    if (topics.reconfigured.length) say(`re-applied Kafka topic configuration: ${topics.reconfigured.join(', ')}`);
    if (cluster.temporalUi) {
      const ui = cluster.temporalUi;
      const started = startTemporalUi(settings, ui, codecEndpoint);
      stack.addSupervised('temporal-ui', started, async () => startTemporalUi(settings, ui, codecEndpoint), 10000);
    }
    stack.env = serverEnvironment(settings, codecKeys, pg.databaseUrl);
  });
}

/** What differs between replicas of one app: the API's port, the projector's metrics port, the Kafka client id. */
export function replicaEnvironment(settings: StackSettings, app: string, replica: number): NodeJS.ProcessEnv {
  const ports = clusterPorts(settings.ports);
  return {
    KAFKA_CLIENT_ID: `suivi-${app}-${replica}`,
    ...(app === 'api' && { API_PORT: String(ports.apiReplicas[replica - 1]) }),
    ...(app === 'projector' && { PROJECTOR_METRICS_PORT: String(ports.projectorMetrics[replica - 1]) }),
  };
}

/**
 * Starts two replicas of the worker, the projector and the API (one notifier), one replica of
 * each first and the second once the first API is ready (their schema migrations and generated
 * keys are then in place), then HAProxy in front of the APIs; ready when HAProxy's URL is.
 */
export async function startClusterApps(settings: StackSettings, stack: Stack, haproxy: HaproxyTools): Promise<void> {
  const base = appEnvironment(settings, stack);
  const ports = clusterPorts(settings.ports);
  await withProgress(
    `Starting ${APP_REPLICAS} replicas of worker, projector and API, a notifier, HAProxy`,
    async () => {
      const started: ManagedProcess[] = [];
      const launch = (app: string, replica?: number) => {
        const name = replica ? `${app}-${replica}` : app;
        const env = { ...base, ...(replica ? replicaEnvironment(settings, app, replica) : {}) };
        const start = () => startAppProcess(settings, app, env, name);
        const process = start();
        started.push(process);
        stack.addSupervised(name, process, async () => start(), 15000);
      };
      for (let replica = 1; replica <= APP_REPLICAS; replica++) {
        for (const app of ['worker', 'projector']) launch(app, replica);
        if (replica === 1) launch('notifier');
        launch('api', replica);
        await waitForApiReady(ports.apiReplicas[replica - 1] as number, started, `API replica ${replica}`);
      }
      const proxy = startHaproxy(settings, haproxy);
      stack.addSupervised('haproxy', proxy, async () => startHaproxy(settings, haproxy), 5000);
      await waitForApiReady(ports.apiPublic, [...started, proxy], 'HAProxy (public API)');
    },
  );
}

/** Builds or installs everything, then starts the cluster (and its apps, with `buildApps` run meanwhile). */
export async function startCluster(
  settings: StackSettings,
  stack: Stack,
  withApps: boolean,
  ensureTools: (dir: string) => Promise<Tools>,
  buildApps: (settings: StackSettings) => Promise<void>,
): Promise<Tools & ClusterTools> {
  await prepareClusterPorts(settings, withApps);
  const [tools, cluster] = await Promise.all([ensureTools(settings.toolsDir), ensureClusterTools(settings.toolsDir)]);
  const codecEndpoint = withApps ? `http://127.0.0.1:${settings.ports.api}/codec` : undefined;
  await Promise.all([
    startClusterServers(settings, tools, cluster, stack, codecEndpoint),
    withApps ? buildApps(settings) : undefined,
  ]);
  if (withApps && !stack.shuttingDown) await startClusterApps(settings, stack, cluster);
  return { ...tools, ...cluster };
}

/** The lines `npm run stack:cluster` prints once ready. */
export function clusterReadyLines(settings: StackSettings, withApps: boolean, cluster: ClusterTools): string[] {
  const ports = clusterPorts(settings.ports);
  const { api, temporalUi, postgres, smtp, mailpitUi } = settings.ports;
  const list = (values: number[]) => values.join(', ');
  return [
    ...(withApps
      ? [
          `  Web app        http://127.0.0.1:${api}/  (HAProxy; sign in as a demo user)`,
          `  API            http://127.0.0.1:${api}/v1  (HAProxy over replicas on ${list(ports.apiReplicas)})`,
          `  API docs       http://127.0.0.1:${api}/docs`,
          `  Readiness      http://127.0.0.1:${api}/health/ready`,
          `  HAProxy stats  http://127.0.0.1:${ports.haproxyStats}/stats`,
          `  Projectors     metrics on ${list(ports.projectorMetrics)} (/metrics)`,
        ]
      : []),
    `  Temporal       ${temporalAddress(settings)} (frontend; history ${list(
      ports.temporal.filter((p) => p.role === 'history').map((p) => p.grpc),
    )}, matching ${ports.temporal.find((p) => p.role === 'matching')?.grpc}, worker ${
      ports.temporal.find((p) => p.role === 'worker')?.grpc
    })`,
    cluster.temporalUi
      ? `  Temporal UI    http://127.0.0.1:${temporalUi}/namespaces/${settings.namespace}/workflows`
      : '  Temporal UI    (not built: see the warning above)',
    `  Kafka          ${kafkaBrokers(settings)} (3 brokers, replication 3, min.insync.replicas 2)`,
    `  PostgreSQL     127.0.0.1:${postgres}`,
    `  Mail (Mailpit) http://127.0.0.1:${mailpitUi}/  (SMTP 127.0.0.1:${smtp})`,
  ];
}
