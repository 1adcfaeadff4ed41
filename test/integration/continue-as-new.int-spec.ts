import { randomUUID } from 'node:crypto';
import { Topics } from '@suivi/contracts';
import { cycleWorkflowId } from '@suivi/domain';
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
  writeWorkflowBundle,
  type WorkerProcess,
} from './cycle-stack';

/** Real dev server and worker process, with a forced low continue-as-new threshold. */
describe('continue-as-new under a low history threshold', () => {
  const taskQueue = `can-${randomUUID()}`;
  let worker: WorkerProcess;

  beforeAll(async () => {
    worker = await spawnWorker(
      { TEMPORAL_TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE_PATH: await writeWorkflowBundle() },
      'can-worker',
    );
  });

  afterAll(async () => {
    worker.child.kill('SIGTERM');
    await worker.exited;
  });

  it('keeps state, publishes every event once in order and still fires the pending reminder', async () => {
    const { cycles, client, close } = await cycleClientFor(taskQueue);
    const cycleId = `can-${randomUUID().slice(0, 8)}`;
    // One reminder, on the deadline (today, UTC) at a second about 25 s from now.
    const dueMs = Math.ceil((Date.now() + 25_000) / 1000) * 1000;
    const localTime = new Date(dueMs).toISOString().slice(11, 19);
    try {
      await cycles.start(
        {
          type: 'StartCycle',
          cycleId,
          cycleType: 'HUMAN_RIGHTS_DIALOGUE',
          country: 'KH',
          title: 'Continue-as-new check',
          timeZone: 'UTC',
          reminderPolicy: {
            beforeDeadline: [],
            onDeadline: { recipientRole: 'DELEGATION' },
            escalations: [],
            localTime,
          },
        },
        metadata(),
        { maxHistoryEvents: 40 },
      );
      await cycles.execute(cycleId, { command: scheduleRound('R1'), metadata: metadata() });
      const today = new Date(dueMs).toISOString().slice(0, 10);
      await cycles.execute(cycleId, {
        command: { ...proposeActionPoint('AP1'), deadline: today } as never,
        metadata: metadata(),
      });
      await cycles.execute(cycleId, {
        command: { type: 'AgreeActionPoint', actionPointId: 'AP1' },
        metadata: metadata(),
      });
      for (let i = 2; i <= 12; i++) {
        await cycles.execute(cycleId, { command: proposeActionPoint(`AP${i}`), metadata: metadata() });
      }
      const state = await cycles.state(cycleId);
      expect(Object.keys(state.actionPoints)).toHaveLength(12);

      // The pending timer survived the new runs: the reminder fires.
      const withReminder = await pollUntil(
        async () => {
          const s = await cycles.state(cycleId);
          return s.remindersSent.length === 1 ? s : undefined;
        },
        90_000,
        500,
      );
      expect(withReminder.version).toBe(16);
      await pollUntil(
        async () => ((await cycles.publishingStatus(cycleId)).unpublished === 0 ? true : undefined),
        60_000,
        500,
      );
      const logged = await readCycleEvents(
        kafkaAt(requireEnv('KAFKA_BROKERS')),
        Topics.cycleEvents,
        cycleId,
        withReminder.version,
      );
      expectCompleteAndOrdered(logged, withReminder.version);

      // More than one run: the history was really cut.
      const runs = await client.workflow.count(`WorkflowId = '${cycleWorkflowId(cycleId)}'`);
      expect(runs.count).toBeGreaterThan(1);
    } finally {
      await close();
    }
  }, 240_000);
});
