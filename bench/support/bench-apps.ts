import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, repoRoot, suiviHome, type StackFile } from '@suivi/test-support';
import { log } from './figures';

/**
 * One of Suivi's apps from its build (the build `npm start` runs: Nest's decorator metadata and
 * the notifier's JSX templates come from it), in its own process on the bench stack, its output
 * in `<bench>/logs/<name>.log`. Ready once its output holds `readyLine`.
 */
export async function startBuiltApp(
  name: 'notifier' | 'projector',
  stack: StackFile,
  env: Record<string, string>,
  readyLine: string,
): Promise<ChildProcess> {
  const logDir = join(suiviHome(), 'bench', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFd = openSync(join(logDir, `${name}.log`), 'a');
  log(`building the ${name} (Nx, cached)`);
  const build = spawnSync(join(repoRoot, 'node_modules', '.bin', 'nx'), ['build', name, '--outputStyle=static'], {
    cwd: repoRoot,
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error(`nx build ${name} failed`);
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'apps', name, 'main.js')], {
    cwd: repoRoot,
    env: { ...process.env, ...stack.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', logFd],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    writeSync(logFd, chunk);
  });
  try {
    await pollUntil(async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${output.slice(-2000)}`);
      return output.includes(readyLine) ? true : undefined;
    }, 120_000);
  } catch (error) {
    child.kill('SIGKILL'); // never leave an app behind
    throw error;
  }
  return child;
}

/** Stops an app started by startBuiltApp (SIGTERM, as the launcher does) and waits for it. */
export async function stopBuiltApp(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}
