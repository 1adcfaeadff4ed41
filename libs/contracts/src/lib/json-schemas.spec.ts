import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { contractFiles, CONTRACTS_ROOT, EVENT_SCHEMAS_DIR } from '../tools/contract-files';
import { integrationEventCatalog } from './integration-events';
import { cloudEventEnvelopeJsonSchema, integrationEventJsonSchema, type JsonSchema } from './json-schemas';

const REGENERATE = 'run the generator: npx nx run contracts:generate-schemas (then commit the files)';

/**
 * Places in a schema where a value could hold free text (and so a person's name): a string
 * with no enum, const, pattern or format; an object open to extra properties; a schema with
 * no type at all.
 */
function freeTextLoopholes(schema: JsonSchema, path = ''): string[] {
  const at = path || '/';
  const variants = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (variants) return variants.flatMap((v, i) => freeTextLoopholes(v, `${path}/anyOf[${i}]`));
  if (schema['const'] !== undefined || Array.isArray(schema['enum'])) return [];
  const type = schema['type'];
  const types = Array.isArray(type) ? (type as string[]) : type === undefined ? [] : [type as string];
  if (types.length === 0) return [`${at}: no type, so anything goes`];
  const problems: string[] = [];
  if (types.includes('string') && !['pattern', 'format'].some((keyword) => schema[keyword] !== undefined)) {
    problems.push(`${at}: a string with no enum, const, pattern or format`);
  }
  if (types.includes('object')) {
    if (schema['additionalProperties'] !== false) problems.push(`${at}: an object open to other properties`);
    if (schema['patternProperties'] !== undefined) problems.push(`${at}: patternProperties`);
    for (const [name, property] of Object.entries((schema['properties'] ?? {}) as Record<string, JsonSchema>)) {
      problems.push(...freeTextLoopholes(property, `${path}/${name}`));
    }
  }
  if (types.includes('array')) {
    if (typeof schema['items'] !== 'object') problems.push(`${at}: an array with no item schema`);
    else problems.push(...freeTextLoopholes(schema['items'] as JsonSchema, `${path}/[]`));
  }
  return problems;
}

describe('no field could carry a name', () => {
  it.each(integrationEventCatalog.map((d) => [`${d.name} v${d.version}`, d] as const))(
    '%s: every string is a code, id, date or duration, every object closed',
    (_name, definition) => {
      expect(freeTextLoopholes(integrationEventJsonSchema(definition))).toEqual([]);
    },
  );

  it('holds for the envelope too (its data is checked against the event schemas)', () => {
    const envelope = cloudEventEnvelopeJsonSchema();
    const attributes = { ...(envelope['properties'] as Record<string, JsonSchema>) };
    delete attributes['data'];
    expect(freeTextLoopholes({ ...envelope, properties: attributes, required: [] })).toEqual([]);
  });

  it('finds the loopholes it is meant to find', () => {
    const leaky: JsonSchema = {
      type: 'object',
      properties: {
        id: { type: 'string', pattern: '^[A-Z]+$' },
        comment: { type: 'string', maxLength: 200 },
        tags: { type: 'array', items: { type: 'string' } },
        meta: { type: 'object', properties: {} },
        anything: {},
        either: { anyOf: [{ type: 'string', format: 'date' }, { type: 'string' }] },
      },
      additionalProperties: false,
    };
    expect(freeTextLoopholes(leaky)).toEqual([
      '/comment: a string with no enum, const, pattern or format',
      '/tags/[]: a string with no enum, const, pattern or format',
      '/meta: an object open to other properties',
      '/anything: no type, so anything goes',
      '/either/anyOf[1]: a string with no enum, const, pattern or format',
    ]);
  });
});

describe('generated schemas', () => {
  it('are valid JSON Schema draft 2020-12, with the dataschema URL as $id', () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    for (const definition of integrationEventCatalog) {
      const schema = integrationEventJsonSchema(definition);
      expect(ajv.validateSchema(schema)).toBe(true);
      expect(schema['$id']).toBe(
        `https://suivi.europa.eu/schemas/events/${definition.name}/v${definition.version}.json`,
      );
      expect(() => ajv.compile(schema)).not.toThrow();
    }
    expect(ajv.validateSchema(cloudEventEnvelopeJsonSchema())).toBe(true);
  });
});

describe('committed contract files', () => {
  const files = contractFiles();

  it.each(files.map((f) => [f.path, f] as const))('%s is what the generator writes', (path, file) => {
    const absolute = join(CONTRACTS_ROOT, path);
    if (!existsSync(absolute)) throw new Error(`${path} is missing: ${REGENERATE}`);
    const text = readFileSync(absolute, 'utf8');
    const committed: unknown = path.endsWith('.yaml') ? parseYaml(text) : JSON.parse(text);
    // Compared as data: Prettier may lay the files out differently from JSON.stringify.
    if (JSON.stringify(committed) !== JSON.stringify(file.content)) {
      throw new Error(`${path} differs from the code: ${REGENERATE}`);
    }
  });

  it('has no event schema the code no longer defines', () => {
    const list = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? list(join(dir, e.name)) : [relative(CONTRACTS_ROOT, join(dir, e.name))],
      );
    const generated = new Set(files.map((f) => f.path));
    const extra = list(join(CONTRACTS_ROOT, EVENT_SCHEMAS_DIR)).filter((path) => !generated.has(path));
    if (extra.length > 0) throw new Error(`${extra.join(', ')} not generated by the code: ${REGENERATE}`);
  });
});
