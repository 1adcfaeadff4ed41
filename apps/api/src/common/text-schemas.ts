import { z } from 'zod';
import { FORBIDDEN_ANYWHERE, CONTROL_CHARACTERS_DETAIL, INSTANT_PATTERN, regionalBodyCodes } from '@suivi/domain';

/**
 * The API's own text schemas, besides the domain's (@suivi/domain text-fields: text, line, id,
 * dates, codes, time zones), which this module re-exports so the API has one place to import
 * them from: the walk every body gets for control characters, instants and case-insensitive
 * partner codes of query parameters, and how a zod schema becomes the OpenAPI document's.
 */
export {
  CONTROL_CHARACTERS_DETAIL,
  SINGLE_LINE_DETAIL,
  hasControlCharacters,
  type TextOptions,
  text,
  line,
  httpsLink,
  ID_PATTERN,
  ID_MAX,
  id,
  MIN_YEAR,
  MAX_YEAR,
  LOCAL_DATE_PATTERN,
  INSTANT_PATTERN,
  localDate,
  alternation,
  regionalBodyCodes,
  PARTNER_PATTERN,
  isPartnerCode,
  partnerCode,
  themeCodes,
  conventionIds,
  timeZones,
  timeZone,
} from '@suivi/domain';

/** One string in a JSON document that holds a refused character: its path (keys count too). */
export interface ControlCharacterHit {
  path: Array<string | number>;
  detail: string;
}

/**
 * Walks a parsed JSON document (keys and values) for characters no text may hold, whatever the
 * field: the floor every body gets before its schema, so a field declared without the builders
 * below still cannot carry a NUL. Depth-first, at most `limit` hits.
 */
export function findControlCharacters(document: unknown, limit = 20): ControlCharacterHit[] {
  const hits: ControlCharacterHit[] = [];
  const visit = (value: unknown, path: Array<string | number>): void => {
    if (hits.length >= limit) return;
    if (typeof value === 'string') {
      if (FORBIDDEN_ANYWHERE.test(value)) hits.push({ path, detail: CONTROL_CHARACTERS_DETAIL });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (FORBIDDEN_ANYWHERE.test(key)) {
          hits.push({ path: [...path, key], detail: `the field name ${CONTROL_CHARACTERS_DETAIL}` });
        } else {
          visit(item, [...path, key]);
        }
      }
    }
  };
  visit(document, []);
  return hits;
}

export const instant = () =>
  z
    .string()
    .regex(INSTANT_PATTERN, 'expected an ISO 8601 instant with its offset, e.g. 2026-03-01T12:00:00Z')
    .meta({ format: 'date-time', example: '2026-03-01T12:00:00Z' });

const anyCase = (code: string) => code.replace(/[A-Z]/g, (letter) => `[${letter}${letter.toLowerCase()}]`);
/** PARTNER_PATTERN in either case ("kh", "Asean"): how query and path parameters may write it. */
export const PARTNER_PATTERN_ANY_CASE = `[A-Za-z]{2}|${regionalBodyCodes
  .filter((c) => !/^[A-Z]{2}$/.test(c))
  .sort()
  .map(anyCase)
  .join('|')}`;

// ---------------------------------------------------------------------------------------------
// OpenAPI

/**
 * How a schema appears in the document when zod cannot say it (a query parameter read as text
 * but documented as the integer it stands for). Keyed by the schema object.
 */
const documented = new WeakMap<z.ZodType, Record<string, unknown>>();

const ANNOTATIONS = new Set(['default', 'description', 'example', 'examples', 'nullable', 'title']);

/** Documents `schema` as `jsonSchema` (whole replacement) in the OpenAPI document. */
export function documentAs<S extends z.ZodType>(schema: S, jsonSchema: Record<string, unknown>): S {
  documented.set(schema, jsonSchema);
  return schema;
}

/** The OpenAPI 3.0 schema of what a request may send, from the zod schema that validates it. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  return nullInNullableEnums(
    z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      target: 'openapi-3.0',
      override: (ctx) => {
        const replacement = documented.get(ctx.zodSchema as unknown as z.ZodType);
        if (!replacement) return;
        const target = ctx.jsonSchema as Record<string, unknown>;
        // What the value is gets replaced; what is said about it (default, description) stays.
        for (const key of Object.keys(target)) if (!ANNOTATIONS.has(key)) delete target[key];
        Object.assign(target, replacement);
      },
    }) as Record<string, unknown>,
  );
}

/**
 * OpenAPI 3.0 lets `null` through a `nullable` schema only if its `enum` lists null too (the
 * specification's clarification); zod's converter leaves it out, and Schemathesis then takes
 * the null that the API accepts (a merge patch's "back to the default") as invalid.
 */
function nullInNullableEnums<T>(node: T): T {
  if (Array.isArray(node)) {
    node.forEach(nullInNullableEnums);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record['nullable'] === true && Array.isArray(record['enum']) && !record['enum'].includes(null)) {
      record['enum'] = [...record['enum'], null];
    }
    Object.values(record).forEach(nullInNullableEnums);
  }
  return node;
}
