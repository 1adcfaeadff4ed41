import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export class PortInUseError extends Error {}

/** Fails with a message naming the port and the server, before anything is started. */
export async function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(
              `Port ${port} (${what}) is already in use on 127.0.0.1. Stop the process using it, or choose another port with ${variable}.`,
            )
          : error,
      );
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePort()));
  });
}

export async function isPortFree(port: number): Promise<boolean> {
  return assertPortFree(port, '', '').then(
    () => true,
    () => false,
  );
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  pidFile: string;
  /** Run as this user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
  /** The signal that asks for a clean, prompt shutdown (PostgreSQL: SIGINT, "fast"). */
  stopSignal?: NodeJS.Signals;
}

/**
 * A server or app started by Suivi: output goes to its log file, its pid to a pid
 * file, so that a later start can stop it if this launcher died without cleaning up.
 */
export class ManagedProcess {
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private exitSignal: NodeJS.Signals | null = null;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
    private readonly pidFile: string,
    private readonly stopSignal: NodeJS.Signals,
  ) {
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        this.exitSignal = signal;
        // Only our own pid: after a restart the file may already name the next process.
        if (readPid(this.pidFile) === child.pid) rmSync(this.pidFile, { force: true });
        resolveExit(this.exitCode);
      });
    });
  }

  static start(options: StartOptions): ManagedProcess {
    mkdirSync(dirname(options.logFile), { recursive: true });
    mkdirSync(dirname(options.pidFile), { recursive: true });
    const log = openSync(options.logFile, 'a');
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', log, log],
      ...(options.user ?? {}),
    });
    closeSync(log);
    if (child.pid === undefined) throw new Error(`Could not start ${options.name} (${options.command})`);
    writeFileSync(options.pidFile, `${child.pid}\n`);
    return new ManagedProcess(options.name, child, options.logFile, options.pidFile, options.stopSignal ?? 'SIGTERM');
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The stop signal, then SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 15000): Promise<void> {
    if (!this.running) return;
    this.child.kill(this.stopSignal);
    const timedOut = await Promise.race([this.exited.then(() => false), delay(graceMs).then(() => true)]);
    if (timedOut && this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  describeExit(lines = 25): string {
    const how = this.exitSignal ? `signal ${this.exitSignal}` : `code ${this.exitCode}`;
    return `${this.name} exited (${how}); last lines of ${this.logFile}:\n${tailFile(this.logFile, lines)}`;
  }
}

function readPid(pidFile: string): number | undefined {
  try {
    return Number(readFileSync(pidFile, 'utf8').trim().split('\n')[0]);
  } catch {
    return undefined;
  }
}

/**
 * Stops a process this tool started in an earlier run that did not shut down (crash,
 * SIGKILL). Only a pid recorded in our own pid file whose command line still mentions
 * our own marker is touched, never a process found by name.
 */
export async function stopStaleProcess(pidFile: string, marker: string): Promise<boolean> {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').trim().split('\n')[0]);
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return false;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return false; // already gone
  }
  if (!cmdline.includes(marker)) return false;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 150 && existsSync(`/proc/${pid}`); i++) await delay(100);
  if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
  return true;
}

export interface WaitOptions {
  description: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Returns a reason to give up early, e.g. the server process has exited. */
  abortIf?: () => string | undefined;
}

/** Polls until the probe succeeds; the last error is part of the timeout message. */
export async function waitUntil<T>(probe: () => Promise<T>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const abort = options.abortIf?.();
    if (abort) throw new Error(`${options.description}: ${abort}`);
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`${options.description}: not ready after ${options.timeoutMs / 1000} s (${reason})`);
    }
    await delay(options.intervalMs ?? 250);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

export function tailFile(file: string, lines: number): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(-lines - 1)
    .join('\n');
}

/**
 * Runs a command to completion without blocking the event loop (so progress lines keep
 * coming); its output is kept and shown only when it fails, unless `inherit` is set.
 */
export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; inherit?: boolean; uid?: number; gid?: number },
): Promise<string> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    env: options.env ?? process.env,
    stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolveRun, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolveRun(exitCode));
  });
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed with exit code ${code}${output ? `:\n${output.slice(-4000)}` : ''}`,
    );
  }
  return output;
}

export function pidFileFor(runDir: string, name: string): string {
  return join(runDir, `${name}.pid`);
}
