import {
  allHandlersFinished,
  ApplicationFailure,
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
  DOMAIN_REJECTION,
  executeCommandUpdate,
  publishingStatusQuery,
  type CommandRequest,
  type CommandResult,
  type CycleWorkflowInput,
  type CycleWorkflowResult,
} from '@suivi/cycle-workflow-api';
import {
  decide,
  evolve,
  hasLiveIndividualCase,
  initialState,
  nextPendingReminder,
  pendingReminders,
  type CommandMetadata,
  type CycleCommand,
  type CycleEvent,
  type CycleState,
  type DomainError,
  type ScheduledReminder,
} from '@suivi/domain';
import type { CycleEventsActivities } from './cycle-events-publisher.activities';

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
/** Runs before PUBLISH_FROM_COMMAND_TASK_PATCH. */
const DEFAULT_PUBLISH_DELAY_MS_BEFORE_COMMAND_TASKS = 2000;
const DEFAULT_PUBLISH_DELAY_MS = 2500;
/** Part of the window after which a command task publishes (the rest is its slot before the timer fires). */
const COMMAND_TASK_PUBLISHES_AFTER = 0.8;
const REMINDER_EARLY_WAKE_MS = 2000;
const REMINDER_EARLY_WAKE_PATCH = 'reminder-timer-wakes-early';
/** Histories recorded before this patch publish each batch through the durable activity only. */
const PUBLISH_COMMITTED_PATCH = 'publish-committed-events-from-later-task';
/** Histories recorded before this patch publish only from the task the window's timer starts. */
const PUBLISH_FROM_COMMAND_TASK_PATCH = 'publish-from-command-task-after-window';

function rejection(error: DomainError): ApplicationFailure {
  return ApplicationFailure.create({
    type: DOMAIN_REJECTION,
    message: error.message,
    details: [error],
    nonRetryable: true,
  });
}

/**
 * One workflow per cycle. Its state is the fold of the cycle's domain events; commands
 * arrive as Updates validated by the domain's `decide`; reminders are durable timers
 * derived from the state; events leave, in order, through the publishing activity.
 */
