/**
 * The JSON schemas kubeconform validates Suivi's deployment manifests against, made from sources
 * installed from package registries (infra/src/deploy-tools.ts), never fetched at validation time:
 * - Kubernetes: kubernetes-validate's schemas (PyPI), copied so that their references resolve
 *   on disk (each file names itself https://kubernetes.io/api/..., so kubeconform would fetch
 *   `_definitions.json` from there);
 * - Strimzi: the CustomResourceDefinitions its CRD generator writes, turned into JSON schemas the
 *   way kubeconform's openapi2jsonschema does (strict: unknown fields are errors).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One of kubernetes-validate's schema files, made self-contained on disk: without its `$id`, and
 * with its references to `/api/_definitions.json` made relative (the file beside it).
 */
export function localKubernetesSchema(text: string): string {
  const schema = JSON.parse(text) as JsonObject;
  delete schema['$id'];
  return JSON.stringify(schema).replaceAll('"/api/_definitions.json#', '"_definitions.json#');
}

/** An OpenAPI v3 schema of a CRD as a JSON schema: int-or-string, nullable, closed objects. */
export function openApiToJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, openApiToJsonSchema(s)]));
    } else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = typeof value === 'boolean' ? value : openApiToJsonSchema(value);
    } else if (key === 'nullable' || key.startsWith('x-kubernetes-')) {
      continue;
    } else {
      out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out['type'];
    out['anyOf'] = [{ type: 'string' }, { type: 'integer' }];
  }
  if (node['nullable'] === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  // Strict, like kubeconform's -strict on Kubernetes' own kinds: a misspelt field is an error.
  if (
    isObject(out['properties']) &&
    !('additionalProperties' in out) &&
    !node['x-kubernetes-preserve-unknown-fields']
  ) {
    out['additionalProperties'] = false;
  }
  return out;
}

export interface CrdSchema {
  group: string;
  /** Lower case, as kubeconform's {{ .ResourceKind }}. */
  kind: string;
  version: string;
  schema: Json;
}

/** Every served version's schema of a CustomResourceDefinition (parsed YAML). */
export function crdSchemas(crd: unknown): CrdSchema[] {
  const spec =
    isObject(crd as Json) && isObject((crd as JsonObject)['spec'])
      ? ((crd as JsonObject)['spec'] as JsonObject)
      : undefined;
  const names = spec && isObject(spec['names']) ? spec['names'] : undefined;
  if (
    !spec ||
    typeof spec['group'] !== 'string' ||
    !names ||
    typeof names['kind'] !== 'string' ||
    !Array.isArray(spec['versions'])
  ) {
    throw new Error(
      'not a CustomResourceDefinition (apiextensions.k8s.io/v1): spec.group, spec.names.kind or spec.versions missing',
    );
  }
  const group = spec['group'];
  const kind = names['kind'].toLowerCase();
  return spec['versions'].filter(isObject).flatMap((version) => {
    const openApi = isObject(version['schema']) ? version['schema']['openAPIV3Schema'] : undefined;
    if (version['served'] === false || typeof version['name'] !== 'string' || !isObject(openApi)) return [];
    return [
      {
        group,
        kind,
        version: version['name'],
        schema: { $schema: 'http://json-schema.org/draft-07/schema#', ...(openApiToJsonSchema(openApi) as JsonObject) },
      },
    ];
  });
}

/** Where kubeconform finds a schema: `-schema-location` templates under the schemas folder. */
export function schemaLocations(schemasDir: string, kubernetesVersion: string): string[] {
  return [
    `${schemasDir}/kubernetes/v${kubernetesVersion}-strict/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    `${schemasDir}/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
  ];
}
