import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TsconfigPathsPlugin } from 'tsconfig-paths-webpack-plugin';

const workspaceRoot = resolve(__dirname, '..', '..');
export const workflowsEntry = resolve(workspaceRoot, 'workflows', 'src', 'index.ts');
export const workflowBundlePath = resolve(workspaceRoot, 'dist', 'workflows', 'workflow-bundle.js');
/** Loaded once per worker and shared by its workflows instead of once per workflow (see the file). */
export const sharedModulesEntry = resolve(workspaceRoot, 'workflows', 'src', 'shared-modules.ts');

/**
 * Temporal's bundler ignores tsconfig path aliases, so workflow code importing
 * `@suivi/domain` would not resolve without this plugin. `entry` is the production bundle's
 * unless given (the benchmarks bundle their baseline workflows on their own).
 */
export function bundleSuiviWorkflows(entry: string = workflowsEntry): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: entry,
    preloadModules: [sharedModulesEntry],
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.plugins = [
        ...(config.resolve.plugins ?? []),
        new TsconfigPathsPlugin({ configFile: resolve(workspaceRoot, 'tsconfig.base.json') }),
      ];
      return config;
    },
  });
}

if (require.main === module) {
  bundleSuiviWorkflows().then(
    ({ code }) => {
      mkdirSync(dirname(workflowBundlePath), { recursive: true });
      writeFileSync(workflowBundlePath, code);
      process.stdout.write(`workflow bundle written to ${workflowBundlePath} (${code.length} bytes)\n`);
    },
    (error: unknown) => {
      process.stderr.write(`workflow bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
