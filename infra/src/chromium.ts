import { existsSync } from 'node:fs';
import { withProgress } from './console';
import { run } from './processes';

/**
 * Where the browser tests find Chromium. Playwright's own browser download cannot reach its host
 * from these machines, so the tests drive the distribution's Chromium (Debian's `chromium`
 * package) through `executablePath`. SUIVI_CHROMIUM names another binary.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const named = env['SUIVI_CHROMIUM'];
  if (named) return exists(named) ? named : undefined;
  return CANDIDATES.find((path) => exists(path));
}

export const CHROMIUM_MISSING =
  'Chromium is needed for the browser tests and was not found. On Debian or Ubuntu, as root: ' +
  '`apt-get update && apt-get install -y chromium`; or set SUIVI_CHROMIUM to a Chromium or Chrome binary.';

/**
 * Finds Chromium, installing Debian's package when this process may (root, with apt-get): a new
 * machine runs `npm test` with nothing else to set up. Otherwise says exactly what to run.
 */
export async function ensureChromium(): Promise<string> {
  const found = findChromium();
  if (found) return found;
  if (process.env['SUIVI_CHROMIUM']) throw new Error(`SUIVI_CHROMIUM=${process.env['SUIVI_CHROMIUM']} does not exist`);
  const mayInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!mayInstall) throw new Error(CHROMIUM_MISSING);
  await withProgress('Installing Chromium for the browser tests (Debian package, apt-get)', async () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { cwd: '/', env });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { cwd: '/', env });
  });
  const installed = findChromium();
  if (!installed) throw new Error(`apt-get installed chromium but no binary was found at ${CANDIDATES.join(', ')}`);
  return installed;
}
