import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevTokenForProfile } from '@suivi/dev-issuer';
import { launch, readStackFile, stopLaunched, suiviHome, waitForReady, type LaunchedStack } from '@suivi/test-support';

/**
 * Schemathesis fuzzes the whole stack from the API's own OpenAPI document (every check), once
 * with a desk officer's token and once with a reviewer's: every answer must be what the
 * document promises (status, content type, headers, body schema), valid requests must be
 * accepted and invalid ones refused, methods a path does not support answered 405.
 *
 * The commands are real: they reach Temporal, Kafka and the read model. A cycle with the
 * document's example ids (KH-HRD-2026, round R1, action point AP1) is created first, so the
 * examples and the generated commands meet a cycle that exists, not only 403/404.
 *
 * Configuration, each departure from the defaults with its reason:
 * - positive_data_acceptance also accepts 410, 412 and 422: answers that depend on the state of
 *   what the request names, which no schema can say. 422: the domain refuses a well-formed
 *   command for what the cycle is at that moment (a deadline before its round, an unknown
 *   round, a duplicate reminder offset); 412: If-Match names another version than the cycle's
 *   (both documented on every command, ADR 0010); 410: the stateful phase attaches an
 *   individual case, erases it, then calls its other operations (documented 410, ADR 0012).
 *   409 is accepted by default.
 * - GET /v1/individual-cases/{caseRef} also accepts 400 for schema-valid data: `reason` is
 *   required when `reveal` is given (the reason is audited), a rule between two parameters
 *   that OpenAPI 3.0 cannot state; the document says it in words.
 * - No check is excluded and no operation is skipped. One worker (see below); a fixed seed,
 *   so a failure can be replayed (SCHEMATHESIS_SEED and SCHEMATHESIS_MAX_EXAMPLES override).
 */
const EXAMPLES = Number(process.env['SCHEMATHESIS_MAX_EXAMPLES'] ?? 25);
const SEED = process.env['SCHEMATHESIS_SEED'] ?? '20261205';

const POSITIVE = ['2xx', '3xx', '401', '403', '404', '409', '410', '412', '422', '429', '5xx'];
const CONFIG = `
[checks.positive_data_acceptance]
expected-statuses = ${JSON.stringify(POSITIVE)}

[[operations]]
include-path = "/v1/individual-cases/{caseRef}"
include-method = "GET"
checks.positive_data_acceptance.expected-statuses = ${JSON.stringify([...POSITIVE, '400'])}
`;

interface Run {
  code: number | null;
  output: string;
  seconds: number;
}

function schemathesis(cli: string, args: string[]): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Schemathesis keeps its cache (.schemathesis/) in its working directory: under SUIVI_HOME,
    // never in the clone, which must stay clean after npm test.
    const workDir = join(suiviHome(), 'e2e', 'schemathesis');
    mkdirSync(workDir, { recursive: true });
    const child = spawn(cli, args, {
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

describe('Schemathesis against the OpenAPI document (e2e profile)', () => {
  let launched: LaunchedStack | undefined;
  let api = '';
  let cli = '';
  const configDir = mkdtempSync(join(tmpdir(), 'suivi-schemathesis-'));

  beforeAll(async () => {
    // Fresh data: the fuzzer starts and drives hundreds of cycles, and a history recorded by an
    // earlier build of the workflow need not replay on this one (no patch branches before the
    // first release), which would show as 500s that have nothing to do with this build.
    rmSync(join(suiviHome(), 'e2e', 'data'), { recursive: true, force: true });
    launched = launch('start', 'e2e', { SUIVI_DEMO_DATA: 'false' });
    await waitForReady(launched, 540_000);
    const stack = readStackFile('e2e');
    api = `http://127.0.0.1:${stack.ports.api}`;
    cli = (stack.tools as unknown as { schemathesis: string }).schemathesis;
    writeFileSync(join(configDir, 'schemathesis.toml'), CONFIG);

    // The cycle the document's examples name, so that they reach a real workflow.
    const desk = await token('desk-officer');
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${desk}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) {
        throw new Error(`${path}: ${response.status} ${await response.text()}`);
      }
    };
    await post('/v1/cycles', {
      cycleId: 'KH-HRD-2026',
      type: 'HUMAN_RIGHTS_DIALOGUE',
      country: 'KH',
      title: 'EU-Cambodia Human Rights Dialogue (fuzzed)',
      timeZone: 'Asia/Phnom_Penh',
    });
    await post('/v1/cycles/KH-HRD-2026/rounds', { roundId: 'R1', date: '2026-11-30' });
    await post('/v1/cycles/KH-HRD-2026/action-points', {
      actionPointId: 'AP1',
      roundId: 'R1',
      text: 'Publish the statistics on pre-trial detention.',
      owner: 'PARTNER',
      deadline: '2027-03-31',
      themes: ['I.D'],
    });
  }, 600_000);

  afterAll(async () => {
    if (launched) expect(await stopLaunched(launched)).toBe(0);
  });

  const token = (role: 'desk-officer' | 'reviewer') =>
    issueDevTokenForProfile('e2e', {
      userId: role === 'reviewer' ? 'reviewer.hq' : 'desk.kh',
      role,
      countries: role === 'reviewer' ? [] : ['KH'],
    });

  it.each(['desk-officer', 'reviewer'] as const)(
    'finds no failure with a %s token (every check)',
    async (role) => {
      const run = await schemathesis(cli, [
        '--config-file',
        join(configDir, 'schemathesis.toml'),
        '--no-color',
        'run',
        `${api}/openapi.json`,
        '--checks',
        'all',
        '--max-examples',
        String(EXAMPLES),
        '--seed',
        SEED,
        // One worker: with several threads, Hypothesis' lambda descriptions call ast.parse
        // concurrently, which CPython 3.11 answers with "AST constructor recursion depth
        // mismatch" now and then (a runtime error of the tool, not a finding).
        '--workers',
        '1',
        '--request-timeout',
        '60',
        '--header',
        `Authorization: Bearer ${await token(role)}`,
      ]);
      const lines = run.output.trim().split('\n');
      const summary = lines.at(-1) ?? '';
      const generated = lines.find((line) => /^\s*\d+ generated/.test(line))?.trim() ?? '';
      process.stdout.write(
        `schemathesis (${role}, ${EXAMPLES} examples, seed ${SEED}): ${generated} ${summary} [${run.seconds} s]\n`,
      );
      if (run.code !== 0) process.stdout.write(run.output);
      // The last line reads "N passed" or "N warnings" when nothing failed; warnings (operations
      // that only met 403/404, say) are reported, not failures.
      expect(summary).not.toMatch(/failure|error/i);
      expect(run.code).toBe(0);
    },
    600_000,
  );
});
