import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { bundleSuiviWorkflows } from '../../tools/bundle-workflows';

const historiesDir = join(__dirname, '..', '..', 'test-histories');

/**
 * Recorded histories (workflows/test-histories, re-recorded with
 * `SUIVI_RECORD_HISTORIES=1 npm run test:integration`) must replay through the current
 * workflow code: a change that breaks determinism for running cycles fails here.
 */
describe('replay of recorded cycle histories', () => {
  const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));

  it('has recorded histories to replay, from both sides of the adaptive-publication patch (ADR 0026)', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    const withPatchMarker = files.filter((f) => readFileSync(join(historiesDir, f), 'utf8').includes('core_patch'));
    expect(files.filter((f) => f.startsWith('before-adaptive-publication-'))).toHaveLength(7);
    expect(withPatchMarker).toContain('publish-quiet-at-once.json');
    expect(withPatchMarker.filter((f) => f.startsWith('before-'))).toEqual([]);
  });

  it('replays every recorded history without a determinism error', async () => {
    const workflowBundle = await bundleSuiviWorkflows();
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
