import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { say, withProgress } from './console';
import { assertPortFree, ManagedProcess, pidFileFor, run, stopStaleProcess, waitUntil } from './processes';
import { RestartPolicy, Supervisor } from './supervisor';
import { calendarFeedSecretFor, caseMasterKeysFor, codecKeysFor, devIssuerDirFor, unsubscribeKeyFor } from './secrets';
import { kafkaBrokers, startKafka, waitForKafkaAndApplyTopics } from './servers/kafka';
import { mailEnvironment, startMailpit, waitForMailpit } from './servers/mailpit';
import { checkExternalPostgres, startEmbeddedPostgres } from './servers/postgres';
import { DEV_SERVER_LONG_POLL_SECONDS, startTemporal, temporalAddress, waitForTemporal } from './servers/temporal';
import type { StackSettings } from './settings';
import type { Tools } from './tools';

/** Something started that must be stopped, newest first. */
interface Stoppable {
  name: string;
  stop(): Promise<void>;
  /**
   * Items of one group added one after the other are stopped together (the cluster's Kafka
   * brokers: one stopped alone after the others has lost its controller quorum and waits).
   */
  group?: string;
}

/** A process the stack restarts when it exits unexpectedly, once the stack is ready. */
interface SupervisedEntry {
  name: string;
  process: ManagedProcess;
  restart: () => Promise<ManagedProcess>;
  graceMs: number;
  supervisor?: Supervisor<ManagedProcess>;
}

/**
 * The processes one launcher started. Shutdown stops them in reverse order (apps
 * before the servers they use), each by its own pid, and is safe to call twice.
 */
export class Stack {
  private readonly started: Stoppable[] = [];
  private readonly supervised: SupervisedEntry[] = [];
  private stopping: Promise<void> | undefined;
  private reportFailure!: (message: string) => void;
  /** Resolves with the reason when a supervised process is in a crash loop: the stack must stop. */
  readonly failed = new Promise<string>((resolveFailure) => (this.reportFailure = resolveFailure));
  env: Record<string, string> = {};

  add(item: Stoppable): void {
    this.started.push(item);
    // Started while a shutdown was under way (a signal during start-up): stop it too.
    if (this.stopping) this.stopping = this.stopping.then(() => this.drain());
  }

  /**
   * Adds a process that `supervise()` will restart (with `restart`, same command line) when it
   * exits unexpectedly; stopping the stack stops it for good.
   */
  addSupervised(
    name: string,
    process: ManagedProcess,
    restart: () => Promise<ManagedProcess>,
    graceMs: number,
    group?: string,
  ): void {
    const entry: SupervisedEntry = { name, process, restart, graceMs };
    this.supervised.push(entry);
    this.add({
      name,
      group,
      stop: () => (entry.supervisor ? entry.supervisor.stop(graceMs) : entry.process.stop(graceMs)),
    });
  }

  /**
   * Starts watching every supervised process (called once the stack is ready: during start-up
   * an exit fails the start instead, with the process's log). Restarts and the crash loop that
   * stops the stack are reported through `log`.
   */
  supervise(log: (message: string) => void, policy: () => RestartPolicy = () => new RestartPolicy()): void {
    for (const entry of this.supervised) {
      if (entry.supervisor || this.shuttingDown) continue;
      entry.supervisor = new Supervisor({
        process: entry.process,
        restart: entry.restart,
        policy: policy(),
        stopGraceMs: entry.graceMs,
        shuttingDown: () => this.shuttingDown,
        log,
        giveUp: (message) => this.reportFailure(message),
      });
    }
  }

