import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';

/**
 * The unit tier: every project's own Jest configuration. Found on disk rather than through
 * Nx's project graph (@nx/jest getJestProjectsAsync), which starts Nx's plugin workers and
 * compiles their configuration first: slow, and one more thing that can fail on a loaded CI
 * machine before a single test runs.
 */
function projectsWithJest(): string[] {
  const roots = ['apps', 'libs'].flatMap((parent) =>
    readdirSync(join(__dirname, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`),
  );
  return [...roots, 'workflows', 'infra', 'test']
    .filter((dir) => existsSync(join(__dirname, dir, 'jest.config.cts')))
    .map((dir) => `<rootDir>/${dir}`)
    .sort();
}

const config: Config = {
  projects: projectsWithJest(),
  // Two workers even on two cores: with one, Jest runs every suite inside its own process,
  // whose heap then holds what 115 suites leave behind and ran out (FATAL ERROR: Reached heap
  // limit, no report: the unit tier of a CI run). A worker that grows past the limit is
  // replaced between suites.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
  // A project's testTimeout is ignored when it runs as one of `projects` (the unit tier), so it
  // is set here: specs that start the Nest app in a hook can pass 5 s on a busy 2-core machine.
  testTimeout: 30_000,
};
export default config;
