import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './chromium';
import { say } from './console';
import { repoRoot, resolveSettings } from './settings';
import { ensureTools } from './tools';

/** Runs bench/<name>.bench.ts; it starts its own servers (bench profile) and ends with one JSON line. */
export async function runBenchmark(name: string | undefined): Promise<number> {
  const file = name ? join(repoRoot, 'bench', `${name}.bench.ts`) : '';
  if (!name || !existsSync(file)) {
    say(`unknown benchmark "${name ?? ''}"; expected commands, reminders, scale, rebuild, api, web, notify or cluster`);
    return 2;
  }
  await ensureTools(resolveSettings('bench').toolsDir);
  // bench:web measures the web app in a real Chromium.
  const browser = name === 'web' ? { SUIVI_CHROMIUM: await ensureChromium() } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...browser, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') },
  });
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolveCode) => child.once('exit', (code) => resolveCode(code ?? 1)));
}
