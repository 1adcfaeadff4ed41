import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONTRACTS_ROOT, PUBLISHED_DIR } from '../tools/contract-files';
import { checkCompatibility, type SchemaChange } from './compatibility';
import { integrationEventCatalog, integrationEventDefinition } from './integration-events';
import { cloudEventEnvelopeJsonSchema, integrationEventJsonSchema, type JsonSchema } from './json-schemas';

const messages = (changes: SchemaChange[]) => changes.map((c) => `${c.path}: ${c.message}`);
const breaking = (published: JsonSchema, current: JsonSchema) =>
  messages(checkCompatibility(published, current).breaking);
const compatible = (published: JsonSchema, current: JsonSchema) =>
  messages(checkCompatibility(published, current).compatible);

const base: JsonSchema = {
  $id: 'https://example.org/v1.json',
  title: 'thing',
  type: 'object',
  properties: {
    id: { type: 'string', pattern: '^[A-Z]+$' },
    on: { type: 'string', format: 'date' },
    kind: { type: 'string', enum: ['A', 'B'] },
    version: { type: 'string', const: 'one' },
    count: { type: 'integer', minimum: 0 },
    note: { type: 'string', enum: ['X'] },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { offset: { type: 'string', pattern: '^P[0-9]+D$' } },
        required: ['offset'],
        additionalProperties: false,
      },
    },
    subject: {
      anyOf: [
        {
          type: 'object',
          properties: { kind: { type: 'string', const: 'AP' }, id: { type: 'string', pattern: '^[a-z]+$' } },
          required: ['kind', 'id'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: { kind: { type: 'string', const: 'GSP' } },
          required: ['kind'],
          additionalProperties: false,
        },
      ],
    },
  },
  required: ['id', 'on', 'kind', 'version', 'count', 'steps', 'subject'],
  additionalProperties: false,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely, deep inside
type Editable = Record<string, any>;

/** A deep copy of `base` with `change` applied to it. */
function changed(change: (schema: Editable) => void): JsonSchema {
  const copy = structuredClone(base) as Editable;
  change(copy);
  return copy;
}

describe('checkCompatibility', () => {
  it('finds nothing between a schema and itself, or when only documentation changed', () => {
    expect(checkCompatibility(base, structuredClone(base))).toEqual({ breaking: [], compatible: [] });
    const documented = changed((s) => {
      s['title'] = 'Thing';
      s['$id'] = 'https://example.org/elsewhere.json';
      s['properties'].id.description = 'The id.';
    });
    expect(checkCompatibility(base, documented)).toEqual({ breaking: [], compatible: [] });
  });

  const breakingChanges: [string, JsonSchema, string[]][] = [
    ['a property removed', changed((s) => delete s['properties'].note), ['/: property "note" removed']],
    [
      "a property's type changed",
      changed((s) => (s['properties'].count.type = 'number')),
      ['/count: type changed from ["integer"] to ["number"]'],
    ],
    [
      'a required property made optional',
      changed((s) => (s['required'] = (s['required'] as string[]).filter((r) => r !== 'on'))),
      ['/: property "on" made optional'],
    ],
    [
      'a required property added',
      changed((s) => {
        s['properties'].extra = { type: 'boolean' };
        s['required'].push('extra');
      }),
      ['/: required property "extra" added (messages already published lack it)'],
    ],
    [
      'an optional property made required',
      changed((s) => s['required'].push('note')),
      ['/: property "note" made required'],
    ],
    ['an enum narrowed', changed((s) => (s['properties'].kind.enum = ['A'])), ['/kind: enum narrowed: "B" removed']],
    [
      'a const changed',
      changed((s) => (s['properties'].version.const = 'two')),
      ['/version: const changed from "one" to "two"'],
    ],
    [
      'a pattern changed',
      changed((s) => (s['properties'].id.pattern = '^[A-Z]{2}$')),
      ['/id: pattern changed from "^[A-Z]+$" to "^[A-Z]{2}$"'],
    ],
    [
      'a format changed',
      changed((s) => (s['properties'].on.format = 'date-time')),
      ['/on: format changed from "date" to "date-time"'],
    ],
    [
      'a bound tightened',
      changed((s) => (s['properties'].steps.minItems = 2)),
      ['/steps: minItems tightened from 1 to 2'],
    ],
    [
      'an item property changed',
      changed((s) => (s['properties'].steps.items.properties.offset.pattern = '^P[0-9]+W$')),
      ['/steps/[]/offset: pattern changed from "^P[0-9]+D$" to "^P[0-9]+W$"'],
    ],
    [
      'a variant removed',
      changed((s) => s['properties'].subject.anyOf.pop()),
      [
        '/subject: variant 1 is no longer accepted as it was',
        // with the differences from the closest current variant
        '/subject/anyOf[1]/kind: const changed from "GSP" to "AP"',
        '/subject/anyOf[1]: required property "id" added (messages already published lack it)',
      ],
    ],
    [
      'a field of a variant changed',
      changed((s) => (s['properties'].subject.anyOf[0].properties.id.pattern = '^[0-9]+$')),
      [
        '/subject: variant 0 is no longer accepted as it was',
        '/subject/anyOf[0]/id: pattern changed from "^[a-z]+$" to "^[0-9]+$"',
      ],
    ],
    [
      'a property made nullable',
      changed((s) => (s['properties'].count = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] })),
      ['/count: type changed: now one of several variants'],
    ],
    [
      'a keyword the checker does not know',
      changed((s) => (s['properties'].id.contentEncoding = 'base64')),
      ['/id: contentEncoding changed (not understood by the checker, so assumed breaking)'],
    ],
  ];

  it.each(breakingChanges)('reports %s as breaking', (_what, current, expected) => {
    expect(breaking(base, current)).toEqual(expected);
  });

  it('reports additionalProperties tightened as breaking', () => {
    const open = changed((s) => delete s['additionalProperties']);
    expect(breaking(open, base)).toEqual(['/: additionalProperties tightened from (none) to false']);
    const constrained = changed((s) => (s['additionalProperties'] = { type: 'string', pattern: '^x$' }));
    expect(breaking(constrained, base)).toEqual([
      '/: additionalProperties tightened from {"type":"string","pattern":"^x$"} to false',
    ]);
  });

  const compatibleChanges: [string, JsonSchema, string[]][] = [
    [
      'an optional property added',
      changed((s) => (s['properties'].extra = { type: 'boolean' })),
      ['/: optional property "extra" added'],
    ],
    ['an enum widened', changed((s) => s['properties'].kind.enum.push('C')), ['/kind: enum widened: "C" added']],
    [
      'a variant added',
      changed((s) =>
        s['properties'].subject.anyOf.push({
          type: 'object',
          properties: { kind: { type: 'string', const: 'UN' } },
          required: ['kind'],
          additionalProperties: false,
        }),
      ),
      ['/subject: variant 2 added'],
    ],
    [
      'a bound loosened',
      changed((s) => delete s['properties'].steps.minItems),
      ['/steps: minItems loosened from 1 to (none)'],
    ],
  ];

  it.each(compatibleChanges)('reports %s as compatible', (_what, current, expected) => {
    expect(breaking(base, current)).toEqual([]);
    expect(compatible(base, current)).toEqual(expected);
  });

  it('fails on a real published schema when a reference code is dropped', () => {
    const proposed = integrationEventDefinition('action-point.proposed', 1);
    if (!proposed) throw new Error('action-point.proposed v1 is missing');
    const published = integrationEventJsonSchema(proposed);
    const current = structuredClone(published) as Editable;
    current['properties'].conventions.items.enum = current['properties'].conventions.items.enum.filter(
      (id: string) => id !== 'KYOTO',
    );
    expect(breaking(published, current)).toEqual(['/conventions/[]: enum narrowed: "KYOTO" removed']);
  });
});

