import type { z } from 'zod';
import { isConventionId, isThemeCode, referenceData } from '../reference-data';
import { type CycleCommandSchemas, cycleCommandSchemas, fieldRejections, LIMITS } from './command-schemas';
import type { CycleCommand } from './commands';
import { cycleTypes } from './cycle-types';
import type { DomainError } from './decider';
import { GSP_STAGE_ORDER } from './decide/gsp';
import { reject, type RejectionCode } from './decide/rejections';
import { ASSESSMENTS, OWNERS, PRIORITIES, UN_MECHANISMS } from './decide/checks';

/**
 * A command as `decide` receives it (untrusted JSON from a client or a workflow history) checked
 * against its schema: the command with its values normalised (trimmed, de-duplicated, defaults
 * given), or the first problem as the rejection its field is registered with, in the words of
 * a desk officer. Pure; never throws.
 */
export function parseCycleCommand(command: unknown): CycleCommand | DomainError {
  const type = (command as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') {
    return reject('UNKNOWN_COMMAND', 'The command has no type; send one of the cycle commands, e.g. ScheduleRound.');
  }
  if (!Object.prototype.hasOwnProperty.call(cycleCommandSchemas(), type)) {
    return reject('UNKNOWN_COMMAND', `"${type}" is not a cycle command.`, 'type');
  }
  const schema = cycleCommandSchemas()[type as keyof CycleCommandSchemas] as z.ZodType;
  const parsed = schema.safeParse(command);
  if (parsed.success) return parsed.data as CycleCommand;
  return rejectionOf(schema, command as Record<string, unknown>, parsed.error.issues[0]);
}

function rejectionOf(schema: z.ZodType, command: Record<string, unknown>, issue: z.core.$ZodIssue): DomainError {
  if (issue.code === 'unrecognized_keys') {
    const field = fieldName([...issue.path, issue.keys[0]]);
    return reject(
      'UNKNOWN_FIELD',
      `${String(command['type'])} has no field ${issue.keys.map((k) => `"${k}"`).join(', ')}${issue.path.length > 0 ? ` in ${fieldName(issue.path)}` : ''}. Leave it out.`,
      field,
    );
  }
  const { code, depth } = registeredRejection(schema, issue.path);
  const field = fieldName(issue.path);
  // A list's element is explained with its list ("unknown theme codes: I.G, VI.").
  const keys = issue.path.slice(0, depth);
  const value = valueAt(command, typeof keys[keys.length - 1] === 'number' ? keys.slice(0, -1) : keys);
  const explain = explanations[code];
  return reject(code, explain ? explain(value, field, command, issue.message) : `${field}: ${issue.message}.`, field);
}

/** The deepest schema along `path` with a registered rejection, and how many path keys lead to it. */
function registeredRejection(schema: z.ZodType, path: readonly PropertyKey[]): { code: RejectionCode; depth: number } {
  let found: { code: RejectionCode; depth: number } = { code: 'UNKNOWN_COMMAND', depth: 0 };
  let node: z.ZodType | undefined = schema;
  for (let depth = 0; node; depth++) {
    // Wrappers (optional, default, nullable, a transform's input) are looked through.
    for (let inner: z.ZodType | undefined = node; inner; inner = innerOf(inner)) {
      const entry = fieldRejections.get(inner);
      if (entry) found = { code: entry.code, depth };
    }
    if (depth === path.length) break;
    node = childOf(node, path[depth]);
  }
  return found;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function innerOf(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema);
  return def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
}

function childOf(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  while (node && innerOf(node)) node = innerOf(node);
  if (!node) return undefined;
  const def = defOf(node);
  if (def.type === 'object') return def.shape?.[String(key)];
  if (def.type === 'array') return def.element;
  return undefined;
}

/** "reminderPolicy.beforeDeadline[1].offset"; a trailing list index is left out ("themes"). */
function fieldName(path: readonly PropertyKey[]): string {
  const keys = typeof path[path.length - 1] === 'number' ? path.slice(0, -1) : path;
  return keys.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)),
    '',
  );
}

function valueAt(command: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    command,
  );
}

const quoted = (value: unknown) => JSON.stringify(value ?? null);
const length = (value: unknown) => (typeof value === 'string' ? value.length : 0);
const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
const REASON_FOR: Record<string, string> = {
  AmendActionPoint: 'amending the action point',
  WithdrawActionPoint: 'withdrawing the action point',
  CancelCycle: 'cancelling the cycle',
};

/** How each refusal of a value is said to a desk officer; the schema's own message otherwise. */
const explanations: Partial<
  Record<RejectionCode, (value: unknown, field: string, command: Record<string, unknown>, detail: string) => string>
