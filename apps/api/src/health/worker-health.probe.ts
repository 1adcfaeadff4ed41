import type { Client } from '@temporalio/client';
import type { DependencyProbe } from './dependency-probe';

/**
 * The readiness entry `worker` (ADR 0015): is any worker polling the cycle task queue? Temporal
 * lists a task queue's recent pollers with the time of their last poll (DescribeTaskQueue). A
 * live worker polls again whenever an idle long poll ends (60 s by default; 10 s on the
 * launcher's dev server), so its last poll is never older than that; a dead worker's only
 * ages. The queue needs both kinds: workflow pollers run the cycles (commands are Updates),
 * activity pollers publish their events.
 */

const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPES = { workflow: 1, activity: 2 } as const;

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

/** protobuf Timestamp (seconds may be a Long) to epoch milliseconds. */
export function timestampMs(timestamp: Timestamp): number | undefined {
  if (!timestamp || timestamp.seconds === undefined || timestamp.seconds === null) return undefined;
  const seconds = Number(timestamp.seconds);
  if (!Number.isFinite(seconds)) return undefined;
  return seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6);
}

export interface PollerReport {
  /** Pollers seen within the allowed age. */
  live: number;
  /** How long ago the most recent poll started, if any poller is listed. */
  lastPollAgoMs?: number;
}

/** Live pollers among those listed, and the age of the most recent poll. */
export function pollerReport(
  pollers: ReadonlyArray<{ lastAccessTime?: Timestamp }>,
  now: number,
  maxAgeMs: number,
): PollerReport {
  const ages = pollers
    .map((p) => timestampMs(p.lastAccessTime))
    .filter((at): at is number => at !== undefined)
    .map((at) => Math.max(0, now - at));
  return {
    live: ages.filter((age) => age <= maxAgeMs).length,
    ...(ages.length > 0 ? { lastPollAgoMs: Math.min(...ages) } : {}),
  };
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function describeMissing(kind: string, report: PollerReport, maxAgeMs: number): string {
  const last = report.lastPollAgoMs === undefined ? 'none listed' : `last poll ${seconds(report.lastPollAgoMs)} ago`;
  return `no ${kind} poller within ${seconds(maxAgeMs)} (${last})`;
}

export interface WorkerProbeOptions {
  namespace: string;
  taskQueue: string;
  /** A poll older than this is a worker gone (READINESS_WORKER_MAX_POLL_AGE_MS). */
  maxPollAgeMs: number;
  /** Deadline of the two DescribeTaskQueue calls. */
  timeoutMs: number;
  now?: () => number;
}

/** Checks the cycle task queue's pollers; rejects with a message naming the worker when none is live. */
export class WorkerHealthProbe implements DependencyProbe {
  constructor(
    private readonly client: () => Promise<Pick<Client, 'workflowService' | 'connection'>>,
    private readonly options: WorkerProbeOptions,
  ) {}

  async check(): Promise<Record<string, unknown>> {
    const { namespace, taskQueue, maxPollAgeMs, timeoutMs } = this.options;
    const client = await this.client();
    const describe = (taskQueueType: number) =>
      client.connection.withDeadline(Date.now() + timeoutMs, () =>
        client.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
          taskQueueType,
        }),
      );
    const [workflow, activity] = await Promise.all([
      describe(TASK_QUEUE_TYPES.workflow),
      describe(TASK_QUEUE_TYPES.activity),
    ]);
    const now = (this.options.now ?? Date.now)();
    const workflowPollers = pollerReport(workflow.pollers ?? [], now, maxPollAgeMs);
    const activityPollers = pollerReport(activity.pollers ?? [], now, maxPollAgeMs);
    const missing = [
      ...(workflowPollers.live === 0 ? [describeMissing('workflow', workflowPollers, maxPollAgeMs)] : []),
      ...(activityPollers.live === 0 ? [describeMissing('activity', activityPollers, maxPollAgeMs)] : []),
    ];
    if (missing.length > 0) {
      throw new Error(`no worker is polling task queue ${taskQueue}: ${missing.join('; ')}`);
    }
    return { taskQueue, workflowPollers: workflowPollers.live, activityPollers: activityPollers.live };
  }
}

/** The Temporal probe of the running app carries the worker probe; stand-ins in tests do not. */
export interface TemporalProbeWithWorker extends DependencyProbe {
  worker?: DependencyProbe;
}

export function workerProbeOf(temporal: DependencyProbe): DependencyProbe | undefined {
  return (temporal as TemporalProbeWithWorker).worker;
}
