import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { AesGcmPayloadCodec, CommandRejectedError, parseCodecKeys } from '@suivi/temporal';
import { cycleWorkflowId } from '@suivi/domain';
import { pollUntil, requireEnv } from '@suivi/test-support';
import {
  cycleClientFor,
  metadata,
  proposeActionPoint,
  scheduleRound,
  spawnWorker,
  startCommand,
  writeWorkflowBundle,
  type WorkerProcess,
} from './cycle-stack';

/**
 * On the real server a refused command is rejected by the Update validator before anything
 * is written: the cycle's history, state and event log are exactly as before. (The
 * time-skipping test server records rejected Updates' workflow tasks, so this lives here.)
 */
describe('refused commands on the real Temporal server', () => {
  const taskQueue = `rejections-${randomUUID()}`;
  let worker: WorkerProcess;

  let bundle: string;

  beforeAll(async () => {
    bundle = await writeWorkflowBundle();
    worker = await spawnWorker({ TEMPORAL_TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE_PATH: bundle }, 'rejections-worker');
  });

  afterAll(async () => {
    worker.child.kill('SIGTERM');
    await worker.exited;
  });

  it('returns each reason and leaves no trace in history, state or the outbox', async () => {
    const { cycles, client, close } = await cycleClientFor(taskQueue);
    const cycleId = `rej-${randomUUID().slice(0, 8)}`;
    try {
      await cycles.start(startCommand(cycleId), metadata(), undefined, [
        { command: scheduleRound('R1'), metadata: metadata() },
        { command: proposeActionPoint('AP1'), metadata: metadata() },
      ]);
      await cycles.execute(cycleId, {
        command: { type: 'AgreeActionPoint', actionPointId: 'AP1' },
        metadata: metadata(),
      });
      await pollUntil(
        async () => ((await cycles.publishingStatus(cycleId)).unpublished === 0 ? true : undefined),
        60_000,
      );
      const handle = client.workflow.getHandle(cycleWorkflowId(cycleId));
      const historyBefore = (await handle.fetchHistory()).events?.length;
      const stateBefore = await cycles.state(cycleId);

      const refusals = [
        { request: { command: { type: 'AgreeActionPoint', actionPointId: 'AP1' } }, code: 'ACTION_POINT_NOT_PROPOSED' },
        {
          request: { command: { type: 'AssessActionPoint', actionPointId: 'NOPE', assessment: 'COMPLETED' } },
          code: 'UNKNOWN_ACTION_POINT',
        },
        { request: { command: { type: 'CloseRound', roundId: 'R1' }, expectedVersion: 1 }, code: 'VERSION_CONFLICT' },
        { request: { command: { type: 'SendReminder', reminderKey: 'AP1/ON_DEADLINE/P0D' } }, code: 'SYSTEM_COMMAND' },
      ];
      for (const { request, code } of refusals) {
        const error = await cycles.execute(cycleId, { ...request, metadata: metadata() } as never).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(CommandRejectedError);
        expect((error as CommandRejectedError).reason.code).toBe(code);
        expect((error as CommandRejectedError).reason.message.length).toBeGreaterThan(10);
      }

      expect(await cycles.state(cycleId)).toEqual(stateBefore);
      expect(await cycles.publishingStatus(cycleId)).toMatchObject({
        unpublished: 0,
        lastPublishedSequence: stateBefore.version,
      });
      expect((await handle.fetchHistory()).events?.length).toBe(historyBefore);
    } finally {
      await close();
    }
  }, 120_000);

  it('keeps a cycle replayable when a refused command arrives late in a publication window', async () => {
    // A refused Update's workflow task is not kept in history. Were the decision to publish from a
    // command task taken in a condition's predicate (time-based), that task would cancel the
    // window's timer while its replay, without the Update, would not: a determinism error that
    // fails every later query and task of the cycle.
    const { cycles, client, close } = await cycleClientFor(taskQueue);
    const cycleId = `rej-${randomUUID().slice(0, 8)}`;
    try {
      await cycles.start(startCommand(cycleId), metadata(), { publishDelayMs: 4000 }, [
        { command: scheduleRound('R1'), metadata: metadata() },
      ]);
      await pollUntil(
        async () => ((await cycles.publishingStatus(cycleId)).unpublished === 0 ? true : undefined),
        60_000,
      );
      await cycles.execute(cycleId, { command: proposeActionPoint('AP1'), metadata: metadata() });
      // Past 80 % of the window, before the timer: the refused command's task is the first after the threshold.
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const refusal = await cycles.execute(cycleId, { command: proposeActionPoint('AP1'), metadata: metadata() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((refusal as CommandRejectedError).reason.code).toBe('DUPLICATE_ACTION_POINT');
      await pollUntil(
        async () => ((await cycles.publishingStatus(cycleId)).unpublished === 0 ? true : undefined),
        60_000,
      );

      const history = await client.workflow.getHandle(cycleWorkflowId(cycleId)).fetchHistory();
      const failures: string[] = [];
      const codec = new AesGcmPayloadCodec(parseCodecKeys(requireEnv('TEMPORAL_CODEC_KEYS')));
      const replay = {
        workflowBundle: { code: readFileSync(bundle, 'utf8') },
        dataConverter: { payloadCodecs: [codec] },
      };
      for await (const result of Worker.runReplayHistories(replay, [
        { workflowId: cycleWorkflowId(cycleId), history },
      ])) {
        if (result.error) failures.push(result.error.message);
      }
      expect(failures).toEqual([]);
      expect((await cycles.state(cycleId)).version).toBe(3);
    } finally {
      await close();
    }
  }, 120_000);

  it('refuses a command on a cancelled cycle as CYCLE_CLOSED, saying cancelled and since when; an unknown cycle is CYCLE_NOT_FOUND', async () => {
    const { cycles, client, close } = await cycleClientFor(taskQueue);
    const cycleId = `rej-${randomUUID().slice(0, 8)}`;
    try {
      await cycles.start(startCommand(cycleId), metadata());
      await cycles.execute(cycleId, {
        command: { type: 'CancelCycle', reason: 'Dialogue suspended by the partner' },
        metadata: metadata(),
      });
      // The cycle's workflow ends once its events are published: commands then meet a completed workflow.
      const handle = client.workflow.getHandle(cycleWorkflowId(cycleId));
      await pollUntil(async () => ((await handle.describe()).closeTime ? true : undefined), 60_000);

      const error = await cycles.execute(cycleId, { command: scheduleRound('R1'), metadata: metadata() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CommandRejectedError);
      expect((error as CommandRejectedError).reason.code).toBe('CYCLE_CLOSED');
      expect((error as CommandRejectedError).reason.message).toMatch(
        new RegExp(`^Cycle ${cycleId} is cancelled since \\d{4}-\\d{2}-\\d{2}T`),
      );

      const unknown = await cycles
        .execute(`never-${randomUUID().slice(0, 8)}`, { command: scheduleRound('R1'), metadata: metadata() })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect((unknown as CommandRejectedError).reason.code).toBe('CYCLE_NOT_FOUND');
    } finally {
      await close();
    }
  }, 120_000);
});
