/**
 * What the cycle's parts need from the workflow runtime, injected so that unit tests drive
 * them without a Temporal server. In the workflow these are Temporal's own functions
 * (cycle.workflow.ts); in tests, a fake (testing/fake-workflow-clock.ts).
 */
export interface WorkflowClock {
  /** Workflow time (deterministic: `Date.now()` inside the workflow sandbox). */
  now(): number;
  /** Identifies the current workflow task: the history length when it started. */
  currentTask(): number;
  /**
   * Temporal's `condition`: resolves once `fn` holds; with a timeout (a durable timer), true
   * when `fn` held and false when the timer fired first.
   */
  condition(fn: () => boolean, timeoutMs: number): Promise<boolean>;
  condition(fn: () => boolean): Promise<void>;
  /**
   * Temporal's `patched`: true in a new run (and records the marker), false when replaying a
   * history recorded before the change (ADR 0016: every change to released behaviour is patched).
   */
  patched(patchId: string): boolean;
}
