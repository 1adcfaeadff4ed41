import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** How a column's value is written in COPY's text format; plain strings, numbers, booleans need no mention. */
export type CopyColumnKind = 'jsonb' | 'text[]';

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A field of COPY's text format: backslash, tab, newline and carriage return escaped. */
function escapeField(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]) : text;
}

/** A PostgreSQL array literal of text elements, every element quoted. */
function textArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

type FieldWriter = (value: unknown) => string;

/** One writer per column, chosen once per call rather than per field. */
function fieldWriter(column: string, kind: CopyColumnKind | undefined): FieldWriter {
  if (kind === 'jsonb') return (value) => (value == null ? '\\N' : escapeField(JSON.stringify(value)));
  if (kind === 'text[]') {
    return (value) => (value == null ? '\\N' : escapeField(textArrayLiteral(value as (string | null)[])));
  }
  return (value) => {
    switch (typeof value) {
      case 'string':
        return escapeField(value);
      case 'number':
        return String(value);
      case 'boolean':
        return value ? 't' : 'f';
      case 'undefined':
        return '\\N';
      default:
        if (value === null) return '\\N';
        // An object in a column not declared jsonb or text[] would be written as "[object Object]".
        throw new Error(`column ${column}: declare how COPY writes its value`);
    }
  };
}

/** Rows in COPY's text format (tab-separated, one line each), their fields in `columns` order. */
export function copyText(
  rows: readonly object[],
  columns: readonly string[],
  kinds: Readonly<Record<string, CopyColumnKind>> = {},
): string {
  const writers = columns.map((c) => fieldWriter(c, kinds[c]));
  // Arrays joined once: much cheaper than growing one string field by field.
  const lines: string[] = new Array(rows.length + 1);
  const fields: string[] = new Array(columns.length);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r] as Record<string, unknown>;
    for (let i = 0; i < columns.length; i++) fields[i] = writers[i](values[columns[i]]);
    lines[r] = fields.join('\t');
  }
  lines[rows.length] = ''; // every line ends with a newline
  return lines.join('\n');
}

/**
 * Inserts rows with COPY: PostgreSQL parses plain text fields instead of one JSON document
 * per statement. `table` and `columns` must already be quoted identifiers.
 */
export async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  text: string,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([text]), stream);
}
