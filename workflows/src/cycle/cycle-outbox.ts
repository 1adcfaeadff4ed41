import type { CycleEvent } from '@suivi/domain';
import type { WorkflowClock } from './workflow-clock';

/** How a batch reaches Kafka: the workflow wires the activity proxies in (cycle.workflow.ts). */
export interface Publication {
  /** Durable activity, retried until Kafka accepts; dispatched only once the scheduling task is committed. */
  durably(events: CycleEvent[]): Promise<void>;
  /** Local activity, one bounded attempt, run inside the current task: for committed events only. */
  fromThisTask(events: CycleEvent[]): Promise<void>;
}

export interface OutboxOptions {
  /** At most this many events per publication. */
  batchSize: number;
  /**
   * The publication window (cycle option `publishDelayMs`): a cycle that published within the
   * last window batches what it accepts for up to this long (MACHINE_RATE_WINDOW_FACTOR times
   * as long while a machine feeds it); one that did not publishes at once.
   */
  delayMs: number;
}

/**
 * Guards adaptive publication (ADR 0026): a cycle replaying a history recorded before it (a
 * quiet command then started the window's timer) keeps doing so.
 */
export const ADAPTIVE_PUBLICATION_PATCH = 'adaptive-publication';

/** Part of the window after which a command task publishes (the rest is its slot before the timer fires). */
export const COMMAND_TASK_PUBLISHES_AFTER = 0.8;

/**
 * Guards the longer window of a cycle fed faster than a person works (ADR 0026, second
 * amendment): a cycle replaying a history recorded before it keeps the window it recorded.
 */
export const MACHINE_RATE_WINDOW_PATCH = 'machine-rate-window';

/**
 * Commands accepted between one publication's start and the next from which a cycle is fed by a
 * machine (an import, an API client, a benchmark): more than two a second over the default
 * window, which no one reaches through the web app's forms.
 */
export const MACHINE_RATE_COMMANDS = 6;

/** How many times the window such a cycle batches for: half the windows, each costing the worker a timer, an activation and a Kafka request. */
export const MACHINE_RATE_WINDOW_FACTOR = 2;

/**
 * The publishing loop stopped (a bug, or an activity failure it cannot retry). Not a Temporal
 * failure: thrown from the workflow, it fails the workflow task, which Temporal retries and shows,
 * instead of leaving a cycle that silently stops publishing.
 */
export class PublishingStopped extends Error {
  constructor(readonly reason: unknown) {
    super(`publishing loop stopped: ${describe(reason)}`);
    this.name = 'PublishingStopped';
  }
}

/** The message and its causes' ("Activity task failed: <the activity's own message>"). */
function describe(reason: unknown): string {
  const messages: string[] = [];
  for (let e = reason; e !== undefined && e !== null && messages.length < 5; e = (e as { cause?: unknown }).cause) {
    messages.push(e instanceof Error ? e.message : String(e));
  }
  return messages.join(': ');
}

/**
 * The cycle's accepted events waiting for publication, in sequence order, and the loop that
 * publishes them (ADR 0007, ADR 0013). A workflow task is identified by the history length when
 * it started: an event produced in an earlier task than the current one is committed to history,
 * and only committed events are published from a task, so nothing on Kafka can differ from what
 * the history recorded.
 */