  get shuttingDown(): boolean {
    return this.stopping !== undefined;
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  private async drain(): Promise<void> {
    for (let item = this.started.pop(); item; item = this.started.pop()) {
      const together = [item];
      while (item.group && this.started.at(-1)?.group === item.group) together.push(this.started.pop() as Stoppable);
      await Promise.all(
        together.map(async (one) => {
          try {
            await one.stop();
            say(`stopped ${one.name}`);
          } catch (error) {
            say(`could not stop ${one.name}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }),
      );
    }
  }
}

const portVariables = (settings: StackSettings) => {
  const p = settings.profile === 'dev' ? '' : `${settings.profile.toUpperCase()}_`;
  return {
    api: `${p}API_PORT`,
    temporal: `${p}TEMPORAL_PORT`,
    temporalUi: `${p}TEMPORAL_UI_PORT`,
    kafka: `${p}KAFKA_PORT`,
    kafkaController: `${p}KAFKA_CONTROLLER_PORT`,
    postgres: `${p}POSTGRES_PORT`,
    projectorMetrics: `${p}PROJECTOR_METRICS_PORT`,
    smtp: `${p}SMTP_PORT`,
    mailpitUi: `${p}MAILPIT_UI_PORT`,
  };
};

const portLabels = {
  api: 'Suivi API',
  temporal: 'Temporal',
  temporalUi: 'Temporal Web UI',
  kafka: 'Kafka',
  kafkaController: 'Kafka controller',
  postgres: 'PostgreSQL',
  projectorMetrics: 'projector metrics',
  smtp: 'Mailpit SMTP',
  mailpitUi: 'Mailpit web UI',
};

/** Clears what a killed earlier launcher of this profile left running, then checks every port. */
export async function preparePorts(settings: StackSettings, withApps: boolean): Promise<void> {
  mkdirSync(settings.runDir, { recursive: true });
  for (const name of ['api', 'worker', 'projector', 'notifier', 'kafka', 'temporal', 'postgres', 'mailpit']) {
    if (await stopStaleProcess(pidFileFor(settings.runDir, name), settings.home)) {
      say(`stopped ${name} left running by an earlier launcher (pid file in ${settings.runDir})`);
    }
  }
  const variables = portVariables(settings);
  for (const [key, port] of Object.entries(settings.ports) as Array<[keyof typeof settings.ports, number]>) {
    if ((key === 'api' || key === 'projectorMetrics') && !withApps) continue;
    if (key === 'postgres' && settings.externalDatabaseUrl) continue;
    await assertPortFree(port, portLabels[key], variables[key]);
  }
}

/** The profile's logs and data folders, the data traversable by the "postgres" user the embedded server runs as when we are root. */
export function prepareProfileFolders(settings: StackSettings): void {
  mkdirSync(settings.logsDir, { recursive: true });
  mkdirSync(settings.dataDir, { recursive: true });
  chmodSync(settings.dataDir, 0o755);
}

/** How the apps reach the profile's servers, embedded or cluster: what stack.json's `env` holds. */
export function serverEnvironment(
  settings: StackSettings,
  codecKeys: string,
  databaseUrl: string,
): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: temporalAddress(settings),
    TEMPORAL_NAMESPACE: settings.namespace,
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    TEMPORAL_CODEC_KEYS: codecKeys,
    KAFKA_BROKERS: kafkaBrokers(settings),
    DATABASE_URL: databaseUrl,
    // SMTP_HOST, SMTP_PORT, SMTP_SECURE, MAIL_FROM, MAILPIT_API_URL: the apps send mail to Mailpit.
    ...mailEnvironment(settings),
  };
}

/** Starts Temporal, Kafka, PostgreSQL and Mailpit in parallel and waits until each is healthy. */
export async function startServers(
  settings: StackSettings,
  tools: Tools,
  stack: Stack,
  codecEndpoint?: string,
): Promise<void> {
  prepareProfileFolders(settings);
  const codecKeys = codecKeysFor(settings);
  await withProgress('Starting Temporal, Kafka, PostgreSQL and Mailpit', async () => {
    const temporal = startTemporal(settings, tools, codecEndpoint);
    stack.addSupervised('temporal', temporal, async () => startTemporal(settings, tools, codecEndpoint), 20000);
    const mailpit = startMailpit(settings, tools);
    stack.addSupervised('mailpit', mailpit, async () => startMailpit(settings, tools), 10000);
    const kafkaStarted = startKafka(settings, tools).then((kafka) => {
      stack.addSupervised('kafka', kafka, () => startKafka(settings, tools), 30000);
      return kafka;
    });
    const postgres = settings.externalDatabaseUrl
      ? checkExternalPostgres(settings.externalDatabaseUrl)
      : startEmbeddedPostgres(settings).then((pg) => {
          // A restart waits until the server accepts connections again (or counts as a failed start).
          const restart = () => startEmbeddedPostgres(settings).then((again) => again.process as ManagedProcess);
          if (pg.process) stack.addSupervised('postgres', pg.process, restart, 30000);
          else stack.add({ name: 'postgres', stop: () => pg.stop() });
          return pg;
        });
    const [, topics, pg] = await Promise.all([
      waitForTemporal(settings, temporal),
      kafkaStarted.then((kafka) => waitForKafkaAndApplyTopics(settings, kafka)),
      postgres,
      waitForMailpit(settings, mailpit),
    ]);
    if (topics.created.length) say(`created Kafka topics: ${topics.created.join(', ')}`);
    if (topics.reconfigured.length) say(`re-applied Kafka topic configuration: ${topics.reconfigured.join(', ')}`);
    stack.env = serverEnvironment(settings, codecKeys, pg.databaseUrl);
  });
}

/** Builds the apps and the workflow bundle through Nx (cached after the first time). */
export async function buildApps(settings: StackSettings): Promise<void> {
  await withProgress('Building the API, worker, projector, notifier, web app and workflow bundle (Nx)', () =>
    run(
      join(settings.repoRoot, 'node_modules', '.bin', 'nx'),
      ['run-many', '-t', 'build', '-p', 'api', 'worker', 'projector', 'notifier', 'web', '--outputStyle=static'],
      { cwd: settings.repoRoot, env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' } },
    ),
  );
}

/**
 * The individual cases' key store: a database of its own beside the main one (same server), so
 * that dumps of the main database never hold the keys (ADR 0012). The API creates it if missing.
 */
export function caseKeyStoreUrlOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  url.pathname = `/${encodeURIComponent(`${name}_keystore`)}`;
  return url.toString();
}

export function appEnvironment(settings: StackSettings, stack: Stack): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...stack.env,
    NODE_ENV: settings.profile === 'dev' ? 'development' : 'test',
    LOG_LEVEL: settings.logLevel,
    API_HOST: '127.0.0.1',
    API_PORT: String(settings.ports.api),
    PROJECTOR_METRICS_PORT: String(settings.ports.projectorMetrics),
    CODEC_ENDPOINT_ENABLED: 'true',
    CODEC_CORS_ORIGINS: `http://127.0.0.1:${settings.ports.temporalUi},http://localhost:${settings.ports.temporalUi}`,
    WORKFLOW_BUNDLE_PATH: join(settings.repoRoot, 'dist', 'workflows', 'workflow-bundle.js'),
    MIGRATIONS_DIR: join(settings.repoRoot, 'apps', 'projector', 'migrations'),
    API_MIGRATIONS_DIR: join(settings.repoRoot, 'apps', 'api', 'migrations'),
    NOTIFIER_MIGRATIONS_DIR: join(settings.repoRoot, 'apps', 'notifier', 'migrations'),
    // The notifier signs the unsubscribe links with it, the API verifies them (POST /v1/me/unsubscribe).
    NOTIFIER_UNSUBSCRIBE_KEY: unsubscribeKeyFor(settings),
    API_PUBLIC_URL: `http://127.0.0.1:${settings.ports.api}`,
    // The web app is served by the API: e-mails link to it there.
    WEB_PUBLIC_URL: `http://127.0.0.1:${settings.ports.api}`,
    // bench:web serves a copy with its baseline page beside the app.
    WEB_DIST_DIR: process.env['WEB_DIST_DIR'] ?? join(settings.repoRoot, 'dist', 'apps', 'web'),
    CALENDAR_FEED_SECRET: calendarFeedSecretFor(settings),
    CASE_MASTER_KEYS: caseMasterKeysFor(settings),
    ...(!process.env['CASE_KEYSTORE_DATABASE_URL'] &&
      stack.env['DATABASE_URL'] && { CASE_KEYSTORE_DATABASE_URL: caseKeyStoreUrlOf(stack.env['DATABASE_URL']) }),
    // The embedded stack issues its own development tokens (npm run token); never in production.
    AUTH_DEV_ISSUER_DIR: devIssuerDirFor(settings),
    // Live worker pollers come back every DEV_SERVER_LONG_POLL_SECONDS on the embedded server (ADR 0015).
    READINESS_WORKER_MAX_POLL_AGE_MS:
      process.env['READINESS_WORKER_MAX_POLL_AGE_MS'] ?? String(2 * DEV_SERVER_LONG_POLL_SECONDS * 1000),
  };
}

/**
 * Starts one app from its build (`dist/apps/<app>/main.js`) as a supervised-ready process; the
 * cluster profile names its replicas (`processName` api-1, api-2, ...) and gives each its env.
 */
export function startAppProcess(
  settings: StackSettings,
  app: string,
  env: NodeJS.ProcessEnv,
  processName = app,
): ManagedProcess {
  return ManagedProcess.start({
    name: processName,
    command: process.execPath,
    args: [
      '--enable-source-maps',
      // A bounded heap makes V8 collect before the worker's memory outgrows its budget.
      ...(app === 'worker' ? [`--max-old-space-size=${settings.workerHeapMiB}`] : []),
      // Worker threads inherit these flags, so the preload reaches the workflow threads (ADR 0008).
      ...(app === 'worker' && !settings.workerWorkflowStackTraces
        ? ['--require', join(settings.repoRoot, 'apps', 'worker', 'preload', 'workflow-stack-traces-off.cjs')]
        : []),
      join(settings.repoRoot, 'dist', 'apps', app, 'main.js'),
    ],
    cwd: settings.repoRoot,
    env,
    logFile: join(settings.logsDir, `${processName}.log`),
    pidFile: pidFileFor(settings.runDir, processName),
  });
}

/** Waits until the API on `port` answers GET /health/ready with 200 (or a process of `apps` exits). */
export function waitForApiReady(port: number, apps: readonly ManagedProcess[], what = 'Suivi API'): Promise<void> {
  return waitUntil(
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(5000),
      });
      if (response.status !== 200) throw new Error(`readiness answered ${response.status}: ${await response.text()}`);
    },
    {
      description: `${what} on port ${port}`,
      timeoutMs: 120000,
      intervalMs: 500,
      abortIf: () => apps.find((a) => !a.running)?.describeExit(),
    },
  );
}

/** Starts worker, projector, notifier and API from their builds, then waits for API readiness. */
export async function startApps(settings: StackSettings, stack: Stack): Promise<void> {
  const env = appEnvironment(settings, stack);
  await withProgress('Starting worker, projector, notifier and API', async () => {
    const apps: ManagedProcess[] = [];
    for (const name of ['worker', 'projector', 'notifier', 'api']) {
      const start = () => startAppProcess(settings, name, env);
      const app = start();
      apps.push(app);
      stack.addSupervised(name, app, async () => start(), 15000);
    }
    await waitForApiReady(settings.ports.api, apps);
  });
}

export function writeStackFile(settings: StackSettings, stack: Stack, tools: Tools): string {
  const file = join(settings.runDir, 'stack.json');
  mkdirSync(settings.runDir, { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ profile: settings.profile, ports: settings.ports, env: stack.env, tools }, null, 2),
    {
      mode: 0o600,
    },
  );
  return file;
}
