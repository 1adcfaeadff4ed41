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

  /** The ids of the patches whose markers a history recorded. */
  const patchIds = (file: string): string[] => {
    const history = JSON.parse(readFileSync(join(historiesDir, file), 'utf8')) as {
      events: Array<{
        markerRecordedEventAttributes?: { details?: Record<string, { payloads?: Array<{ data?: string }> }> };
      }>;
    };
    return history.events.flatMap((e) =>
      (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).map(
        (p) => (JSON.parse(Buffer.from(p.data ?? '', 'base64').toString()) as { id: string }).id,
      ),
    );
  };

  it('has recorded histories to replay, from both sides of each patch (ADR 0026)', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    const recording = (patchId: string) => files.filter((f) => patchIds(f).includes(patchId));
    expect(files.filter((f) => f.startsWith('before-adaptive-publication-'))).toHaveLength(7);
    expect(recording('adaptive-publication')).toContain('publish-quiet-at-once.json');
    expect(recording('adaptive-publication').filter((f) => f.startsWith('before-adaptive-publication-'))).toEqual([]);
    // A machine's flow recorded before the longer window (timers of the option's length only), and one after.
    expect(files.filter((f) => f.startsWith('before-machine-rate-window-'))).toEqual([
      'before-machine-rate-window-publish-from-command-tasks.json',
    ]);
    expect(recording('machine-rate-window')).toContain('publish-machine-rate-window.json');
    expect(recording('machine-rate-window').filter((f) => f.startsWith('before-'))).toEqual([]);
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