export async function cycleWorkflow(input: CycleWorkflowInput): Promise<CycleWorkflowResult> {
  const maxHistoryEvents = input.options?.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const publishBatch = input.options?.publishBatchSize ?? DEFAULT_PUBLISH_BATCH;
  let state: CycleState = input.carried?.state ?? initialState(input.cycleId);
  const outbox: CycleEvent[] = [...(input.carried?.unpublished ?? [])];
  let lastPublishedSequence = outbox.length > 0 ? outbox[0].sequence - 1 : state.version;

  // A workflow task is identified by the history length when it started. Events produced in an
  // earlier task than the current one are committed to history; only those may be published,
  // so nothing on Kafka can ever differ from what the history recorded (see ADR 0007).
  const currentTask = () => workflowInfo().historyLength;
  // Carried events were committed by the previous run.
  const producedInTask: number[] = outbox.map(() => 0);
  // Set when reminders were sent: they are published at once rather than after the delay.
  let publishSoon = false;

  const indexed = workflowInfo().typedSearchAttributes.get(CycleSearchAttributes.status) !== undefined;
  const apply = (events: CycleEvent[]) => {
    const statusBefore = state.status;
    for (const event of events) state = evolve(state, event);
    outbox.push(...events);
    const task = currentTask();
    for (let i = 0; i < events.length; i++) producedInTask.push(task);
    // Only where the client indexed the cycle (the Suivi client always does; bare test servers may lack the attributes).
    if (state.status !== statusBefore && state.status && indexed) {
      upsertSearchAttributes([{ key: CycleSearchAttributes.status, value: state.status }]);
    }
  };

  const decideOrReject = (command: CycleCommand, metadata: CommandMetadata): CycleEvent[] => {
    const decision = decide(state, command, metadata);
    if (!decision.accepted) throw rejection(decision.error);
    return decision.events;
  };
  // The validator's decision, reused by the handler that runs right after it on the same state
  // (validators do not run on replay, where the handler decides again).
  let validated: { request: CommandRequest; version: number; events: CycleEvent[] } | undefined;

  if (input.start) {
    // The client runs the same `decide` before starting, so a rejection here is a bug or a race.
    apply(decideOrReject(input.start.command, input.start.metadata));
    for (const next of input.start.then ?? []) apply(decideOrReject(next.command, next.metadata));
  }

  setHandler(cycleStateQuery, () => state);
  setHandler(publishingStatusQuery, () => ({ unpublished: outbox.length, lastPublishedSequence }));

  setHandler(
    executeCommandUpdate,
    (request: CommandRequest): CommandResult => {
      const events =
        validated?.request === request && validated.version === state.version
          ? validated.events
          : decideOrReject(request.command, request.metadata);
      validated = undefined;
      apply(events);
      return { version: state.version, events };
    },
    {
      // Runs before anything is written: a rejected command leaves no trace in history.
      validator: (request: CommandRequest) => {
        if (request.command.type === 'SendReminder') {
          throw rejection({
            code: 'SYSTEM_COMMAND',
            message: 'Reminders are sent by the cycle itself, not on request.',
          });
        }
        if (request.expectedVersion !== undefined && request.expectedVersion !== state.version) {
          throw rejection({
            code: 'VERSION_CONFLICT',
            message: `The cycle changed since you read it (your version ${request.expectedVersion}, current ${state.version}). Reload and try again.`,
          });
        }
        validated = { request, version: state.version, events: decideOrReject(request.command, request.metadata) };
      },
    },
  );

  const published = (count: number) => {
    lastPublishedSequence = outbox[count - 1].sequence;
    outbox.splice(0, count);
    producedInTask.splice(0, count);
  };

  /**
   * Publishes in sequence order and never blocks commands. Once events are waiting, one
   * timer of `publishDelayMs` runs. Under a flow of commands, the first command task after
   * 80 % of that window publishes, by a local activity, every event produced before it (so
   * committed to history: nothing uncommitted reaches Kafka), and the timer is cancelled
   * before it fires: no extra workflow task per window. A quiet cycle publishes from the task
   * the timer starts. (Were the threshold the whole window, only a command landing in the
   * moment between the window's end and the timer's firing could publish.) Reminders do not
   * wait. When Kafka does not answer, the durable activity retries until it does, while
   * commands keep being accepted. See ADR 0007 and ADR 0013.
   */
  const publishCommittedEvents = async () => {
    // Decided once per run, so a run started by older code keeps its behaviour on replay.
    const fromCommandTasks = patched(PUBLISH_FROM_COMMAND_TASK_PATCH);
    const publishDelayMs =
      input.options?.publishDelayMs ??
      (fromCommandTasks ? DEFAULT_PUBLISH_DELAY_MS : DEFAULT_PUBLISH_DELAY_MS_BEFORE_COMMAND_TASKS);
    const commandTaskThresholdMs = publishDelayMs * COMMAND_TASK_PUBLISHES_AFTER;
    for (;;) {
      await condition(() => outbox.length > 0);
      const waitingSince = Date.now();
      const commandTaskMayPublish = () =>
        fromCommandTasks && Date.now() - waitingSince >= commandTaskThresholdMs && producedInTask[0] < currentTask();
      if (!publishSoon) await condition(() => publishSoon || commandTaskMayPublish(), publishDelayMs);
      if (publishSoon) {
        // Reminders: an activity scheduled by this task runs once the task is committed
        // (a timer of a few ms would cost a timer-queue round, about a second).
        publishSoon = false;
        const batch = outbox.slice(0, publishBatch);
        await publishCycleEvents(batch);
        published(batch.length);
        continue;
      }
      let committed = 0;
      while (committed < outbox.length && committed < publishBatch && producedInTask[committed] < currentTask()) {
        committed++;
      }
      if (committed === 0) continue;
      const batch = outbox.slice(0, committed);
      try {
        await publishCommittedNow(batch);
      } catch {
        await publishCycleEvents(batch);
      }
      published(committed);
    }
  };

  /** Before PUBLISH_COMMITTED_PATCH: one durable activity per batch, as soon as events exist. */
  const publishThroughActivity = async () => {
    for (;;) {
      await condition(() => outbox.length > 0);
      const batch = outbox.slice(0, publishBatch);
      await publishCycleEvents(batch);
      published(batch.length);
    }
  };

  const publishing = patched(PUBLISH_COMMITTED_PATCH) ? publishCommittedEvents() : publishThroughActivity();
  publishing.catch((error: unknown) => log.error('publishing loop stopped', { error: String(error) }));

  // The next reminder is recomputed only when the state changes (pendingReminders is not free).
  let memo: { version: number; next: ScheduledReminder | undefined } = { version: -1, next: undefined };
  // A reminder the domain refused (should not happen) is skipped rather than retried in a hot loop.
  const skipped = new Set<string>();
  const nextReminder = () => {
    if (memo.version !== state.version) {
      const next =
        skipped.size === 0
          ? nextPendingReminder(state)
          : pendingReminders(state).find((r) => !skipped.has(r.reminderKey));
      memo = { version: state.version, next };
    }
    return memo.next;
  };
  const reminderId = (r: ScheduledReminder | undefined) => (r ? `${r.reminderKey}@${r.dueAt}` : '');
  const finished = () => state.status === 'CLOSED' || state.status === 'CANCELLED';
  // A closed cycle whose action points still carry a case stays open to one command, the case's
  // erasure (a person may ask for it long after the follow-up ended); it completes once erased.
  const done = () => finished() && !hasLiveIndividualCase(state);
  const historyTooLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= maxHistoryEvents;
  };

  /** Sends every reminder due by now in one go: a common 09:00 makes many fall due together. */
  const sendDueReminders = () => {
    for (let due = nextReminder(); due && Date.parse(due.dueAt) <= Date.now(); due = nextReminder()) {
      const metadata: CommandMetadata = {
        commandId: `reminder:${due.reminderKey}`,
        actor: { userId: 'suivi-reminders', role: 'SYSTEM' },
        issuedAt: new Date(Date.now()).toISOString(),
      };
      const decision = decide(state, { type: 'SendReminder', reminderKey: due.reminderKey }, metadata);
      if (decision.accepted) {
        apply(decision.events);
        publishSoon = true;
      } else {
        skipped.add(due.reminderKey);
        memo.version = -1;
        log.warn('reminder not sent', { reminderKey: due.reminderKey, reason: decision.error.code });
      }
    }
  };

  for (;;) {
    if (done() && outbox.length === 0) {
      await condition(allHandlersFinished);
      return { cycleId: state.cycleId, status: state.status ?? 'UNKNOWN', version: state.version };
    }
    if (historyTooLong()) {
      // Accepted updates finish first; unpublished events and pending reminders travel with the state.
      await condition(allHandlersFinished);
      return continueAsNew<typeof cycleWorkflow>({
        cycleId: state.cycleId,
        carried: { state, unpublished: [...outbox] },
        options: input.options,
      });
    }
    if (!finished()) sendDueReminders();
    const next = finished() ? undefined : nextReminder();
    const somethingChanged = () =>
      reminderId(finished() ? undefined : nextReminder()) !== reminderId(next) ||
      historyTooLong() ||
      (done() && outbox.length === 0);
    if (!next) {
      await condition(somethingChanged);
      continue;
    }
    // One durable timer for the earliest reminder; it is replaced only when that reminder changes.
    // A timer runs from when the server records it, at the end of this task, later than this
    // task's clock when the worker is busy: the cycle wakes a little early and waits the rest
    // from a fresh task, so reminders leave on time.
    const waitMs = Math.max(1, Date.parse(next.dueAt) - Date.now());
    const wakeEarly = waitMs > 2 * REMINDER_EARLY_WAKE_MS && patched(REMINDER_EARLY_WAKE_PATCH);
    const changed = await condition(somethingChanged, wakeEarly ? waitMs - REMINDER_EARLY_WAKE_MS : waitMs);
    if (!changed) sendDueReminders();
  }
}
