/**
 * Forms drawn from the request bodies' JSON Schemas in the API's OpenAPI document (the same
 * schemas the API validates with), so that a command's form cannot ask for another shape than
 * the command takes. Pure: what to draw, and how the filled form becomes the request body.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  example?: unknown;
  nullable?: boolean;
  [keyword: string]: unknown;
}

export type Field =
  | Leaf<'text' | 'textarea' | 'date' | 'datetime' | 'time' | 'integer'>
  | (Leaf<'select'> & { options: string[] })
  | (Leaf<'choices'> & { options: string[] })
  | Leaf<'lines'>
  | Leaf<'checkbox'>
  | (Leaf<'group'> & { fields: Field[] })
  | (Leaf<'repeat'> & { fields: Field[]; maxItems?: number });

interface Leaf<K extends string> {
  kind: K;
  /** Dotted path in the body: "nextRound.date", "unReferences" (items are "unReferences.0.text"). */
  name: string;
  /** Last segment: the key of its label. */
  key: string;
  required: boolean;
  description?: string;
  maxLength?: number;
  default?: unknown;
}

/** Form values: every leaf as the browser holds it (text, booleans, lists of codes, repeated groups). */
export type FormValue = string | boolean | string[] | FormValues[] | FormValues;
export interface FormValues {
  [name: string]: FormValue;
}

/** The fields of an object schema, in the schema's order; `omit` drops fields the page already gives. */
export function fieldsOf(schema: JsonSchema, omit: readonly string[] = [], prefix = ''): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([key]) => !omit.includes(key))
    .map(([key, property]) => fieldOf(`${prefix}${key}`, key, property, required.has(key)));
}

function fieldOf(name: string, key: string, s: JsonSchema, required: boolean): Field {
  const common = { name, key, required, description: s.description, default: s.default };
  if (s.enum) return { ...common, kind: 'select', options: s.enum.map(String) };
  if (s.type === 'boolean') return { ...common, kind: 'checkbox' };
  if (s.type === 'integer' || s.type === 'number') return { ...common, kind: 'integer' };
  if (s.type === 'object') return { ...common, kind: 'group', fields: fieldsOf(s, [], '') };
  if (s.type === 'array') {
    const items = s.items ?? {};
    if (items.enum) return { ...common, kind: 'choices', options: items.enum.map(String) };
    if (items.type === 'object') return { ...common, kind: 'repeat', fields: fieldsOf(items), maxItems: s.maxItems };
    return { ...common, kind: 'lines', maxLength: items.maxLength };
  }
  if (s.format === 'date') return { ...common, kind: 'date' };
  if (s.format === 'date-time') return { ...common, kind: 'datetime' };
  if (typeof s.pattern === 'string' && s.pattern.startsWith('^([01]')) return { ...common, kind: 'time' };
  const long = (s.maxLength ?? 0) > 200;
  return { ...common, kind: long ? 'textarea' : 'text', maxLength: s.maxLength };
}

/** The values an empty form starts with (the schema's defaults where it has them). */
export function initialValues(fields: readonly Field[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    switch (field.kind) {
      case 'checkbox':
        values[field.key] = field.default === true;
        break;
      case 'choices':
        values[field.key] = Array.isArray(field.default) ? field.default.map(String) : [];
        break;
      case 'repeat':
        values[field.key] = [];
        break;
      case 'group':
        values[field.key] = initialValues(field.fields);
        break;
      default:
        values[field.key] = typeof field.default === 'string' ? field.default : '';
    }
  }
  return values;
}

/**
 * The request body for filled values: blank optional fields left out (the API then applies its
 * defaults or assigns ids), integers as numbers, lists one entry per line, an optional group
 * only when one of its fields is filled.
 */
export function bodyOf(fields: readonly Field[], values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = valueOf(field, values[field.key]);
    if (value !== undefined) body[field.key] = value;
  }
  return body;
}

function valueOf(field: Field, raw: FormValue | undefined): unknown {
  switch (field.kind) {
    case 'checkbox':
      // An unticked optional box says nothing (the API's default), a required one says false.
      return raw === true ? true : field.required ? false : undefined;
    case 'choices': {
      const list = Array.isArray(raw) ? (raw as string[]) : [];
      return list.length || field.required ? list : undefined;
    }
    case 'lines': {
      const list =
        typeof raw === 'string'
          ? raw
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean)
          : [];
      return list.length || field.required ? list : undefined;
    }
    case 'repeat': {
      const items = Array.isArray(raw) ? (raw as FormValues[]).map((item) => bodyOf(field.fields, item)) : [];
      const filled = items.filter((item) => Object.keys(item).length > 0);
      return filled.length || field.required ? filled : undefined;
    }
    case 'group': {
      const inner = bodyOf(field.fields, (raw as FormValues | undefined) ?? {});
      return Object.keys(inner).length || field.required ? inner : undefined;
    }
    case 'integer': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (!text) return undefined;
      const n = Number(text);
      // Not a number: sent as typed, so that the API names the field rather than it vanishing.
      return Number.isFinite(n) ? n : text;
    }
    default: {
      const text = typeof raw === 'string' ? raw : '';
      return text.trim() === '' ? undefined : text;
    }
  }
}

/** The top-level field a body path belongs to ("themes.2" → "themes", "" → undefined). */
export function topFieldOf(path: string): string | undefined {
  return path.split('.')[0] || undefined;
}
