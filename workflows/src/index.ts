// Entry point of the workflow bundle: every workflow the worker runs is exported here.
export { pingWorkflow } from './diagnostics/ping.workflow';
export {
  noopUpdateWorkflow,
  timerThenActivityWorkflow,
  noopUpdate,
  finishSignal,
} from './diagnostics/baseline.workflows';
export type { PingInput, PingResult } from './diagnostics/ping.workflow';
export type { DiagnosticsActivities } from './diagnostics/diagnostics.activities';
export { cycleWorkflow } from './cycle/cycle.workflow';
export type { CycleEventsActivities } from './cycle/cycle-events-publisher.activities';
