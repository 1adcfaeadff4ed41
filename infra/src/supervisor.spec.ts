import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess, waitUntil } from './processes';
import { RestartPolicy, Supervisor, type RestartPolicyOptions, type Supervisable } from './supervisor';

const policyOptions: RestartPolicyOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  maxExitsInWindow: 5,
  crashLoopWindowMs: 120_000,
  stableAfterMs: 60_000,
};

/** A clock the tests move by hand. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RestartPolicy', () => {
  it('backs off exponentially, 1 s then 2 s, 4 s, 8 s, 16 s, while the process keeps dying young', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy(policyOptions, clock.now);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(2000); // ran 2 s, then died
      const decision = policy.exited();
      if (decision.action !== 'restart') throw new Error(`gave up after ${i} exits`);
      delays.push(decision.delayMs);
      clock.advance(decision.delayMs);
      policy.started();
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('gives up at the sixth unexpected exit within two minutes (a crash loop)', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy(policyOptions, clock.now);
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      expect(policy.exited().action).toBe('restart');
      policy.started();
    }
    clock.advance(1000);
    expect(policy.exited()).toEqual({ action: 'give-up', exits: 6, windowMs: 120_000 });
  });

  it('caps the delay', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy({ ...policyOptions, maxExitsInWindow: 100 }, clock.now);
    let last = 0;
    for (let i = 0; i < 10; i++) {
      const decision = policy.exited();
      if (decision.action === 'restart') last = decision.delayMs;
      policy.started();
    }
    expect(last).toBe(30_000);
  });

  it('forgets exits older than the window, so occasional crashes are always restarted', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy(policyOptions, clock.now);
    for (let i = 0; i < 20; i++) {
      clock.advance(30_000); // one exit every 30 s: at most 4 in any two minutes
      expect(policy.exited().action).toBe('restart');
      policy.started();
    }
  });

  it('starts the back-off again at 1 s after the process ran stably', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy(policyOptions, clock.now);
    clock.advance(1000);
    policy.exited();
    policy.started();
    clock.advance(1000);
    expect(policy.exited()).toMatchObject({ delayMs: 2000 });
    policy.started();
    clock.advance(61_000);
    expect(policy.exited()).toMatchObject({ action: 'restart', delayMs: 1000 });
  });
});

/** A process that ends when the test says so, or when stopped. */
class FakeProcess implements Supervisable {
  static nextPid = 1000;
  readonly pid = FakeProcess.nextPid++;
  readonly logFile = '/suivi/logs/worker.log';
  running = true;
  stopped = false;
  readonly exited: Promise<number | null>;
  private end!: (code: number | null) => void;

  constructor(readonly name = 'worker') {
    this.exited = new Promise((resolveExit) => (this.end = resolveExit));
  }

  crash(code = 1): void {
    this.running = false;
    this.end(code);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.running) this.crash(0);
  }

  describeExit(): string {
    return `${this.name} exited (code 1); last lines of ${this.logFile}:\nError: boom`;
  }
}

const flush = () => new Promise((r) => setImmediate(r));

function harness(options: { shuttingDown?: () => boolean; restartFails?: () => boolean } = {}) {
  const clock = fakeClock();
  const sleeps: number[] = [];
  const logs: string[] = [];
  const giveUps: string[] = [];
  const started: FakeProcess[] = [];
  let releaseSleep: (() => void) | undefined;
  let holdSleeps = false;
  const first = new FakeProcess();
  const supervisor = new Supervisor<FakeProcess>({
    process: first,
    restart: async () => {
      if (options.restartFails?.()) throw new Error('port still taken');
      const next = new FakeProcess();
      started.push(next);
      return next;
    },
    policy: new RestartPolicy(policyOptions, clock.now),
    shuttingDown: options.shuttingDown ?? (() => false),
    log: (message) => logs.push(message),
    giveUp: (message) => giveUps.push(message),
    settleMs: 0,
    sleep: (ms, signal) => {
      if (ms > 0) sleeps.push(ms);
      clock.advance(ms);
      if (!holdSleeps || ms === 0) return Promise.resolve();
      return new Promise<void>((resolveSleep) => {
        releaseSleep = resolveSleep;
        signal.addEventListener('abort', () => resolveSleep());
      });
    },
  });
  return {
    clock,
    sleeps,
    logs,
    giveUps,
    started,
    first,
    supervisor,
    hold: () => (holdSleeps = true),
    release: () => releaseSleep?.(),
  };
}

