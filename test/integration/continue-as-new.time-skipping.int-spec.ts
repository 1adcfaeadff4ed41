import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { CycleEvent } from '@suivi/domain';
import { CycleClient } from '@suivi/temporal';
import { requireEnv } from '@suivi/test-support';
import { bundleSuiviWorkflows } from '@suivi/workflows-bundler';
import { metadata, proposeActionPoint } from './cycle-stack';

const DAY = 86_400_000;

/**
 * The same continue-as-new property as continue-as-new.int-spec.ts, in virtual time: months
 * of reminders across several runs of a cycle whose history is cut every 40 events.
 */
describe('continue-as-new on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `can-ts-${randomUUID()}`;
  const published: CycleEvent[] = [];

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: requireEnv('SUIVI_TEMPORAL_TEST_SERVER') } },
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleSuiviWorkflows(),
      activities: {
        async publishCycleEvents(events: CycleEvent[]) {
          published.push(...events);
        },
      },
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('keeps the state and every pending reminder across runs, publishing each event in order', async () => {
    // The time-skipping server does not know Suivi's search attributes: start without them.
    const cycles = new CycleClient(env.client, taskQueue, { indexCycles: false });
    const cycleId = `can-ts-${randomUUID().slice(0, 8)}`;
    const at = async () => ({ ...metadata(), issuedAt: new Date(await env.currentTimeMs()).toISOString() });
    const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
    const deadline = new Date((await env.currentTimeMs()) + 31 * DAY).toISOString().slice(0, 10);
    await cycles.start(
      {
        type: 'StartCycle',
        cycleId,
        cycleType: 'HUMAN_RIGHTS_DIALOGUE',
        country: 'KH',
        title: 'Continue-as-new in virtual time',
        timeZone: 'UTC',
      },
      await at(),
      { maxHistoryEvents: 40 },
    );
    await cycles.execute(cycleId, {
      command: { type: 'ScheduleRound', roundId: 'R1', date: today },
      metadata: await at(),
    });
    for (let i = 1; i <= 12; i++) {
      await cycles.execute(cycleId, {
        command: { ...proposeActionPoint(`AP${i}`), deadline } as never,
        metadata: await at(),
      });
      await cycles.execute(cycleId, {
        command: { type: 'AgreeActionPoint', actionPointId: `AP${i}` },
        metadata: await at(),
      });
    }
    await env.sleep(75 * DAY);

    const state = await cycles.state(cycleId);
    expect(Object.keys(state.actionPoints)).toHaveLength(12);
    // Default dialogue policy: 4 before, 1 on, 2 escalations, for each of the 12 action points.
    expect(state.remindersSent).toHaveLength(12 * 7);
    const sequences = [...new Set(published.filter((e) => e.cycleId === cycleId).map((e) => e.sequence))];
    expect(sequences).toEqual(Array.from({ length: state.version }, (_, i) => i + 1));
    // The current run is a continuation: the history really was cut.
    const history = await env.client.workflow.getHandle(`cycle-${cycleId}`).fetchHistory();
    expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
  }, 120_000);
});