export class CycleOutbox {
  private readonly waiting: CycleEvent[];
  /** The task that produced each waiting event (0: carried from the previous run, so committed). */
  private readonly producedInTask: number[];
  private lastPublishedSequence: number;
  /**
   * Set when reminders were sent, or when a quiet cycle accepted a command: the next
   * publication leaves at once, by the durable activity, rather than after the window.
   */
  private soon = false;
  /** Workflow time of the last publication's start; undefined before the run's first. */
  private lastPublicationAt: number | undefined;
  /** Set while a publication is under way (its events are still waiting). */
  private publishing = false;
  /** Set while a publication that left at once (`soon`) is under way. */
  private quietPublicationUnderWay = false;
  /** Set by a command accepted during such a publication: what waits leaves when it completes. */
  private afterPublication = false;
  /** When the current window started (the loop's first waiting event), undefined between windows. */
  private windowStartedAt: number | undefined;
  /** The current window's length: the option's, or longer for a machine-fed cycle. */
  private windowMs: number;
  /** Commands accepted (and reminders sent: both reach `add`) since the last publication started. */
  private acceptedSincePublication = 0;
  /** Set when at least MACHINE_RATE_COMMANDS commands were accepted from one publication's start to the next. */
  private fedByMachine = false;
  /** Set by an accepted command's task once past the threshold: that task publishes. */
  private commandTaskPublishes = false;
  /** Set when the loop died; the workflow throws it (see PublishingStopped). */
  failure: PublishingStopped | undefined;

  constructor(
    private readonly clock: WorkflowClock,
    private readonly publication: Publication,
    private readonly options: OutboxOptions,
    carried: readonly CycleEvent[],
    stateVersion: number,
  ) {
    this.waiting = [...carried];
    this.producedInTask = carried.map(() => 0);
    this.lastPublishedSequence = carried.length > 0 ? carried[0].sequence - 1 : stateVersion;
    this.windowMs = options.delayMs;
  }

  /**
   * Accepted events, produced by the current task. Whether this task publishes the committed
   * ones is decided here, in the task of an accepted command (which history keeps), never in a
   * condition's predicate: predicates run in every task, including a refused Update's, which
   * history does not keep, so a time-based predicate that cancelled the window's timer there
   * could not be replayed (a determinism error on the cycle's next query or task).
   */
  add(events: readonly CycleEvent[]): void {
    if (events.length === 0) return;
    const task = this.clock.currentTask();
    this.acceptedSincePublication++;
    // `patched` last: it records its marker only in the task that takes the new path.
    if (this.isQuiet() && this.clock.patched(ADAPTIVE_PUBLICATION_PATCH)) {
      // Nagle-like (ADR 0026): nothing published within the window and nothing waiting, so no
      // batch is forming that these events could join; they leave as soon as this task commits.
      this.soon = true;
    } else if (this.quietPublicationUnderWay && this.clock.patched(ADAPTIVE_PUBLICATION_PATCH)) {
      // As Nagle sends on the acknowledgement: a quiet cycle's publication is under way (its
      // activity not yet done), so these leave from the task that completes it, not a window later.
      this.afterPublication = true;
    }
    const thresholdMs = this.windowMs * COMMAND_TASK_PUBLISHES_AFTER;
    if (
      this.windowStartedAt !== undefined &&
      this.clock.now() - this.windowStartedAt >= thresholdMs &&
      this.producedInTask.length > 0 &&
      this.producedInTask[0] < task
    ) {
      this.commandTaskPublishes = true;
    }
    this.waiting.push(...events);
    for (let i = 0; i < events.length; i++) this.producedInTask.push(task);
  }

  /** No event waiting, no publication under way, none started within the last window. */
  private isQuiet(): boolean {
    return (
      this.waiting.length === 0 &&
      !this.publishing &&
      (this.lastPublicationAt === undefined || this.clock.now() - this.lastPublicationAt >= this.options.delayMs)
    );
  }

  /** The next publication leaves at once, from a durable activity (reminders do not wait). */
  publishSoon(): void {
    this.soon = true;
  }

  isEmpty(): boolean {
    return this.waiting.length === 0;
  }

  /** What travels to the next run on continue-as-new. */
  unpublished(): CycleEvent[] {
    return [...this.waiting];
  }

  status(): { unpublished: number; lastPublishedSequence: number } {
    return { unpublished: this.waiting.length, lastPublishedSequence: this.lastPublishedSequence };
  }

