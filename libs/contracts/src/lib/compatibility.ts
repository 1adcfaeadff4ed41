import type { JsonSchema } from './json-schemas';

/**
 * Compares a published JSON Schema with the current schema of the same name and version.
 * Integration topics are kept forever and consumers were written against the published
 * schema, so a change is breaking when an existing consumer, or a replay of messages
 * already on the topic, could fail:
 *
 * - a property removed, or its type changed;
 * - a required property made optional, or a required property added (old messages lack it);
 * - an enum narrowed or a const changed; values restricted where any were allowed;
 * - `additionalProperties` tightened; a pattern or format changed (any change: regular
 *   expressions cannot be compared, so a changed one is assumed to reject something);
 * - a minimum/maximum/length/item-count bound tightened;
 * - a variant of an `anyOf`/`oneOf` that no current variant accepts compatibly;
 * - any change to a keyword this checker does not understand (when in doubt, it fails).
 *
 * Additions (an optional property, an enum value, a variant, a looser bound) are reported
 * as compatible: consumers are expected to ignore what they do not know.
 */
export interface SchemaChange {
  /** Where, as a JSON-pointer-like path into the instance: "/reminderPolicy/localTime", "/themes/[]". */
  path: string;
  breaking: boolean;
  message: string;
}

export interface CompatibilityReport {
  breaking: SchemaChange[];
  compatible: SchemaChange[];
}

export function checkCompatibility(published: JsonSchema, current: JsonSchema): CompatibilityReport {
  const changes: SchemaChange[] = [];
  compare(published, current, '', changes);
  return { breaking: changes.filter((c) => c.breaking), compatible: changes.filter((c) => !c.breaking) };
}

type Schema = JsonSchema | boolean;

/** Documentation only: never a compatibility matter. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'deprecated']);
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
const UNDERSTOOD = new Set<string>([
  ...ANNOTATIONS,
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  'type',
  'enum',
  'const',
  'pattern',
  'format',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'uniqueItems',
  'anyOf',
  'oneOf',
]);

function compare(p: Schema, c: Schema, path: string, out: SchemaChange[]): void {
  const at = path || '/';
  const breaking = (message: string) => out.push({ path: at, breaking: true, message });
  const compatible = (message: string) => out.push({ path: at, breaking: false, message });
  if (typeof p === 'boolean' || typeof c === 'boolean') {
    if (openness(p) > openness(c)) breaking('schema tightened');
    else if (!same(p, c)) compatible('schema loosened');
    return;
  }

  const pVariants = variants(p);
  const cVariants = variants(c);
  if (pVariants || cVariants) {
    if (!pVariants || !cVariants) {
      breaking(`type changed: ${pVariants ? 'no longer' : 'now'} one of several variants`);
      return;
    }
    compareVariants(pVariants, cVariants, path, out);
  }

  const pTypes = types(p);
  const cTypes = types(c);
  if (!same(pTypes, cTypes)) breaking(`type changed from ${show(pTypes)} to ${show(cTypes)}`);

  compareValues(p, c, breaking, compatible);

  for (const keyword of ['pattern', 'format'] as const) {
    if (!same(p[keyword], c[keyword])) breaking(`${keyword} changed from ${show(p[keyword])} to ${show(c[keyword])}`);
  }
  for (const keyword of LOWER_BOUNDS) compareBound(keyword, p[keyword], c[keyword], 'lower', breaking, compatible);
  for (const keyword of UPPER_BOUNDS) compareBound(keyword, p[keyword], c[keyword], 'upper', breaking, compatible);
  if (p['uniqueItems'] !== true && c['uniqueItems'] === true) breaking('items must now be unique');

  compareObject(p, c, path, out, breaking, compatible);

  if (p['items'] !== undefined || c['items'] !== undefined) {
    compare((p['items'] ?? true) as Schema, (c['items'] ?? true) as Schema, `${path}/[]`, out);
  }

  const unknown = new Set([...Object.keys(p), ...Object.keys(c)].filter((k) => !UNDERSTOOD.has(k)));
  for (const keyword of unknown) {
    if (!same(p[keyword], c[keyword]))
      breaking(`${keyword} changed (not understood by the checker, so assumed breaking)`);
  }
}

function compareValues(p: JsonSchema, c: JsonSchema, breaking: Report, compatible: Report): void {
  if (p['const'] !== undefined && c['const'] !== undefined) {
    if (!same(p['const'], c['const'])) breaking(`const changed from ${show(p['const'])} to ${show(c['const'])}`);
    return;
  }
  const pValues = allowedValues(p);
  const cValues = allowedValues(c);
  if (pValues && cValues) {
    const removed = pValues.filter((v) => !cValues.some((w) => same(v, w)));
    const added = cValues.filter((v) => !pValues.some((w) => same(v, w)));
    if (removed.length > 0) breaking(`enum narrowed: ${removed.map(show).join(', ')} removed`);
    if (added.length > 0) compatible(`enum widened: ${added.map(show).join(', ')} added`);
  } else if (cValues) {
    breaking(`values restricted to ${cValues.map(show).join(', ')}`);
  } else if (pValues) {
    compatible('values no longer restricted to an enum');
  }
}

function compareObject(
  p: JsonSchema,
  c: JsonSchema,
  path: string,
  out: SchemaChange[],
  breaking: Report,
  compatible: Report,
): void {
  const pProperties = (p['properties'] ?? {}) as Record<string, Schema>;
  const cProperties = (c['properties'] ?? {}) as Record<string, Schema>;
  const pRequired = new Set((p['required'] ?? []) as string[]);
  const cRequired = new Set((c['required'] ?? []) as string[]);
  for (const [name, schema] of Object.entries(pProperties)) {
    if (!(name in cProperties)) breaking(`property "${name}" removed`);
    else compare(schema, cProperties[name], `${path}/${name}`, out);
  }
  for (const name of Object.keys(cProperties)) {
    if (!(name in pProperties) && !cRequired.has(name)) compatible(`optional property "${name}" added`);
  }
  for (const name of pRequired) {
    if (!cRequired.has(name) && name in cProperties) breaking(`property "${name}" made optional`);
  }
  for (const name of cRequired) {
    if (!pRequired.has(name)) {
      breaking(
        name in pProperties
          ? `property "${name}" made required`
          : `required property "${name}" added (messages already published lack it)`,
      );
    }
  }
  const pAdditional = p['additionalProperties'] as Schema | undefined;
  const cAdditional = c['additionalProperties'] as Schema | undefined;
  const pOpen = openness(pAdditional ?? true);
  const cOpen = openness(cAdditional ?? true);
  if (cOpen < pOpen) breaking(`additionalProperties tightened from ${show(pAdditional)} to ${show(cAdditional)}`);
  else if (cOpen > pOpen) compatible(`additionalProperties loosened from ${show(pAdditional)} to ${show(cAdditional)}`);
  else if (isSchemaObject(pAdditional) && isSchemaObject(cAdditional) && !isEmpty(pAdditional)) {
    compare(pAdditional, cAdditional, `${path}/*`, out);
  }
}

/** Every published variant must be accepted, without a breaking change, by some current variant. */
function compareVariants(pVariants: Schema[], cVariants: Schema[], path: string, out: SchemaChange[]): void {
  const matched = new Set<number>();
  pVariants.forEach((pVariant, i) => {
    const candidates = cVariants.map((cVariant, j) => {
      const changes: SchemaChange[] = [];
      compare(pVariant, cVariant, `${path}/anyOf[${i}]`, changes);
      return { j, changes, breaking: changes.filter((change) => change.breaking).length };
    });
    const best = candidates.reduce((a, b) => (b.breaking < a.breaking ? b : a));
    matched.add(best.j);
    if (best.breaking > 0) {
      out.push({ path: path || '/', breaking: true, message: `variant ${i} is no longer accepted as it was` });
    }
    out.push(...best.changes);
  });
  cVariants.forEach((_variant, j) => {
    if (!matched.has(j)) out.push({ path: path || '/', breaking: false, message: `variant ${j} added` });
  });
}

