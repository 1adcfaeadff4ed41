import { Validator } from '@cfworker/json-schema';
import { fieldOfPointer } from '../api/problem';
import type { JsonSchema } from './schema-form';

/** A client-side finding: which body field, and which rule of the schema it breaks. */
export interface Finding {
  field: string;
  rule: 'required' | 'pattern' | 'maxLength' | 'minItems' | 'maxItems' | 'enum' | 'format' | 'type' | 'other';
  limit?: number;
}

const RULES = new Set(['required', 'pattern', 'maxLength', 'minItems', 'maxItems', 'enum', 'format', 'type']);

/**
 * Checks a body against the command's schema before sending it, with a validator that needs no
 * `eval` (the page's Content-Security-Policy forbids it; Ajv compiles code). The API checks
 * again and has the last word; this only saves a round trip and says it beside the field.
 */
export function check(schema: JsonSchema, body: unknown): Finding[] {
  const result = new Validator(schema as never, '7', false).validate(body);
  const findings: Finding[] = [];
  for (const error of result.errors) {
    if (!RULES.has(error.keyword)) continue;
    let field = fieldOfPointer(error.instanceLocation) ?? '';
    if (error.keyword === 'required') {
      const missing = /"([^"]+)"/.exec(error.error)?.[1];
      if (!missing) continue;
      field = field ? `${field}.${missing}` : missing;
    }
    const limit = /(\d+)/.exec(error.keywordLocation.endsWith('maxLength') ? error.error : '')?.[1];
    if (!findings.some((f) => f.field === field)) {
      findings.push({ field, rule: error.keyword as Finding['rule'], ...(limit && { limit: Number(limit) }) });
    }
  }
  return findings;
}