  /** Starts the loop; its death is kept in `failure` for the workflow to throw, never only logged. */
  start(): void {
    this.run().catch((error: unknown) => {
      this.failure = error instanceof PublishingStopped ? error : new PublishingStopped(error);
    });
  }

  /**
   * Publishes in sequence order and never blocks commands. A quiet cycle's accepted events
   * (see `add`) leave at once: the task that produced them schedules the durable activity,
   * which Temporal dispatches only once that task is committed (ADR 0007's invariant holds),
   * so a command's event reaches Kafka one activity dispatch after its reply. Otherwise,
   * once events are waiting, one timer of the window runs (twice as long while a machine feeds
   * the cycle, see `nextWindowMs`). Under a flow of commands, the first command task after 80 % of the window
   * publishes, by the local activity, every event produced before it, and the timer is cancelled
   * before it fires: no extra workflow task per window. A quiet cycle publishes from the task the
   * timer starts. (Were the threshold the whole window, only a command landing in the moment
   * between the window's end and the timer's firing could publish.) Reminders do not wait: the
   * task that sent them schedules the durable activity, which Temporal dispatches only once that
   * task is committed. When Kafka does not answer, the durable activity retries until it does,
   * while commands keep being accepted.
   *
   * Every `await` is the SDK's own promise, awaited here directly: the order of the workflow's
   * commands within a task depends on it (determinism).
   */
  async run(): Promise<never> {
    const { condition, now } = this.clock;
    for (;;) {
      await condition(() => this.waiting.length > 0);
      this.windowStartedAt = now();
      // State-only predicates: see `add`.
      if (!this.soon && !this.afterPublication) {
        this.windowMs = this.nextWindowMs();
        await condition(() => this.soon || this.commandTaskPublishes, this.windowMs);
      }
      this.windowStartedAt = undefined;
      this.commandTaskPublishes = false;
      this.afterPublication = false;
      if (this.soon) {
        this.soon = false;
        const batch = this.waiting.slice(0, this.options.batchSize);
        this.starting();
        this.quietPublicationUnderWay = true;
        await this.publication.durably(batch);
        this.published(batch.length);
        continue;
      }
      const committed = this.committedCount();
      if (committed === 0) continue;
      const batch = this.waiting.slice(0, committed);
      this.starting();
      try {
        await this.publication.fromThisTask(batch);
      } catch {
        await this.publication.durably(batch);
      }
      this.published(committed);
    }
  }

  /**
   * The window's length: longer while commands arrive faster than a person sends them, so that
   * a machine-fed cycle publishes half as often (ADR 0026). Decided in the task that starts the
   * window (a command's or a publication's, both kept in history), from a count only accepted
   * commands change.
   */
  private nextWindowMs(): number {
    // `patched` last: it records its marker only in the task that takes the new path.
    return this.fedByMachine && this.clock.patched(MACHINE_RATE_WINDOW_PATCH)
      ? this.options.delayMs * MACHINE_RATE_WINDOW_FACTOR
      : this.options.delayMs;
  }

  /** A publication starts: commands accepted until it ends join the next batch, as within the window after it. */
  private starting(): void {
    this.lastPublicationAt = this.clock.now();
    this.publishing = true;
    this.fedByMachine = this.acceptedSincePublication >= MACHINE_RATE_COMMANDS;
    this.acceptedSincePublication = 0;
  }

  /** How many waiting events, from the first, a task may publish now (committed, within a batch). */
  private committedCount(): number {
    const task = this.clock.currentTask();
    let committed = 0;
    while (
      committed < this.waiting.length &&
      committed < this.options.batchSize &&
      this.producedInTask[committed] < task
    ) {
      committed++;
    }
    return committed;
  }

  private published(count: number): void {
    this.publishing = false;
    this.quietPublicationUnderWay = false;
    this.lastPublishedSequence = this.waiting[count - 1].sequence;
    this.waiting.splice(0, count);
    this.producedInTask.splice(0, count);
  }
}
