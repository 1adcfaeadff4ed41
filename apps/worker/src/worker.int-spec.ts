import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { loadConfig, workerConfigSchema } from '@suivi/config';
import { connectTemporalClient } from '@suivi/temporal';
import { requireEnv } from '@suivi/test-support';
import type { pingWorkflow } from '@suivi/workflows';
import { bundleSuiviWorkflows } from '@suivi/workflows-bundler';
import { createSuiviWorker } from './worker';

/** The history exactly as an operator sees it with the Temporal CLI, without any codec. */
function historyAsPrintedByCli(workflowId: string): string {
  return execFileSync(
    requireEnv('SUIVI_TEMPORAL_CLI'),
    [
      'workflow',
      'show',
      '--workflow-id',
      workflowId,
      '--address',
      requireEnv('TEMPORAL_ADDRESS'),
      '--namespace',
      requireEnv('TEMPORAL_NAMESPACE'),
      '--output',
      'json',
    ],
    { encoding: 'utf8' },
  );
}

/** The canary in every form a payload could carry it in clear. */
function canaryForms(canary: string): string[] {
  return [
    canary,
    Buffer.from(canary).toString('base64'),
    Buffer.from(JSON.stringify({ text: canary })).toString('base64'),
    Buffer.from(JSON.stringify(canary)).toString('base64'),
  ];
}

describe('worker on the Temporal dev server', () => {
  const taskQueue = `int-${randomUUID()}`;
  let worker: Worker;
  let running: Promise<void>;
  let closeConnection: () => Promise<void>;
  let client: Client;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suivi-bundle-'));
    const bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleSuiviWorkflows()).code);
    const config = loadConfig(workerConfigSchema, {
      ...process.env,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: bundlePath,
    });
    const created = await createSuiviWorker(config);
    worker = created.worker;
    closeConnection = () => created.connection.close();
    running = worker.run();
    client = await connectTemporalClient({
      address: requireEnv('TEMPORAL_ADDRESS'),
      namespace: requireEnv('TEMPORAL_NAMESPACE'),
      codecKeys: requireEnv('TEMPORAL_CODEC_KEYS'),
    });
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await closeConnection?.();
    await client?.connection.close();
  });

  it('runs a workflow through the worker, with @suivi/domain resolved inside the bundle', async () => {
    const result = await client.workflow.execute<typeof pingWorkflow>('pingWorkflow', {
      taskQueue,
      workflowId: `ping-${randomUUID()}`,
      args: [{ text: 'bonjour' }],
    });
    expect(result.echoed).toBe('bonjour');
    expect(result.handledBy).toMatch(/^worker-\d+@/);
    expect(result.sampleCycleWorkflowId).toBe('cycle-ping');
  });

  it('keeps a canary out of the history the CLI prints, while the workflow still reads it', async () => {
    const canary = `CANARY-${randomUUID()}`;
    const workflowId = `canary-${randomUUID()}`;
    const result = await client.workflow.execute<typeof pingWorkflow>('pingWorkflow', {
      taskQueue,
      workflowId,
      args: [{ text: canary }],
    });
    expect(result.echoed).toBe(canary);
    const history = historyAsPrintedByCli(workflowId);
    // The payloads are there, marked as encrypted (metadata values may print base64-encoded).
    const encryptedMarker = ['binary/encrypted', Buffer.from('binary/encrypted').toString('base64')];
    expect(encryptedMarker.some((marker) => history.includes(marker))).toBe(true);
    for (const form of canaryForms(canary)) expect(history).not.toContain(form);
  });

  it('would show the canary if a client skipped the codec (so the check above can fail)', async () => {
    const canary = `CANARY-${randomUUID()}`;
    const workflowId = `plain-${randomUUID()}`;
    const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
    try {
      const plainClient = new Client({ connection, namespace: requireEnv('TEMPORAL_NAMESPACE') });
      await plainClient.workflow.start<typeof pingWorkflow>('pingWorkflow', {
        taskQueue,
        workflowId,
        args: [{ text: canary }],
      });
      const history = historyAsPrintedByCli(workflowId);
      expect(canaryForms(canary).some((form) => history.includes(form))).toBe(true);
      await client.workflow.getHandle(workflowId).result();
    } finally {
      await connection.close();
    }
  });
});