describe('Supervisor', () => {
  it('restarts a process that exits unexpectedly, logging its exit and last log lines', async () => {
    const h = harness();
    h.first.crash(137);
    await flush();
    expect(h.started).toHaveLength(1);
    expect(h.supervisor.process).toBe(h.started[0]);
    expect(h.sleeps).toEqual([1000]);
    expect(h.logs[0]).toContain(`worker (pid ${h.first.pid}) exited unexpectedly; restart 1 in 1 s.`);
    expect(h.logs[0]).toContain('last lines of /suivi/logs/worker.log:\nError: boom');
    expect(h.logs[1]).toBe(`worker restarted (pid ${h.started[0].pid})`);

    h.clock.advance(5000);
    h.started[0].crash();
    await flush();
    expect(h.started).toHaveLength(2);
    expect(h.sleeps).toEqual([1000, 2000]);
    await h.supervisor.stop();
    expect(h.started[1].stopped).toBe(true);
  });

  it('does not restart a process that exits during a shutdown', async () => {
    let shuttingDown = false;
    const h = harness({ shuttingDown: () => shuttingDown });
    shuttingDown = true;
    h.first.crash(0);
    await flush();
    expect(h.started).toHaveLength(0);
    expect(h.logs).toEqual([]);
  });

  it('cancels a restart already scheduled when stopped during the back-off', async () => {
    const h = harness();
    h.hold();
    h.first.crash();
    await flush();
    expect(h.sleeps).toEqual([1000]);
    await h.supervisor.stop();
    h.release();
    await flush();
    expect(h.started).toHaveLength(0);
  });

  it('gives up on a crash loop, once, naming the process and its log, and restarts nothing more', async () => {
    const h = harness();
    let current: FakeProcess = h.first;
    for (let i = 0; i < 6; i++) {
      h.clock.advance(500);
      current.crash(1);
      await flush();
      current = h.supervisor.process;
    }
    expect(h.started).toHaveLength(5);
    expect(h.sleeps).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(h.giveUps).toHaveLength(1);
    expect(h.giveUps[0]).toMatch(/^worker exited 6 times within 120 s \(crash loop\): stopping the whole stack/);
    expect(h.giveUps[0]).toContain('See /suivi/logs/worker.log');
  });

  it('counts a restart that fails to start as another exit', async () => {
    let failures = 2;
    const h = harness({ restartFails: () => failures-- > 0 });
    h.first.crash();
    await flush();
    await flush();
    expect(h.sleeps).toEqual([1000, 2000, 4000]);
    expect(h.logs.filter((l) => l.includes('could not be restarted: port still taken'))).toHaveLength(2);
    expect(h.started).toHaveLength(1);
    expect(h.supervisor.process).toBe(h.started[0]);
  });
});

describe('Supervisor with a real process (what the launcher does to the worker)', () => {
  it('brings a SIGKILLed process back by itself, with its new pid in the pid file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suivi-supervisor-'));
    const pidFile = join(dir, 'run', 'sleeper.pid');
    const start = () =>
      ManagedProcess.start({
        name: 'sleeper',
        command: process.execPath,
        args: ['-e', 'console.log("up"); setTimeout(() => undefined, 60000)'],
        cwd: dir,
        env: process.env,
        logFile: join(dir, 'logs', 'sleeper.log'),
        pidFile,
      });
    const logs: string[] = [];
    const supervisor = new Supervisor({
      process: start(),
      restart: async () => start(),
      policy: new RestartPolicy({ ...policyOptions, initialDelayMs: 50 }),
      shuttingDown: () => false,
      log: (message) => logs.push(message),
      giveUp: (message) => logs.push(message),
    });
    const first = supervisor.process;
    expect(Number(readFileSync(pidFile, 'utf8'))).toBe(first.pid);
    process.kill(first.pid, 'SIGKILL');
    const second = await waitUntil(
      async () => {
        if (supervisor.process === first) throw new Error('not restarted yet');
        return supervisor.process;
      },
      { description: 'restart', timeoutMs: 10_000, intervalMs: 20 },
    );
    expect(second.pid).not.toBe(first.pid);
    expect(second.running).toBe(true);
    expect(Number(readFileSync(pidFile, 'utf8'))).toBe(second.pid);
    expect(logs[0]).toContain('exited unexpectedly; restart 1 in 0.1 s. sleeper exited (signal SIGKILL)');
    expect(logs[0]).toContain('up');

    await supervisor.stop(5000);
    expect(second.running).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(supervisor.process).toBe(second); // a requested stop is not restarted
  });
});
