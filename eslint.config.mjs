import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';

/**
 * Who may depend on whom. Apps are never a dependency; the domain depends on nothing;
 * workflow code only on the domain and the workflow's own API (it runs in Temporal's
 * sandbox; integration events are mapped by the worker's activities, not in workflow code).
 */
const productionConstraints = [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
  { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['type:config'] },
  // E-mail composition for the notifier: pure functions of ids, codes and dates (no I/O).
  {
    sourceTag: 'type:notifications',
    onlyDependOnLibsWithTags: ['type:notifications', 'type:contracts', 'type:domain'],
  },
  {
    sourceTag: 'type:workflow',
    onlyDependOnLibsWithTags: ['type:workflow', 'type:workflow-api', 'type:domain'],
  },
  // Names and payload types of the cycle workflow, shared by the workflow and its clients.
  { sourceTag: 'type:workflow-api', onlyDependOnLibsWithTags: ['type:domain'] },
  {
    sourceTag: 'type:adapter',
    onlyDependOnLibsWithTags: ['type:workflow-api', 'type:adapter', 'type:config', 'type:contracts', 'type:domain'],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:workflow-api',
      'type:adapter',
      'type:config',
      'type:contracts',
      'type:domain',
      'type:workflow',
      'type:notifications',
    ],
  },
  // The launcher starts servers and applies the topic declaration; it never runs app code.
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:adapter', 'type:config', 'type:contracts'] },
  {
    sourceTag: 'type:test',
    onlyDependOnLibsWithTags: [
      'type:infra',
      'type:workflow-api',
      'type:test-support',
      'type:adapter',
      'type:config',
      'type:contracts',
      'type:domain',
      'type:workflow',
    ],
  },
  // Shared by every tier's tests, so it depends on no project (no cycle through tests).
  { sourceTag: 'type:test-support', onlyDependOnLibsWithTags: [] },
  // The browser app talks to the API over HTTP, with types generated from its OpenAPI document.
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: [] },
];

const boundaries = (constraints) => [
  'error',
  {
    // No library is published on its own; "build" of workflows is the worker's bundle.
    enforceBuildableLibDependency: false,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints: constraints,
  },
];

// Tests may also use the shared test support (poll helpers, the stack launcher).
const testConstraints = productionConstraints.map((c) =>
  c.sourceTag.startsWith('type:test')
    ? c
    : { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:test-support'] },
);

const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/coverage', '.suivi/**', '.nx/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@nx/enforce-module-boundaries': boundaries(productionConstraints) },
  },
  {
    // Test files, and the helpers kept beside them in testing/ folders.
    files: ['**/*.spec.ts', '**/*.cases.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(testConstraints) },
  },
  {
    // Workflow code is replayed deterministically inside Temporal's sandbox.
    files: ['workflows/src/**/*.ts'],
    ignores: ['workflows/src/**/*.spec.ts', 'workflows/src/**/*.int-spec.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in a deterministic sandbox: no Node built-ins. Use an activity.',
          })),
          patterns: [
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'kafkajs', 'pg'],
              message: 'Workflow code may not do I/O: call an activity (imported by type only).',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*.activities'],
              allowTypeImports: true,
              message: 'Import activities by type only and call them through proxyActivities.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow: timers must be durable.' },
        { name: 'setInterval', message: 'Use sleep() in a loop: timers must be durable.' },
        { name: 'process', message: 'No process in the workflow sandbox.' },
        { name: 'Buffer', message: 'No Buffer in the workflow sandbox.' },
      ],
    },
  },
];
