import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

/** What the launcher writes to <profile>/run/stack.json once the stack is ready. */
export interface StackFile {
  profile: string;
  ports: {
    api: number;
    temporal: number;
    temporalUi: number;
    kafka: number;
    kafkaController: number;
    postgres: number;
    /** Mailpit's SMTP port and its web UI / HTTP API port. */
    smtp: number;
    mailpitUi: number;
  };
  env: {
    TEMPORAL_ADDRESS: string;
    TEMPORAL_NAMESPACE: string;
    TEMPORAL_TASK_QUEUE: string;
    TEMPORAL_CODEC_KEYS: string;
    KAFKA_BROKERS: string;
    DATABASE_URL: string;
    /** Where the apps send mail: the stack's Mailpit (plain SMTP on loopback). */
    SMTP_HOST: string;
    SMTP_PORT: string;
    SMTP_SECURE: string;
    MAIL_FROM: string;
    /** Mailpit's HTTP API, for MailpitClient. */
    MAILPIT_API_URL: string;
  };
  tools: {
    temporalCli: string;
    temporalTestServer: string;
    kafkaLibDir: string;
    kafkaLog4jConfig: string;
    pgDump: string;
    psql: string;
    mailpit?: string;
  };
}

/** The launcher's profiles a test or bench starts (dev is the user's own `npm start`). */
export type LaunchedProfile = 'test' | 'e2e' | 'bench' | 'cluster' | 'chaos';

export function suiviHome(): string {
  return resolve(process.env['SUIVI_HOME'] ?? join(repoRoot, '.suivi'));
}

export function stackFilePath(profile: LaunchedProfile): string {
  return join(suiviHome(), profile, 'run', 'stack.json');
}

export function readStackFile(profile: LaunchedProfile): StackFile {
  return JSON.parse(readFileSync(stackFilePath(profile), 'utf8')) as StackFile;
}

export interface LaunchedStack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the project's own launcher (`node infra/bootstrap.cjs <command>`), as a user would. */
export function launch(
  command: 'start' | 'servers',
  profile: LaunchedProfile,
  env: NodeJS.ProcessEnv = {},
): LaunchedStack {
  return runLauncher([command, '--profile', profile], env);
}

/** Any launcher command (`node infra/bootstrap.cjs <args>`), its output kept for the failure message. */
export function runLauncher(args: string[], env: NodeJS.ProcessEnv = {}): LaunchedStack {
  const child = spawn(process.execPath, [join(repoRoot, 'infra', 'bootstrap.cjs'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

/** Resolves when the launcher prints that the stack is ready; rejects if it exits or times out first. */
export async function waitForReady(stack: LaunchedStack, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void stack.exited.then(() => (exited = true));
  while (!/is ready in/.test(stack.output())) {
    if (exited) throw new Error(`launcher exited before ready:\n${stack.output()}`);
    if (Date.now() > deadline) throw new Error(`launcher not ready after ${timeoutMs / 1000} s:\n${stack.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stopLaunched(stack: LaunchedStack, timeoutMs = 90_000): Promise<number | null> {
  if (stack.child.exitCode !== null) return stack.child.exitCode;
  stack.child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
  const result = await Promise.race([stack.exited, timer]);
  if (result === 'timeout') {
    stack.child.kill('SIGKILL');
    throw new Error(`launcher did not stop within ${timeoutMs / 1000} s:\n${stack.output()}`);
  }
  return result;
}