> = {
  INVALID_ID: (value, field) =>
    field === 'cycleId'
      ? `${quoted(value)} is not a valid cycle id: use 3 to 64 letters, digits, "-" or "_", starting with a letter or digit.`
      : `${quoted(value)} is not a valid ${field} id: use 1 to ${LIMITS.id} letters, digits, ".", "_", ":" or "-", starting with a letter or digit.`,
  INVALID_DATE: (value, field) =>
    `${field} ${quoted(value)} is not a calendar date. Write it YYYY-MM-DD, e.g. 2026-03-15 (years 1900 to 2199).`,
  INVALID_TITLE: (value) =>
    isBlank(value)
      ? `Give a title (at most ${LIMITS.title} characters).`
      : `The title has ${length(value)} characters, or a line break or control character; give one line of at most ${LIMITS.title}.`,
  INVALID_TEXT: (value, field) =>
    isBlank(value)
      ? `The ${field} is empty. Say what it is about.`
      : `The ${field} has ${length(value)} characters or a control character; keep it to at most ${field === 'comment' ? LIMITS.reason : LIMITS.text} characters of text.`,
  REASON_REQUIRED: (_value, _field, command) =>
    `Give a reason for ${REASON_FOR[String(command['type'])] ?? 'this change'} (at most ${LIMITS.reason} characters); it is kept in the cycle's history.`,
  UNKNOWN_CYCLE_TYPE: (value) => `"${String(value)}" is not a cycle type. Choose one of ${cycleTypes.join(', ')}.`,
  INVALID_COUNTRY: (value) =>
    `"${String(value)}" is not a partner code. Use the ISO 3166-1 alpha-2 code in capitals (e.g. KH for Cambodia) or a regional body: ${referenceData.regionalBodies.regionalBodies.map((b) => b.code).join(', ')}.`,
  INVALID_TIME_ZONE: (value) =>
    `"${String(value)}" is not an IANA time zone. Use the delegation's zone, e.g. Europe/Brussels or Asia/Phnom_Penh.`,
  INVALID_REMINDER_POLICY: (_value, field, _command, detail) =>
    `The reminder policy is not valid: ${field} ${detail}. Fix it, or leave it out to use the cycle type defaults.`,
  INVALID_OWNER: (value) =>
    `"${String(value)}" is not an owner. Choose ${OWNERS.join(', ')} (PARTNER: the partner authorities).`,
  INVALID_PRIORITY: (value) => `"${String(value)}" is not a priority. Choose ${PRIORITIES.join(', ')}.`,
  NO_THEME: () =>
    'Give at least one EU Action Plan theme (e.g. "I.C" for civic space), at most 20, so the action point can be reported on.',
  UNKNOWN_THEME: (value) => {
    const unknown = (Array.isArray(value) ? value : [value]).filter((code) => !isThemeCode(code));
    return `Unknown EU Action Plan theme ${unknown.length === 1 ? 'code' : 'codes'}: ${unknown.map(String).join(', ')}. Use the codes of the Action Plan 2020-2024, such as I.C or II.A.`;
  },
  UNKNOWN_CONVENTION: (value) => {
    const unknown = Array.isArray(value) ? value.filter((id) => !isConventionId(id)) : [];
    return unknown.length === 0
      ? 'GSP+ conventions must be a list of at most 20 ids such as ICCPR or ILO-C087 (it may be empty).'
      : `Unknown GSP+ convention ${unknown.length === 1 ? 'id' : 'ids'}: ${unknown.map(String).join(', ')}. Use the ids of Annex VIII, such as ICCPR, CAT or ILO-C087.`;
  },
  INVALID_UN_REFERENCE: () =>
    `Each UN reference gives its mechanism (${UN_MECHANISMS.join(', ')}) and its text as published, e.g. "UPR / A/HRC/55/12 / 141.23" (at most ${LIMITS.unText} characters); at most ${LIMITS.list} references.`,
  NO_CHANGES: () =>
    'Say what to change: "changes" gives new values of the action point\'s terms (text, owner, deadline, ...).',
  INVALID_EVIDENCE_LINK: () =>
    `Evidence links are a list of at most ${LIMITS.list} https:// web addresses of at most ${LIMITS.url} characters (it may be empty).`,
  INVALID_ASSESSMENT: (value) => `"${String(value)}" is not an assessment. Choose one of ${ASSESSMENTS.join(', ')}.`,
  UNKNOWN_GSP_STAGE: (value) => `"${String(value)}" is not a GSP stage. Choose one of ${GSP_STAGE_ORDER.join(', ')}.`,
  INVALID_DECISION: () => 'Say whether the preferences are withdrawn: withdrawn must be true or false.',
  INVALID_CASE_REF: () =>
    'An individual case is referred to by its opaque reference ("case-" followed by a UUID), never by anything about the person.',
};
