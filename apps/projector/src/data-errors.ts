/**
 * Which database errors are a property of the data being written (the same event fails the
 * same way every time, so retrying its batch forever would block every cycle after it) and
 * which are a property of the moment (a lost connection, a restart, a deadlock: retrying is
 * right). Only the former make an event poison for its cycle.
 */

/** SQLSTATE classes of errors caused by the values written: 22 data exception, 23 integrity constraint violation. */
const DATA_CLASSES = new Set(['22', '23']);
/** Single codes outside those classes that the values cause: 54000 program_limit_exceeded (e.g. an index row too large). */
const DATA_CODES = new Set(['54000']);

/** Condition names (PostgreSQL appendix A) of the data errors the read model can meet. */
const CONDITIONS: Record<string, string> = {
  '22000': 'data_exception',
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22012': 'division_by_zero',
  '22021': 'character_not_in_repertoire',
  '22023': 'invalid_parameter_value',
  '22026': 'string_data_length_mismatch',
  '22030': 'duplicate_json_object_key_value',
  '22032': 'invalid_json_text',
  '22P02': 'invalid_text_representation',
  '22P04': 'bad_copy_file_format',
  '22P05': 'untranslatable_character',
  '23000': 'integrity_constraint_violation',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
  '23P01': 'exclusion_violation',
  '54000': 'program_limit_exceeded',
};

export interface DataError {
  /** The five-character SQLSTATE. */
  sqlState: string;
  /** Its condition name, e.g. character_not_in_repertoire. */
  condition: string;
  /** Identifiers the server named (never values): the table, column or constraint at fault. */
  table?: string;
  column?: string;
  constraint?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** The data error `error` is, or null for any other error (connection loss, server restart, bug...). */
export function dataErrorOf(error: unknown): DataError | null {
  if (typeof error !== 'object' || error === null) return null;
  const fields = error as Record<string, unknown>;
  const code = fields['code'];
  if (typeof code !== 'string' || !SQLSTATE.test(code)) return null;
  if (!DATA_CLASSES.has(code.slice(0, 2)) && !DATA_CODES.has(code)) return null;
  const identifier = (name: string) => {
    const value = fields[name];
    return typeof value === 'string' && IDENTIFIER.test(value) ? value : undefined;
  };
  const condition = CONDITIONS[code] ?? (code.startsWith('22') ? 'data_exception' : 'integrity_constraint_violation');
  const found: DataError = { sqlState: code, condition };
  for (const name of ['table', 'column', 'constraint'] as const) {
    const value = identifier(name);
    if (value) found[name] = value;
  }
  return found;
}

/**
 * One line for dead-letter headers, the repair mark and logs: the SQLSTATE, its condition
 * and the identifiers at fault. Never the server's message, which may quote the values
 * (a title, a name) that must not appear in clear.
 */
export function describeDataError(error: DataError): string {
  const where = [
    error.table && `table ${error.table}`,
    error.column && `column ${error.column}`,
    error.constraint && `constraint ${error.constraint}`,
  ].filter(Boolean);
  return `SQLSTATE ${error.sqlState} ${error.condition}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}

/**
 * A short, value-free name for any other error, for the projector's status row: the
 * SQLSTATE or the system error code (ECONNREFUSED...) when there is one, else the class name.
 */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z0-9_]{1,60}$/.test(name)) return name;
  }
  return 'Error';
}
