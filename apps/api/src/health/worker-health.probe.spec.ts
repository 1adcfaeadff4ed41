import type { Client } from '@temporalio/client';
import { downProbe, readJson, startTestApp, upProbe } from '../testing/test-app';
import { pollerReport, timestampMs, WorkerHealthProbe, workerProbeOf } from './worker-health.probe';

const NOW = Date.parse('2026-12-05T10:00:00Z');
const at = (msAgo: number) => {
  const ms = NOW - msAgo;
  return {
    seconds: { toString: () => String(Math.floor(ms / 1000)), valueOf: () => Math.floor(ms / 1000) },
    nanos: (ms % 1000) * 1e6,
  };
};

/** A Temporal client whose task queue lists these pollers, per task type (1 workflow, 2 activity). */
function clientWith(pollers: Record<number, Array<{ identity: string; lastAccessTime: unknown }>>) {
  const calls: Array<{ taskQueue: { name: string; kind: number }; taskQueueType: number; namespace: string }> = [];
  const deadlines: number[] = [];
  const client = {
    connection: {
      withDeadline: <T>(deadline: number, fn: () => Promise<T>) => {
        deadlines.push(deadline);
        return fn();
      },
    },
    workflowService: {
      describeTaskQueue: async (request: (typeof calls)[number]) => {
        calls.push(request);
        return { pollers: pollers[request.taskQueueType] ?? [] };
      },
    },
  } as unknown as Client;
  return { client, calls, deadlines };
}

const probeOf = (client: Client, maxPollAgeMs = 20_000) =>
  new WorkerHealthProbe(async () => client, {
    namespace: 'suivi',
    taskQueue: 'suivi-cycles',
    maxPollAgeMs,
    timeoutMs: 2000,
    now: () => NOW,
  });

describe('WorkerHealthProbe', () => {
  it('is up when workflow and activity pollers polled recently, asking about the cycle task queue', async () => {
    const { client, calls, deadlines } = clientWith({
      1: [
        { identity: 'worker-1@host', lastAccessTime: at(3000) },
        { identity: 'worker-0@host', lastAccessTime: at(240_000) },
      ],
      2: [{ identity: 'worker-1@host', lastAccessTime: at(9000) }],
    });
    await expect(probeOf(client).check()).resolves.toEqual({
      taskQueue: 'suivi-cycles',
      workflowPollers: 1,
      activityPollers: 1,
    });
    expect(calls.map((c) => [c.namespace, c.taskQueue, c.taskQueueType])).toEqual([
      ['suivi', { name: 'suivi-cycles', kind: 1 }, 1],
      ['suivi', { name: 'suivi-cycles', kind: 1 }, 2],
    ]);
    expect(deadlines).toHaveLength(2);
  });

  it('names the worker when its last poll is older than the threshold (a killed or stopped worker)', async () => {
    const { client } = clientWith({
      1: [{ identity: 'worker-1@host', lastAccessTime: at(45_000) }],
      2: [{ identity: 'worker-1@host', lastAccessTime: at(44_000) }],
    });
    await expect(probeOf(client).check()).rejects.toThrow(
      'no worker is polling task queue suivi-cycles: no workflow poller within 20 s (last poll 45 s ago); ' +
        'no activity poller within 20 s (last poll 44 s ago)',
    );
  });

  it('names the worker when the queue never had a poller, and when only activities are polled', async () => {
    await expect(probeOf(clientWith({}).client).check()).rejects.toThrow(
      'no worker is polling task queue suivi-cycles: no workflow poller within 20 s (none listed); ' +
        'no activity poller within 20 s (none listed)',
    );
    const { client } = clientWith({ 2: [{ identity: 'w', lastAccessTime: at(1000) }] });
    await expect(probeOf(client).check()).rejects.toThrow(
      'no worker is polling task queue suivi-cycles: no workflow poller within 20 s (none listed)',
    );
  });
});

describe('poller ages', () => {
  it('reads protobuf timestamps whose seconds are a Long, a number or a string', () => {
    expect(timestampMs({ seconds: 1_700_000_000, nanos: 250_000_000 })).toBe(1_700_000_000_250);
    expect(timestampMs({ seconds: '1700000000' })).toBe(1_700_000_000_000);
    expect(timestampMs(at(1500))).toBe(NOW - 1500);
    expect(timestampMs(undefined)).toBeUndefined();
  });

  it('counts live pollers and reports the most recent poll', () => {
    expect(pollerReport([{ lastAccessTime: at(5000) }, { lastAccessTime: at(50_000) }], NOW, 20_000)).toEqual({
      live: 1,
      lastPollAgoMs: 5000,
    });
    expect(pollerReport([], NOW, 20_000)).toEqual({ live: 0 });
  });
});

describe('workerProbeOf', () => {
  it('finds the worker probe on the Temporal probe of the running app, none on a stand-in', () => {
    const worker = { check: async () => ({}) };
    expect(workerProbeOf({ check: async () => ({}), worker } as never)).toBe(worker);
    expect(workerProbeOf({ check: async () => ({}) })).toBeUndefined();
  });
});

describe('GET /health/ready with the worker entry', () => {
  it('is 503 naming the worker when its probe fails, 200 with the entry when it is back', async () => {
    let workerDown = true;
    const worker = {
      check: () =>
        workerDown
          ? downProbe('no worker is polling task queue suivi-cycles: no workflow poller within 20 s').check()
          : upProbe({ taskQueue: 'suivi-cycles', workflowPollers: 1, activityPollers: 1 }).check(),
    };
    const testApp = await startTestApp({ temporal: { ...upProbe({ serverVersion: '1.32.0' }), worker } as never });
    try {
      const down = await fetch(`${testApp.baseUrl}/health/ready`);
      expect(down.status).toBe(503);
      const problem = await readJson<{ detail: string; error: Record<string, { status: string }> }>(down);
      expect(problem.detail).toContain(
        'worker (no worker is polling task queue suivi-cycles: no workflow poller within 20 s)',
      );
      expect(problem.error['worker'].status).toBe('down');

      workerDown = false;
      const up = await fetch(`${testApp.baseUrl}/health/ready`);
      expect(up.status).toBe(200);
      const report = await readJson<{ info: Record<string, unknown> }>(up);
      expect(report.info['worker']).toEqual({
        status: 'up',
        taskQueue: 'suivi-cycles',
        workflowPollers: 1,
        activityPollers: 1,
      });
    } finally {
      await testApp.close();
    }
  });
});
