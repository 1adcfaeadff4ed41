import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { issueDevTokenForProfile } from '@suivi/dev-issuer';
import {
  launch,
  pollUntil,
  readStackFile,
  stopLaunched,
  suiviHome,
  waitForReady,
  type LaunchedStack,
  type StackFile,
} from '@suivi/test-support';

/**
 * The chaos profile's replicated stack (ADR 0030), started with the project's own launcher as
 * `npm run stack:cluster` starts the cluster profile: three brokers, Temporal as five processes,
 * two replicas of each app behind HAProxy, every process supervised, each with its pid file.
 */
export interface ChaosStack {
  launched: LaunchedStack;
  stack: StackFile;
  /** HAProxy's URL: the cluster's public API. */
  api: string;
  /** A desk officer of KH, as the load's client. */
  token: string;
}

const runDir = () => join(suiviHome(), 'chaos', 'run');
const pidFile = (name: string) => join(runDir(), `${name}.pid`);

/** A cold start may build the Temporal server from its Go module first (ADR 0028: about 13 minutes). */
const START_TIMEOUT_MS = 40 * 60_000;

export async function startChaosStack(): Promise<ChaosStack> {
  rmSync(join(suiviHome(), 'chaos', 'data'), { recursive: true, force: true });
  const launched = launch('start', 'chaos', { SUIVI_DEMO_DATA: 'false' });
  await waitForReady(launched, START_TIMEOUT_MS);
  const stack = readStackFile('chaos');
  const token = await issueDevTokenForProfile('chaos', { userId: 'chaos.kh', role: 'desk-officer', countries: ['KH'] });
  return { launched, stack, api: `http://127.0.0.1:${stack.ports.api}`, token };
}

/** Stops the launcher (SIGTERM: it stops everything it started) and returns its exit code. */
export function stopChaosStack(chaos: ChaosStack | undefined): Promise<number | null> {
  return chaos ? stopLaunched(chaos.launched, 180_000) : Promise.resolve(null);
}

/** The pid of one supervised process, from its pid file (`api-1`, `worker-2`, `kafka-3`, `temporal-history-1`, ...). */
export function pidOf(name: string): number {
  return Number(readFileSync(pidFile(name), 'utf8').trim());
}

export const isAlive = (pid: number) => existsSync(`/proc/${pid}`);

/** Resolves with the new pid once the launcher has restarted `name` (its pid file names another live process). */
export function waitForRestart(name: string, oldPid: number, timeoutMs = 120_000): Promise<number> {
  return pollUntil(async () => {
    if (!existsSync(pidFile(name))) return undefined;
    const pid = pidOf(name);
    return pid !== oldPid && isAlive(pid) ? pid : undefined;
  }, timeoutMs);
}

/** Resolves once HAProxy's readiness (every dependency of an API replica) answers 200. */
export async function waitUntilReady(api: string, timeoutMs = 180_000): Promise<number> {
  const from = Date.now();
  await pollUntil(
    async () => {
      const response = await fetch(`${api}/health/ready`, { signal: AbortSignal.timeout(10_000) }).catch(
        () => undefined,
      );
      return response?.status === 200 ? true : undefined;
    },
    timeoutMs,
    500,
  );
  return Date.now() - from;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) await task(items[i] as T, i);
  });
  await Promise.all(runners);
}
