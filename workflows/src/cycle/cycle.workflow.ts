import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  CycleSearchAttributes,
  cycleStateQuery,
  executeCommandUpdate,
  publishingStatusQuery,
  type CycleWorkflowInput,
  type CycleWorkflowResult,
} from '@suivi/cycle-workflow-api';
import { evolve, hasLiveIndividualCase, initialState, type CycleEvent, type CycleState } from '@suivi/domain';
import type { CycleEventsActivities } from './cycle-events-publisher.activities';
import { CycleCommands } from './cycle-commands';
import { CycleOutbox } from './cycle-outbox';
import { ReminderScheduler } from './reminder-scheduler';
import type { WorkflowClock } from './workflow-clock';

const { publishCycleEvents } = proxyActivities<CycleEventsActivities>({
  startToCloseTimeout: '1 minute',
  // Kafka may be down for a long time: keep trying, never give up on an accepted event.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Fast path: publishes events already committed to history from within a later workflow task.
// One attempt only: when Kafka does not answer in time, the durable activity above takes over, so a
// workflow task is never held open for long while Kafka is down.
const { publishCycleEvents: publishCommittedNow } = proxyLocalActivities<CycleEventsActivities>({
  // Bounds waiting for a local-activity slot too, so a busy worker never holds the task near its timeout.
  scheduleToCloseTimeout: '4 seconds',
  startToCloseTimeout: '4 seconds',
  retry: { maximumAttempts: 1 },
});

const DEFAULT_MAX_HISTORY_EVENTS = 10_000;
const DEFAULT_PUBLISH_BATCH = 200;
const DEFAULT_PUBLISH_DELAY_MS = 2500;

const clock: WorkflowClock = {
  now: () => Date.now(),
  currentTask: () => workflowInfo().historyLength,
  condition,
  patched,
};

/**
 * One workflow per cycle. Its state is the fold of the cycle's domain events; commands
 * arrive as Updates validated by the domain's `decide` (CycleCommands); reminders are durable
 * timers derived from the state (ReminderScheduler); events leave, in order, once committed
 * to history (CycleOutbox). This function wires the parts and runs the cycle's lifetime.
 */
export async function cycleWorkflow(input: CycleWorkflowInput): Promise<CycleWorkflowResult> {
  const maxHistoryEvents = input.options?.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  let state: CycleState = input.carried?.state ?? initialState(input.cycleId);
  const outbox = new CycleOutbox(
    clock,
    { durably: publishCycleEvents, fromThisTask: publishCommittedNow },
    {
      batchSize: input.options?.publishBatchSize ?? DEFAULT_PUBLISH_BATCH,
      delayMs: input.options?.publishDelayMs ?? DEFAULT_PUBLISH_DELAY_MS,
    },
    input.carried?.unpublished ?? [], // committed by the previous run
    state.version,
  );

  const indexed = workflowInfo().typedSearchAttributes.get(CycleSearchAttributes.status) !== undefined;
  const apply = (events: CycleEvent[]) => {
    const statusBefore = state.status;
    for (const event of events) state = evolve(state, event);
    outbox.add(events);
    // Only where the client indexed the cycle (the Suivi client always does; bare test servers may lack the attributes).
    if (state.status !== statusBefore && state.status && indexed) {
      upsertSearchAttributes([{ key: CycleSearchAttributes.status, value: state.status }]);
    }
  };

  const commands = new CycleCommands({ state: () => state, apply });
  if (input.start) commands.start(input.start);

  setHandler(cycleStateQuery, () => state);
  setHandler(publishingStatusQuery, () => outbox.status());
  setHandler(executeCommandUpdate, (request) => commands.execute(request), {
    validator: (request) => commands.validate(request),
  });

  outbox.start();

  const finished = () => state.status === 'CLOSED' || state.status === 'CANCELLED';
  const reminders = new ReminderScheduler({
    clock,
    state: () => state,
    active: () => !finished(),
    sent: (events) => {
      apply(events);
      outbox.publishSoon();
    },
    refused: (reminderKey, reason) => log.warn('reminder not sent', { reminderKey, reason }),
  });

  // A closed cycle whose action points still carry a case stays open to one command, the case's
  // erasure (a person may ask for it long after the follow-up ended); it completes once erased.
  const done = () => finished() && !hasLiveIndividualCase(state) && outbox.isEmpty();
  const historyTooLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= maxHistoryEvents;
  };

  for (;;) {
    // A publishing loop that died fails the workflow task: Temporal retries it and shows it.
    if (outbox.failure) throw outbox.failure;
    if (done()) {
      await condition(allHandlersFinished);
      return { cycleId: state.cycleId, status: state.status ?? 'UNKNOWN', version: state.version };
    }
    if (historyTooLong()) {
      // Accepted updates finish first; unpublished events and pending reminders travel with the state.
      await condition(allHandlersFinished);
      return continueAsNew<typeof cycleWorkflow>({
        cycleId: state.cycleId,
        carried: { state, unpublished: outbox.unpublished() },
        options: input.options,
      });
    }
    const timerFired =
      (await reminders.wait(() => historyTooLong() || done() || outbox.failure !== undefined)) === false;
    if (timerFired) reminders.sendDue();
  }
}