/** The published schemas: `<name>/v<version>` → schema, read from schemas/published/events. */
function publishedEventSchemas(): Map<string, JsonSchema> {
  const root = join(CONTRACTS_ROOT, PUBLISHED_DIR, 'events');
  const list = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? list(join(dir, e.name)) : [join(dir, e.name)],
    );
  return new Map(
    list(root).map((file) => [relative(root, file).replace(/\.json$/, ''), JSON.parse(readFileSync(file, 'utf8'))]),
  );
}

describe('published schemas', () => {
  const published = publishedEventSchemas();

  it('are all there: every v1 was published', () => {
    expect(published.size).toBeGreaterThanOrEqual(integrationEventCatalog.length);
  });

  it.each([...published.keys()])('%s: the current schema keeps every promise of the published one', (key) => {
    const [, name, version] = /^(.+)\/v([1-9][0-9]*)$/.exec(key) ?? [];
    const definition = name ? integrationEventDefinition(name, Number(version)) : undefined;
    if (!definition) {
      throw new Error(
        `${key} was published but the code no longer defines it: restore it (old versions stay beside new ones)`,
      );
    }
    const report = checkCompatibility(published.get(key) as JsonSchema, integrationEventJsonSchema(definition));
    if (report.breaking.length > 0) {
      throw new Error(
        `${key} changed incompatibly since it was published: publish a v${Number(version) + 1} beside it instead.\n` +
          messages(report.breaking).join('\n'),
      );
    }
  });

  it('the envelope keeps every promise of the published one', () => {
    const envelope = JSON.parse(readFileSync(join(CONTRACTS_ROOT, PUBLISHED_DIR, 'cloudevent-envelope.json'), 'utf8'));
    expect(breaking(envelope, cloudEventEnvelopeJsonSchema())).toEqual([]);
  });

  it('versions of a name count up from 1 with no gap', () => {
    const byName = new Map<string, number[]>();
    for (const d of integrationEventCatalog) byName.set(d.name, [...(byName.get(d.name) ?? []), d.version]);
    for (const [name, versions] of byName) {
      expect([name, [...versions].sort((a, b) => a - b)]).toEqual([name, versions.map((_v, i) => i + 1)]);
    }
  });
});
