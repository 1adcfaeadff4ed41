// Entry point of the workflow bundle: every workflow the worker runs is exported here.
// (The benchmarks' baseline workflows live in bench/support/baseline, bundled on their own.)
export { pingWorkflow } from './diagnostics/ping.workflow';
export type { PingInput, PingResult } from './diagnostics/ping.workflow';
export type { DiagnosticsActivities } from './diagnostics/diagnostics.activities';
export { cycleWorkflow } from './cycle/cycle.workflow';
export type { CycleEventsActivities } from './cycle/cycle-events-publisher.activities';
export { dailyDigestWorkflow, NOTIFIER_TASK_QUEUE } from './digest/digest.workflow';
export type { DailyDigestInput, DailyDigestResult, DigestActivities } from './digest/digest.activities';
