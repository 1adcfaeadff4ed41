import { crdSchemas, localKubernetesSchema, openApiToJsonSchema, schemaLocations } from './deploy-schemas';

describe('deployment schemas', () => {
  it('makes a kubernetes-validate schema resolve its definitions beside it, not on kubernetes.io', () => {
    const text = JSON.stringify({
      $id: 'https://kubernetes.io/api/deployment/apps/v1',
      properties: { spec: { $ref: '/api/_definitions.json#/$defs/io.k8s.api.apps.v1.DeploymentSpec' } },
    });
    expect(JSON.parse(localKubernetesSchema(text))).toEqual({
      properties: { spec: { $ref: '_definitions.json#/$defs/io.k8s.api.apps.v1.DeploymentSpec' } },
    });
  });

  it('turns a CRD schema into a strict JSON schema', () => {
    expect(
      openApiToJsonSchema({
        type: 'object',
        properties: {
          port: { 'x-kubernetes-int-or-string': true },
          note: { type: 'string', nullable: true },
          config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          list: { type: 'array', items: { type: 'object', properties: { a: { type: 'integer' } } } },
        },
      }),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        port: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        note: { type: ['string', 'null'] },
        config: { type: 'object' },
        list: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, properties: { a: { type: 'integer' } } },
        },
      },
    });
  });

  it('reads every served version of a CustomResourceDefinition', () => {
    const crd = {
      spec: {
        group: 'kafka.strimzi.io',
        names: { kind: 'KafkaTopic' },
        versions: [
          { name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: {} } } },
          { name: 'v1beta2', served: false, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      },
    };
    expect(crdSchemas(crd).map(({ group, kind, version }) => `${group}/${kind}_${version}`)).toEqual([
      'kafka.strimzi.io/kafkatopic_v1',
    ]);
    expect(() => crdSchemas({ kind: 'Deployment' })).toThrow('not a CustomResourceDefinition');
  });

  it('gives kubeconform local locations only', () => {
    for (const location of schemaLocations('/tools/schemas', '1.37.0')) expect(location).toMatch(/^\/tools\/schemas\//);
  });
});
