import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, repoRoot, suiviHome, type StackFile } from '@suivi/test-support';
import { issueDevToken } from '@suivi/dev-issuer';
import { log } from './figures';

export interface BenchApi {
  baseUrl: string;
  token(userId: string, role: string, countries: string[]): Promise<string>;
  stop(): Promise<void>;
}

const BENCH_API_PORT = Number(process.env['BENCH_API_PORT'] ?? 33000);

/**
 * The real API app, built as `npm start` builds it (Nest needs its decorator metadata, which
 * only the build emits), on the bench stack, with its own development token issuer.
 */
export async function startApi(stack: StackFile, taskQueue: string): Promise<BenchApi> {
  log('building the API (Nx, cached)');
  const build = spawnSync(join(repoRoot, 'node_modules', '.bin', 'nx'), ['build', 'api', '--outputStyle=static'], {
    cwd: repoRoot,
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('nx build api failed');
  const logDir = join(suiviHome(), 'bench', 'logs');
  mkdirSync(logDir, { recursive: true });
  const issuerDir = join(suiviHome(), 'bench', 'data', 'secrets', 'dev-issuer');
  const logFd = openSync(join(logDir, 'api.log'), 'a');
  // BENCH_API_CPU_PROF=1 writes a V8 CPU profile of the API under <bench>/logs when it stops.
  const profile = process.env['BENCH_API_CPU_PROF'] === '1' ? ['--cpu-prof', '--cpu-prof-dir', logDir] : [];
  const child = spawn(process.execPath, [...profile, join(repoRoot, 'dist', 'apps', 'api', 'main.js')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...stack.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TEMPORAL_TASK_QUEUE: taskQueue,
      API_PORT: String(BENCH_API_PORT),
      API_MIGRATIONS_DIR: join(repoRoot, 'apps', 'api', 'migrations'),
      AUTH_DEV_ISSUER_DIR: issuerDir,
      CALENDAR_FEED_SECRET: randomBytes(32).toString('base64'),
      // Required since individual cases (ADR 0012); a throwaway key for a throwaway database.
      CASE_MASTER_KEYS: `case-bench:${randomBytes(32).toString('base64')}`,
    },
    stdio: ['ignore', logFd, logFd],
  });
  const baseUrl = `http://127.0.0.1:${BENCH_API_PORT}`;
  try {
    await pollUntil(async () => {
      if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}; see ${logDir}/api.log`);
      const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    }, 120_000);
  } catch (error) {
    child.kill('SIGKILL'); // never leave an API behind
    throw error;
  }
  return {
    baseUrl,
    token: (userId, role, countries) =>
      issueDevToken(issuerDir, { userId, role, countries, issuer: 'suivi-dev-issuer', audience: 'suivi-api' }),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
