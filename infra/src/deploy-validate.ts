import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { say } from './console';
import { ensureDeployTools, type DeployTools } from './deploy-tools';
import { run } from './processes';
import { repoRoot, resolveSettings } from './settings';

const deployDir = join(repoRoot, 'infra', 'deploy');
const chartDir = join(deployDir, 'charts', 'suivi');
/** Value files the chart is rendered with: placeholders in the shapes it checks (its ci/ folder). */
const chartValueFiles = ['test-values.yaml', 'existing-secrets-values.yaml'];
/** Plain manifests validated as they are: the Strimzi resources. */
const manifestsDir = join(deployDir, 'kafka');

interface Outcome {
  check: string;
  problem?: string;
}

const shown = (path: string) => relative(repoRoot, path) || '.';

/** The message of a failed command, without the launcher's "failed with exit code" preamble. */
function outputOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const colon = message.indexOf(':\n');
  return (colon >= 0 ? message.slice(colon + 2) : message).trim();
}

/**
 * Offline validation of Suivi's deployment manifests (infra/deploy): helm lint and helm template
 * of the chart (its values checked by values.schema.json), the refusal to render without the
 * operator's values, then kubeconform over what the chart renders and the Strimzi resources,
 * against the schemas installed by ensureDeployTools. Every check runs; the exit code is 1 when
 * any failed, each failure named with what to fix.
 */
export async function validateDeployment(tools: DeployTools, workDir: string): Promise<Outcome[]> {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  // Helm keeps its caches and settings here, not in the user's home; nothing is downloaded.
  const helmEnv = {
    ...process.env,
    HELM_CACHE_HOME: join(workDir, 'helm', 'cache'),
    HELM_CONFIG_HOME: join(workDir, 'helm', 'config'),
    HELM_DATA_HOME: join(workDir, 'helm', 'data'),
  };
  const helm = (args: string[]) => run(tools.helm, args, { cwd: repoRoot, env: helmEnv });
  const outcomes: Outcome[] = [];
  const check = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
      outcomes.push({ check: name });
      say(`deploy-validate: ok   ${name}`);
    } catch (error) {
      outcomes.push({ check: name, problem: outputOf(error) });
      say(`deploy-validate: FAIL ${name}\n${outputOf(error)}`);
    }
  };

  const rendered: string[] = [];
  for (const file of chartValueFiles) {
    const values = join(chartDir, 'ci', file);
    await check(`helm lint --strict ${shown(chartDir)} -f ci/${file}`, async () => {
      await helm(['lint', '--strict', chartDir, '-f', values]);
    });
    await check(`helm template ${shown(chartDir)} -f ci/${file}`, async () => {
      const output = await helm(['template', 'suivi', chartDir, '--namespace', 'suivi', '-f', values]);
      const target = join(workDir, `chart-${file}`);
      writeFileSync(target, output);
      rendered.push(target);
    });
  }
  await check('the chart refuses to render without the values the operator must give', async () => {
    let output = '';
    try {
      output = await helm(['template', 'suivi', chartDir, '--namespace', 'suivi']);
    } catch (error) {
      if (/is required|secrets\.\w+/.test(outputOf(error))) return;
      throw error;
    }
    throw new Error(`helm template with the chart's defaults rendered ${output.length} characters: expected a refusal`);
  });

  const manifests = readdirSync(manifestsDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(manifestsDir, f));
  await check('every YAML file of infra/deploy parses', async () => {
    const problems = yamlFilesUnder(deployDir).flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc) =>
        doc.errors.map((e) => `${shown(file)}: ${e.message}`),
      ),
    );
    if (problems.length) throw new Error(problems.join('\n'));
  });
  await check(
    `kubeconform -strict (Kubernetes ${tools.kubernetesVersion}, Strimzi CRDs) over the rendered chart and ${shown(manifestsDir)}`,
    async () => {
      const output = await run(
        tools.kubeconform,
        [
          '-strict',
          '-summary',
          '-kubernetes-version',
          tools.kubernetesVersion,
          ...tools.schemaLocations.flatMap((location) => ['-schema-location', location]),
          ...rendered,
          ...manifests,
        ],
        { cwd: repoRoot },
      );
      say(output.trim());
    },
  );
  return outcomes;
}

/** YAML files under a folder, Helm templates excepted (Go templates, not YAML). */
function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'templates' ? [] : yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Installs what is missing, validates, and says what passed: `node infra/bootstrap.cjs
 * deploy-validate` (npm run deploy:validate), and npm test's unit tier, which counts each check
 * as a test. A tool that cannot be installed is one failed check, with the installer's message.
 */
export async function deployValidationCounts(): Promise<{ passed: number; failed: number }> {
  const settings = resolveSettings('test');
  let outcomes: Outcome[];
  try {
    const tools = await ensureDeployTools(settings.toolsDir);
    outcomes = await validateDeployment(tools, join(settings.home, 'deploy-validate'));
  } catch (error) {
    outcomes = [{ check: 'install helm, kubeconform and the schemas', problem: outputOf(error) }];
    say(`deploy-validate: FAIL ${outcomes[0]?.check}\n${outputOf(error)}`);
  }
  const failed = outcomes.filter((o) => o.problem);
  say(
    failed.length
      ? `deploy-validate: ${failed.length} of ${outcomes.length} checks failed: ${failed.map((o) => o.check).join('; ')}`
      : `deploy-validate: all ${outcomes.length} checks passed`,
  );
  return { passed: outcomes.length - failed.length, failed: failed.length };
}

export async function runDeployValidate(): Promise<number> {
  const { failed } = await deployValidationCounts();
  return failed ? 1 : 0;
}
