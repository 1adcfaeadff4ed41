/**
 * The live read model against a fresh rebuild from the log (ADR 0011's rebuild into a new
 * generation): the same rows, key for key and column for column, in every table. What a
 * projector killed mid-batch, a restarted database or a replayed partition could leave behind
 * (a row missing, one applied twice, a stale column) shows as a difference. Pure.
 */

export type Row = Record<string, unknown>;
/** Rows of each table; `keys` names each table's primary-key columns. */
export type TableRows = Record<string, readonly Row[]>;

export interface ReadModelVerdict {
  figures: { rows: number; differences: number };
  problems: string[];
}

/** JSON with object keys sorted, so that two equal rows give one text whatever their key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value) ?? 'undefined';
}

const MAX_LISTED = 5;

export function compareReadModels(
  live: TableRows,
  rebuilt: TableRows,
  keys: Readonly<Record<string, readonly string[]>>,
): ReadModelVerdict {
  const problems: string[] = [];
  let rows = 0;
  let differences = 0;
  for (const table of Object.keys(keys).sort()) {
    const keyOf = (row: Row) => keys[table].map((k) => String(row[k])).join('/');
    const index = (list: readonly Row[] = []) => new Map(list.map((row) => [keyOf(row), row]));
    const a = index(live[table]);
    const b = index(rebuilt[table]);
    rows += b.size;
    const found: string[] = [];
    for (const [key, row] of a) {
      const other = b.get(key);
      if (!other) {
        found.push(`${table} ${key}: in the live read model only`);
        continue;
      }
      const columns = [...new Set([...Object.keys(row), ...Object.keys(other)])].sort();
      const differing = columns.filter((c) => canonical(row[c]) !== canonical(other[c]));
      if (differing.length) {
        const shown = differing.map((c) => `${c} ${canonical(row[c])} vs ${canonical(other[c])}`);
        found.push(`${table} ${key}: ${shown.join('; ')} (live vs rebuilt)`);
      }
    }
    for (const key of b.keys()) if (!a.has(key)) found.push(`${table} ${key}: in the rebuild only`);
    differences += found.length;
    problems.push(...found.slice(0, MAX_LISTED));
    if (found.length > MAX_LISTED) problems.push(`${table}: ${found.length - MAX_LISTED} more differences`);
  }
  return { figures: { rows, differences }, problems };
}
