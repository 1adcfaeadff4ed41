import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { Topics } from '@suivi/contracts';
import { createKafka, ensureTopics } from '@suivi/kafka';
import { connectTemporalClient, CycleClient } from '@suivi/temporal';
import {
  launch,
  pollUntil,
  readStackFile,
  repoRoot,
  stopLaunched,
  suiviHome,
  waitForReady,
  type StackFile,
} from '@suivi/test-support';
import { bundleSuiviWorkflows } from '@suivi/workflows-bundler';
import { log } from './figures';

export const BENCH_TOPIC = 'suivi.bench.v1';

export interface BenchContext {
  stack: StackFile;
  client: Client;
  cycles: CycleClient;
  taskQueue: string;
  /** Task queue of the baseline workflows (bench/support/baseline), when the bench asked for them. */
  baselineTaskQueue: string;
  worker: ChildProcess;
  temporalPid: number;
  kafka: ReturnType<typeof createKafka>;
}

function pidOf(name: string): number {
  return Number(readFileSync(join(suiviHome(), 'bench', 'run', `${name}.pid`), 'utf8').trim());
}

/** The real worker app (apps/worker), as its own process so that its memory can be measured. */
const productionWorker = { name: 'worker', entry: join(repoRoot, 'apps', 'worker', 'src', 'main.ts') };
/** The bench's own worker for the baseline workflows, configured as the production one. */
const baselineWorker = { name: 'baseline-worker', entry: join(__dirname, 'baseline', 'baseline-worker.ts') };
const baselineWorkflows = join(__dirname, 'baseline', 'baseline.workflows.ts');

async function startWorker(
  worker: { name: string; entry: string },
  stack: StackFile,
  taskQueue: string,
  bundlePath: string,
  extraEnv: Record<string, string>,
): Promise<ChildProcess> {
  const logDir = join(suiviHome(), 'bench', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFd = openSync(join(logDir, `${worker.name}.log`), 'a');
  // BENCH_WORKER_CPU_PROF=1 writes a V8 CPU profile of the production worker under <bench>/logs when it stops.
  const profile =
    process.env['BENCH_WORKER_CPU_PROF'] === '1' && worker === productionWorker
      ? ['--cpu-prof', '--cpu-prof-dir', logDir]
      : [];
  // The same heap bound as `npm start` gives the worker (launcher setting WORKER_HEAP_MIB).
  const heap = [`--max-old-space-size=${Number(process.env['WORKER_HEAP_MIB'] ?? 1024)}`];
  // As the launcher does (setting WORKER_WORKFLOW_STACK_TRACES, ADR 0008).
  const stackTraces = ['true', '1'].includes(process.env['WORKER_WORKFLOW_STACK_TRACES'] ?? 'false')
    ? []
    : ['--require', join(repoRoot, 'apps', 'worker', 'preload', 'workflow-stack-traces-off.cjs')];
  const child = spawn(process.execPath, [...profile, ...heap, ...stackTraces, '--import', 'tsx', worker.entry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...stack.env,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      LOG_LEVEL: 'info', // readiness is detected from an info line
      TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json'),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', logFd],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    writeSync(logFd, chunk);
  });
  try {
    await pollUntil(async () => {
      if (child.exitCode !== null) throw new Error(`${worker.name} exited: ${output}`);
      return output.includes('worker polling its task queue') ? true : undefined;
    }, 60_000);
  } catch (error) {
    child.kill('SIGKILL'); // never leave a worker behind
    throw error;
  }
  return child;
}

/**
 * Starts fresh servers on the bench profile's ports (dev + 30000), the production worker
 * process and clients; always stops them. With `baseline`, also the baseline workflows' own
 * worker (same settings, its own task queue): every benchmark measures its baseline on this
 * same stack, and the production bundle and worker carry no benchmark code.
 */
export async function withBenchStack(
  run: (ctx: BenchContext) => Promise<void>,
  workerEnv: Record<string, string> = {},
  options: { baseline?: boolean } = {},
): Promise<void> {
  rmSync(join(suiviHome(), 'bench', 'data'), { recursive: true, force: true });
  log('starting Temporal, Kafka and PostgreSQL (bench profile)');
  const servers = launch('servers', 'bench');
  let worker: ChildProcess | undefined;
  let baseline: ChildProcess | undefined;
  let client: Client | undefined;
  let kafkaProducerClose: (() => Promise<void>) | undefined;
  try {
    await waitForReady(servers, 600_000);
    const stack = readStackFile('bench');
    const bundlePath = join(suiviHome(), 'bench', 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleSuiviWorkflows()).code);
    const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
    const kafka = createKafka({ brokers: stack.env.KAFKA_BROKERS.split(','), clientId: 'bench', log: () => undefined });
    await ensureTopics(kafka, [
      { name: BENCH_TOPIC, partitions: 6, config: { 'retention.ms': '3600000' }, purpose: 'benchmarks' },
    ]);
    worker = await startWorker(productionWorker, stack, taskQueue, bundlePath, workerEnv);
    const baselineTaskQueue = `${taskQueue}-baseline`;
    if (options.baseline) {
      const baselineBundlePath = join(suiviHome(), 'bench', 'baseline-bundle.js');
      writeFileSync(baselineBundlePath, (await bundleSuiviWorkflows(baselineWorkflows)).code);
      baseline = await startWorker(baselineWorker, stack, baselineTaskQueue, baselineBundlePath, workerEnv);
    }
    client = await connectTemporalClient({
      address: stack.env.TEMPORAL_ADDRESS,
      namespace: stack.env.TEMPORAL_NAMESPACE,
      codecKeys: stack.env.TEMPORAL_CODEC_KEYS,
    });
    kafkaProducerClose = async () => undefined;
    await run({
      stack,
      client,
      cycles: new CycleClient(client, taskQueue),
      taskQueue,
      baselineTaskQueue,
      worker,
      temporalPid: pidOf('temporal'),
      kafka,
    });
  } finally {
    await kafkaProducerClose?.();
    await client?.connection.close();
    for (const child of [worker, baseline]) {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
    await stopLaunched(servers);
  }
}

/** Reads the event log (or another topic) as it arrives and reports each message's arrival time. */
export async function followTopic(
  kafka: ReturnType<typeof createKafka>,
  topic: string,
  onMessage: (value: string, receivedAtMs: number, producedAtMs: number) => void,
): Promise<() => Promise<void>> {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    // A group of its own, new each time, whose offsets are never read back: kafkajs would otherwise
    // commit after every batch, a write to the broker for each, charged to whatever the bench measures.
    autoCommit: false,
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) onMessage(message.value?.toString() ?? '', now, Number(message.timestamp));
    },
  });
  await pollUntil(async () => (joined ? true : undefined), 60_000);
  return () => consumer.disconnect();
}

export { Topics };

/** withBenchStack with the baseline workflows' worker (bench/support/baseline). */
export function withBenchStackAndBaseline(run: (ctx: BenchContext) => Promise<void>): Promise<void> {
  return withBenchStack(run, {}, { baseline: true });
}
