import { randomUUID } from 'node:crypto';
import { Topics } from '@suivi/contracts';
import { pollUntil, requireEnv } from '@suivi/test-support';
import {
  cycleClientFor,
  expectCompleteAndOrdered,
  kafkaAt,
  metadata,
  proposeActionPoint,
  readCycleEvents,
  scheduleRound,
  spawnWorker,
  startCommand,
  writeWorkflowBundle,
  type WorkerProcess,
} from './cycle-stack';

/** The real worker process is killed with SIGKILL in the middle of a burst of commands. */
describe('a worker killed mid-cycle', () => {
  const taskQueue = `crash-${randomUUID()}`;
  let bundle: string;
  const workers: WorkerProcess[] = [];
  const startWorker = async (name: string) => {
    const worker = await spawnWorker({ TEMPORAL_TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE_PATH: bundle }, name);
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    bundle = await writeWorkflowBundle();
  });

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
      await worker.exited;
    }
  });

  it('loses no accepted command and no event; duplicates, if any, carry the same event id and content', async () => {
    const first = await startWorker('worker-crash-1');
    const { cycles, close } = await cycleClientFor(taskQueue);
    const cycleId = `crash-${randomUUID().slice(0, 8)}`;
    try {
      await cycles.start(startCommand(cycleId), metadata());
      await cycles.execute(cycleId, { command: scheduleRound('R1'), metadata: metadata() });
      // Each command keeps its id across retries: a retried Update is not applied twice.
      const commands = Array.from({ length: 30 }, (_, i) => ({
        command: proposeActionPoint(`AP${i + 1}`),
        metadata: metadata(),
      }));
      const sendWithRetry = async (request: (typeof commands)[number]) => {
        for (;;) {
          try {
            return await cycles.execute(cycleId, request);
          } catch (error) {
            if (error instanceof Error && error.name === 'CommandRejectedError') throw error;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      };
      const results: Promise<unknown>[] = [];
      for (const [i, request] of commands.entries()) {
        results.push(sendWithRetry(request));
        if (i === 12) {
          first.child.kill('SIGKILL');
          await first.exited;
          await startWorker('worker-crash-2');
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      await Promise.all(results);

      const state = await cycles.state(cycleId);
      expect(Object.keys(state.actionPoints)).toHaveLength(30);
      expect(state.version).toBe(32);
      await pollUntil(
        async () => ((await cycles.publishingStatus(cycleId)).unpublished === 0 ? true : undefined),
        120_000,
        500,
      );
      const logged = await readCycleEvents(
        kafkaAt(requireEnv('KAFKA_BROKERS')),
        Topics.cycleEvents,
        cycleId,
        state.version,
      );
      expectCompleteAndOrdered(logged, state.version);
    } finally {
      await close();
    }
  }, 300_000);
});