type Report = (message: string) => void;

function compareBound(
  keyword: string,
  p: unknown,
  c: unknown,
  kind: 'lower' | 'upper',
  breaking: Report,
  compatible: Report,
): void {
  if (same(p, c)) return;
  const pBound = typeof p === 'number' ? p : undefined;
  const cBound = typeof c === 'number' ? c : undefined;
  const tighter =
    cBound !== undefined && (pBound === undefined || (kind === 'lower' ? cBound > pBound : cBound < pBound));
  if (tighter) breaking(`${keyword} tightened from ${show(p)} to ${show(c)}`);
  else compatible(`${keyword} loosened from ${show(p)} to ${show(c)}`);
}

function variants(schema: JsonSchema): Schema[] | undefined {
  const list = schema['anyOf'] ?? schema['oneOf'];
  return Array.isArray(list) ? (list as Schema[]) : undefined;
}

function types(schema: JsonSchema): string[] | undefined {
  const type = schema['type'];
  if (type === undefined) return undefined;
  return (Array.isArray(type) ? [...(type as string[])] : [type as string]).sort();
}

function allowedValues(schema: JsonSchema): unknown[] | undefined {
  if (schema['const'] !== undefined) return [schema['const']];
  return Array.isArray(schema['enum']) ? (schema['enum'] as unknown[]) : undefined;
}

/** 2: anything goes (true, {}), 1: constrained by a schema, 0: nothing (false). */
function openness(schema: Schema | undefined): number {
  if (schema === undefined || schema === true) return 2;
  if (schema === false) return 0;
  return isEmpty(schema) ? 2 : 1;
}

function isSchemaObject(schema: Schema | undefined): schema is JsonSchema {
  return typeof schema === 'object' && schema !== null;
}

function isEmpty(schema: JsonSchema): boolean {
  return Object.keys(schema).filter((k) => !ANNOTATIONS.has(k)).length === 0;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
