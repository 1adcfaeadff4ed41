import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { CYCLE_WORKFLOW_TYPE, publishingStatusQuery, type CycleWorkflowInput } from '@suivi/cycle-workflow-api';
import { cycleWorkflowId } from '@suivi/domain';
import { requireEnv } from '@suivi/test-support';
import { bundleSuiviWorkflows } from '../../tools/bundle-workflows';
import type { CycleEventsActivities } from './cycle-events-publisher.activities';

describe('cycleWorkflow when its publishing loop dies (time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: requireEnv('SUIVI_TEMPORAL_TEST_SERVER') } },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('fails its workflow task, visibly and retried, instead of running on without publishing', async () => {
    const taskQueue = `cycles-${randomUUID()}`;
    // A failure Temporal does not retry: the durable activity gives up, so the loop cannot go on.
    const activities: CycleEventsActivities = {
      async publishCycleEvents() {
        throw ApplicationFailure.nonRetryable('the broker refused the batch', 'BrokerRefused');
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleSuiviWorkflows(),
      activities,
    });
    const cycleId = `c-${randomUUID().slice(0, 12)}`;
    const input: CycleWorkflowInput = {
      cycleId,
      start: {
        command: {
          type: 'StartCycle',
          cycleId,
          cycleType: 'HUMAN_RIGHTS_DIALOGUE',
          country: 'KH',
          title: 'EU-Cambodia human rights dialogue',
          timeZone: 'UTC',
        },
        metadata: {
          commandId: randomUUID(),
          actor: { userId: 'desk-officer-1', role: 'DESK_OFFICER' },
          issuedAt: new Date(await env.currentTimeMs()).toISOString(),
        },
      },
    };
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: cycleWorkflowId(cycleId),
        args: [input],
      });
      expect((await handle.query(publishingStatusQuery)).unpublished).toBe(1);
      await env.sleep(10_000); // past the publication window: the local attempt, then the durable one, fail

      const failedTask = async () =>
        ((await handle.fetchHistory()).events ?? []).find((e) => e.workflowTaskFailedEventAttributes)
          ?.workflowTaskFailedEventAttributes;
      let failed = await failedTask();
      for (let i = 0; i < 100 && !failed; i++) {
        await new Promise((r) => setTimeout(r, 100));
        failed = await failedTask();
      }
      expect(failed?.failure?.message).toBe(
        'publishing loop stopped: Activity task failed: the broker refused the batch',
      );
      // Not completed, not failed: the cycle waits, in sight, for the cause to be fixed.
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.terminate('test over');
    });
  });
});
