'use strict';
// Loaded with `node --require` when WORKER_WORKFLOW_STACK_TRACES is false (see ADR 0008).
// The Temporal SDK records a stack trace for every promise created in workflow code, so that the
// Web UI can show where a workflow waits. On this workload that hook was about a third of the
// workflow thread's time. The SDK already runs without it where the runtime lacks promise hooks
// (it logs once and turns the feature off): this preload makes the workflow threads take that
// path. Every other caller (AsyncLocalStorage, used by the SDK itself) keeps real promise hooks.
const { isMainThread } = require('node:worker_threads');

if (!isMainThread) {
  const { promiseHooks } = require('node:v8');
  const createHook = promiseHooks.createHook.bind(promiseHooks);
  // lib/…/vm-shared.js, or src/…/vm-shared.ts once source maps rewrite the stack (--enable-source-maps, tsx).
  const sdkStackTraceHook = /[\\/]@temporalio[\\/]worker[\\/](?:lib|src)[\\/]workflow[\\/]vm-shared\.[jt]s/;
  promiseHooks.createHook = (hooks) => {
    if (sdkStackTraceHook.test(new Error().stack ?? '')) {
      throw new Error('workflow stack traces are turned off (WORKER_WORKFLOW_STACK_TRACES=false)');
    }
    return createHook(hooks);
  };
}
