import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const preload = join(__dirname, '..', 'preload', 'workflow-stack-traces-off.cjs');

/** Runs, in a worker thread (as the SDK runs workflows), the SDK's own hook installation. */
function sdkHookInstalled(nodeFlags: string[]): { installed: boolean; alsWorks: boolean } {
  const script = `
    const { Worker, isMainThread, parentPort } = require('node:worker_threads');
    if (isMainThread) {
      new Worker(__filename, { eval: false }).on('message', (m) => console.log(JSON.stringify(m)));
    } else {
      const { globalHandlers } = require(${JSON.stringify(require.resolve('@temporalio/worker/lib/workflow/vm-shared.js'))});
      globalHandlers.install();
      const { AsyncLocalStorage } = require('node:async_hooks');
      const als = new AsyncLocalStorage();
      als.run('kept', async () => {
        await null;
        parentPort.postMessage({ installed: globalHandlers.promiseHookInstalled, alsWorks: als.getStore() === 'kept' });
      });
    }`;
  const file = join(tmpdir(), `suivi-preload-${process.pid}.cjs`);
  writeFileSync(file, script);
  const result = spawnSync(process.execPath, [...nodeFlags, file], { encoding: 'utf8' });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as { installed: boolean; alsWorks: boolean };
}

describe('WORKER_WORKFLOW_STACK_TRACES=false preload', () => {
  it('keeps the SDK from installing its per-promise stack hook, with or without source maps', () => {
    expect(sdkHookInstalled(['--require', preload])).toEqual({ installed: false, alsWorks: true });
    expect(sdkHookInstalled(['--enable-source-maps', '--require', preload])).toEqual({
      installed: false,
      alsWorks: true,
    });
  });

  it('changes nothing without the preload (the SDK hook is installed)', () => {
    expect(sdkHookInstalled([])).toEqual({ installed: true, alsWorks: true });
  });
});
