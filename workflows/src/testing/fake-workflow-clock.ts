import type { WorkflowClock } from '../cycle/workflow-clock';

interface Waiter {
  fn: () => boolean;
  /** Virtual instant at which the durable timer fires; none without a timeout. */
  firesAt?: number;
  resolve: (value: boolean | undefined) => void;
}

/**
 * Temporal's workflow runtime as far as the cycle's parts use it, for unit tests: virtual
 * time, numbered workflow tasks, and `condition` re-checked after each activation, as the SDK
 * does. `activate()` is a new workflow task (a command arriving, a timer firing); `advance()`
 * moves virtual time, each timer that falls due firing in a task of its own.
 */
export class FakeWorkflowClock implements WorkflowClock {
  private time: number;
  private task = 1;
  private readonly waiters: Waiter[] = [];
  /** Patches this run replays without (a history recorded before their change). */
  private readonly unpatched = new Set<string>();

  constructor(startMs = Date.parse('2026-03-02T08:00:00.000Z')) {
    this.time = startMs;
  }

  now = (): number => this.time;

  currentTask = (): number => this.task;

  /** Bound, like Temporal's free function: parts may destructure it. */
  condition = ((fn: () => boolean, timeoutMs?: number): Promise<boolean | undefined> =>
    new Promise((resolve) =>
      this.waiters.push({ fn, resolve, firesAt: timeoutMs === undefined ? undefined : this.time + timeoutMs }),
    )) as WorkflowClock['condition'];

  patched = (patchId: string): boolean => !this.unpatched.has(patchId);

  /** Replays as a run started before `patchId`'s change: `patched(patchId)` is false. */
  withoutPatch(patchId: string): this {
    this.unpatched.add(patchId);
    return this;
  }

  /** The durable timers pending, as durations from now. */
  timers(): number[] {
    return this.waiters.flatMap((w) => (w.firesAt === undefined ? [] : [w.firesAt - this.time]));
  }

  /** A new workflow task (e.g. an Update arriving): `during` runs in it, then conditions are re-checked. */
  async activate(during?: () => void): Promise<void> {
    this.task++;
    during?.();
    await this.settle();
  }

  /** Moves virtual time by `ms`; every timer due by then fires, each in a task of its own (an activation). */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const due = this.waiters
        .filter((w) => w.firesAt !== undefined && w.firesAt <= until)
        .sort((a, b) => (a.firesAt as number) - (b.firesAt as number))[0];
      if (!due) break;
      this.time = due.firesAt as number;
      this.task++;
      this.remove(due);
      due.resolve(false);
      await this.settle();
    }
    // Without an activation, nothing in the workflow runs: conditions are re-checked at the next one.
    this.time = until;
  }

  /** Runs what is runnable: resolves every condition that holds, until none does. */
  async settle(): Promise<void> {
    for (;;) {
      await flushMicrotasks();
      const ready = this.waiters.filter((w) => w.fn());
      if (ready.length === 0) return;
      for (const waiter of ready) {
        this.remove(waiter);
        waiter.resolve(waiter.firesAt === undefined ? undefined : true);
      }
    }
  }

  private remove(waiter: Waiter): void {
    this.waiters.splice(this.waiters.indexOf(waiter), 1);
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}
