import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');

/** Lints a probe file placed where real code would live, then removes it. */
async function lintProbe(relativeDir: string, source: string): Promise<string[]> {
  const probe = `probe-${randomUUID().slice(0, 8)}`;
  const file = join(repoRoot, relativeDir, `${probe}.ts`);
  // The report goes to a file: on a fresh clone, Nx (the module-boundaries rule) prints notices
  // on stdout while it builds its project graph, which would spoil a report read from stdout.
  const report = join(repoRoot, relativeDir, `${probe}.eslint.json`);
  writeFileSync(file, source);
  try {
    // ESLint loads its flat config with a dynamic import, which Jest's VM cannot run: use the CLI.
    const run = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '--output-file', report, file],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false' },
      },
    );
    if (!existsSync(report)) throw new Error(`eslint wrote no report (exit ${run.status}): ${run.stderr}${run.stdout}`);
    // Without Nx's cached project graph the module-boundaries rule skips itself, saying so:
    // a probe that should pass would then pass for nothing.
    if (/No cached ProjectGraph/.test(`${run.stdout}${run.stderr}`)) throw new Error('module boundaries not checked');
    const [result] = JSON.parse(readFileSync(report, 'utf8')) as Array<{
      messages: Array<{ ruleId: string | null; message: string }>;
    }>;
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  } finally {
    rmSync(file, { force: true });
    rmSync(report, { force: true });
  }
}

describe('architecture rules enforced by lint', () => {
  beforeAll(() => {
    // The rule reads the project graph Nx caches; on a fresh clone nothing has built it yet.
    const graph = spawnSync(join(repoRoot, 'node_modules', '.bin', 'nx'), ['show', 'projects'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    if (graph.status !== 0) throw new Error(`nx show projects failed: ${graph.stderr}`);
  }, 180_000);

  it('keeps the domain free of adapters', async () => {
    const messages = await lintProbe(
      'libs/domain/src/lib',
      // An adapter that does not itself depend on the domain, so the rule (not a cycle) is what fires.
      "import { createLogger } from '@suivi/logging';\nexport const probe = createLogger;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/enforce-module-boundaries.*"type:domain" can only depend on/)]);
  });

  it('lets adapters never reach into workflows or apps', async () => {
    const messages = await lintProbe(
      'libs/kafka/src/lib',
      "import { pingWorkflow } from '@suivi/workflows';\nexport const probe = pingWorkflow;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/"type:adapter" can only depend on/)]);
  });

  it('keeps the notifications library free of adapters (it composes e-mail, it does no I/O)', async () => {
    const messages = await lintProbe(
      'libs/notifications/src/lib',
      "import { createLogger } from '@suivi/logging';\nexport const probe = createLogger;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/"type:notifications" can only depend on/)]);
  });

  it('lets the notifications library use the domain and the contracts, and apps use it', async () => {
    expect(
      await lintProbe(
        'libs/notifications/src/lib',
        "import { cycleWorkflowId } from '@suivi/domain';\nimport { Topics } from '@suivi/contracts';\nexport const probe = [cycleWorkflowId, Topics];\n",
      ),
    ).toEqual([]);
    expect(
      await lintProbe(
        'apps/projector/src',
        "import { composeMessage } from '@suivi/notifications';\nexport const probe = composeMessage;\n",
      ),
    ).toEqual([]);
  });

  it('lets workflow code depend on the domain', async () => {
    const messages = await lintProbe(
      'workflows/src',
      "import { cycleWorkflowId } from '@suivi/domain';\nexport const probe = cycleWorkflowId;\n",
    );
    expect(messages).toEqual([]);
  });

  it('keeps integration events out of workflow code (the worker maps them)', async () => {
    const messages = await lintProbe(
      'workflows/src',
      "import { Topics } from '@suivi/contracts';\nexport const probe = Topics;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/"type:workflow" can only depend on/)]);
  });

  it('forbids Node built-ins, I/O clients, real timers, value imports of activities and floating promises in workflow code', async () => {
    const messages = await lintProbe(
      'workflows/src',
      [
        "import { readFileSync } from 'node:fs';",
        "import { Client } from '@temporalio/client';",
        "import { sleep } from '@temporalio/workflow';",
        "import { echo } from './diagnostics/diagnostics.activities';",
        'export async function probe() {',
        "  sleep('1 day');",
        '  setTimeout(() => undefined, 5);',
        '  return [readFileSync, Client, echo];',
        '}',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/no-restricted-imports: 'node:fs' import is restricted/),
        expect.stringMatching(/no-restricted-imports: '@temporalio\/client' import is restricted/),
        expect.stringMatching(/no-restricted-imports: '.\/diagnostics\/diagnostics.activities' import is restricted/),
        expect.stringMatching(/no-floating-promises/),
        expect.stringMatching(/no-restricted-globals: Unexpected use of 'setTimeout'/),
      ]),
    );
  });
});
