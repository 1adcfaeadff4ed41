/**
 * Keeps what the launcher started running: a process that exits while nobody asked it to
 * is started again after an exponential back-off (1 s, 2 s, 4 s ... capped), and a process
 * that keeps dying (a crash loop) makes the launcher stop the whole stack and exit non-zero,
 * naming the process and its log. A shutdown (Ctrl-C, SIGTERM) never triggers a restart.
 */

export interface RestartPolicyOptions {
  /** Delay before the first restart; doubled for each further one in a row. */
  initialDelayMs: number;
  /** The back-off never waits longer than this. */
  maxDelayMs: number;
  /** More unexpected exits than this within `crashLoopWindowMs` is a crash loop. */
  maxExitsInWindow: number;
  crashLoopWindowMs: number;
  /** A process that ran this long before exiting starts the back-off again from `initialDelayMs`. */
  stableAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicyOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  maxExitsInWindow: 5,
  crashLoopWindowMs: 120_000,
  stableAfterMs: 60_000,
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number; restart: number }
  | { action: 'give-up'; exits: number; windowMs: number };

/** The policy alone, on an injected clock: what to do after each unexpected exit. */
export class RestartPolicy {
  private exits: number[] = [];
  private inARow = 0;
  private startedAt: number;
  private restarts = 0;

  constructor(
    readonly options: RestartPolicyOptions = defaultRestartPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** The process was (re)started now. */
  started(): void {
    this.startedAt = this.now();
  }

  /** The process exited unexpectedly now: restart it after `delayMs`, or give up. */
  exited(): RestartDecision {
    const now = this.now();
    const { crashLoopWindowMs, maxExitsInWindow, stableAfterMs, initialDelayMs, maxDelayMs } = this.options;
    this.exits = [...this.exits.filter((at) => now - at < crashLoopWindowMs), now];
    if (this.exits.length > maxExitsInWindow) {
      return { action: 'give-up', exits: this.exits.length, windowMs: crashLoopWindowMs };
    }
    this.inARow = now - this.startedAt >= stableAfterMs ? 1 : this.inARow + 1;
    this.restarts += 1;
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (this.inARow - 1));
    return { action: 'restart', delayMs, restart: this.restarts };
  }
}

/** What the supervisor needs of a started process (ManagedProcess; a fake in unit tests). */
export interface Supervisable {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<number | null>;
  readonly running: boolean;
  stop(graceMs?: number): Promise<void>;
  /** How it ended and its log's last lines. */
  describeExit(lines?: number): string;
}

export interface SupervisorOptions<P extends Supervisable> {
  /** The process already started (and checked healthy) by the launcher. */
  process: P;
  /** Starts it again with the same command line; may wait until it is healthy (and throw if it is not). */
  restart: () => Promise<P>;
  policy?: RestartPolicy;
  /** Grace period of a requested stop before SIGKILL. */
  stopGraceMs?: number;
  /** True once the launcher is shutting down: an exit is then expected. */
  shuttingDown: () => boolean;
  log: (message: string) => void;
  /** Called once, on a crash loop, with the message for the user; the launcher then stops everything. */
  giveUp: (message: string) => void;
  /** Waits `ms` unless aborted (fake in unit tests). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Pause after an exit before judging it (a Ctrl-C reaches the children and us at once). */
  settleMs?: number;
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolveSleep) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolveSleep();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

const SETTLE_MS = 250;

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** Watches one process; restarts it on an unexpected exit, per its RestartPolicy. */
export class Supervisor<P extends Supervisable> {
  private current: P;
  private stopping = false;
  private readonly aborted = new AbortController();
  private readonly policy: RestartPolicy;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly loop: Promise<void>;
  /** A restart under way (its start may wait for health), so stop() can wait for it. */
  private restarting: Promise<P | undefined> | undefined;

  constructor(private readonly options: SupervisorOptions<P>) {
    this.current = options.process;
    this.policy = options.policy ?? new RestartPolicy();
    this.sleep = options.sleep ?? abortableSleep;
    this.loop = this.watch();
  }

  get name(): string {
    return this.current.name;
  }

  /** The process now running (another one after each restart). */
  get process(): P {
    return this.current;
  }

  private expected(): boolean {
    return this.stopping || this.options.shuttingDown();
  }

  private async watch(): Promise<void> {
    for (;;) {
      await this.current.exited;
      // Ctrl-C reaches our children too (same process group), possibly before it reaches us:
      // give the launcher's own signal handler a moment to mark the shutdown.
      await this.sleep(this.options.settleMs ?? SETTLE_MS, this.aborted.signal);
      if (this.expected()) return;
      const decision = this.policy.exited();
      const name = this.current.name;
      if (decision.action === 'give-up') {
        this.options.giveUp(
          `${name} exited ${decision.exits} times within ${seconds(decision.windowMs)} (crash loop): ` +
            `stopping the whole stack. See ${this.current.logFile}; ${this.current.describeExit(15)}`,
        );
        return;
      }
      this.options.log(
        `${name} (pid ${this.current.pid}) exited unexpectedly; restart ${decision.restart} in ` +
          `${seconds(decision.delayMs)}. ${this.current.describeExit(10)}`,
      );
      await this.sleep(decision.delayMs, this.aborted.signal);
      if (this.expected()) return;
      const next = await this.startAgain();
      if (!next) continue; // the start itself failed: counted as another exit
      if (this.expected()) {
        await next.stop(this.options.stopGraceMs);
        return;
      }
      this.current = next;
      this.policy.started();
      this.options.log(`${name} restarted (pid ${next.pid})`);
    }
  }

  /** Starts the process again; a start that throws counts as an exit (the previous process stays current). */
  private async startAgain(): Promise<P | undefined> {
    this.restarting = this.options.restart().then(
      (started) => started,
      (error: unknown) => {
        this.options.log(
          `${this.current.name} could not be restarted: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      },
    );
    try {
      return await this.restarting;
    } finally {
      this.restarting = undefined;
    }
  }

  /** Stops the process for good: no restart happens after this, even one already scheduled. */
  async stop(graceMs = this.options.stopGraceMs): Promise<void> {
    this.stopping = true;
    this.aborted.abort();
    const restarting = this.restarting;
    if (restarting) await (await restarting)?.stop(graceMs);
    await this.current.stop(graceMs);
    await this.loop;
  }
}
