import { isConventionId, isThemeCode, referenceData } from '../../reference-data';
import type { ActionPointTerms } from '../commands';
import {
  type ActionPointOwner,
  type Assessment,
  type CommandMetadata,
  type Priority,
  type ReminderPolicy,
  type UnMechanismKind,
  type UnReference,
} from '../cycle-types';
import { isInstant, isLocalDate } from '../dates';
import type { DomainError } from '../decider';
import type { RoundState } from '../state';
import { reject } from './rejections';

export const MAX_TITLE_LENGTH = 200;

export const MAX_TEXT_LENGTH = 4000;

export const MAX_UN_REFERENCE_TEXT_LENGTH = 500;

export const MAX_URL_LENGTH = 2048;

export const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Ids travel in reminder keys ("|"-separated), URLs and the integration contract, whose id
 * pattern is this one: an id the contract could not carry would stall publishing.
 */
export const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

export const ASSESSMENTS: readonly Assessment[] = ['COMPLETED', 'PARTIALLY_COMPLETED', 'NOT_COMPLETED'];

export const OWNERS: readonly ActionPointOwner[] = ['PARTNER', 'EU', 'JOINT'];

export const PRIORITIES: readonly Priority[] = ['HIGH', 'MEDIUM', 'LOW'];

export const UN_MECHANISMS: readonly UnMechanismKind[] = referenceData.unMechanisms.mechanisms.map((m) => m.code);

/** Validates the given terms (all of them when `required`); returns normalised values or the first problem. */
export function checkTerms(
  input: Record<string, unknown> | ActionPointTerms,
  round: RoundState | undefined,
  required: boolean,
): { values: Partial<ActionPointTerms> } | DomainError {
  const raw = input as Record<string, unknown>;
  const values: Partial<ActionPointTerms> = {};
  const given = (key: keyof ActionPointTerms) => required || raw[key] !== undefined;

  if (given('text')) {
    const problem = checkText(raw['text'], 'text', 'the action point');
    if (problem) return problem;
    values.text = (raw['text'] as string).trim();
  }
  if (given('owner')) {
    if (!(OWNERS as readonly unknown[]).includes(raw['owner'])) {
      return reject(
        'INVALID_OWNER',
        `"${String(raw['owner'])}" is not an owner. Choose PARTNER (partner authorities), EU or JOINT.`,
        'owner',
      );
    }
    values.owner = raw['owner'] as ActionPointOwner;
  }
  if (given('deadline')) {
    const deadline = raw['deadline'];
    const problem = checkDate(deadline, 'deadline');
    if (problem) return problem;
    const roundDate = round ? (round.heldOn ?? round.date) : undefined;
    if (round && roundDate !== undefined && (deadline as string) < roundDate) {
      return reject(
        'DEADLINE_BEFORE_ROUND_DATE',
        `The deadline ${String(deadline)} is before the round's date ${roundDate} (round ${round.roundId}). Choose a deadline on or after the round.`,
        'deadline',
      );
    }
    values.deadline = deadline as string;
  }
  if (given('priority')) {
    if (!(PRIORITIES as readonly unknown[]).includes(raw['priority'])) {
      return reject(
        'INVALID_PRIORITY',
        `"${String(raw['priority'])}" is not a priority. Choose HIGH, MEDIUM or LOW.`,
        'priority',
      );
    }
    values.priority = raw['priority'] as Priority;
  }
  if (given('themes')) {
    const themes = raw['themes'];
    if (!Array.isArray(themes) || themes.length === 0) {
      return reject(
        'NO_THEME',
        'Give at least one EU Action Plan theme (e.g. "I.C" for civic space) so the action point can be reported on.',
        'themes',
      );
    }
    const unknown = themes.filter((code) => !isThemeCode(code));
    if (unknown.length > 0) {
      return reject(
        'UNKNOWN_THEME',
        `Unknown EU Action Plan theme ${unknown.length === 1 ? 'code' : 'codes'}: ${unknown.map(String).join(', ')}. Use the codes of the Action Plan 2020-2024, such as I.C or II.A.`,
        'themes',
      );
    }
    values.themes = unique(themes as string[]);
  }
  if (given('conventions')) {
    const conventions = raw['conventions'] ?? [];
    if (!Array.isArray(conventions)) {
      return reject(
        'UNKNOWN_CONVENTION',
        'GSP+ conventions must be a list of ids such as ICCPR or ILO-C087 (it may be empty).',
        'conventions',
      );
    }
    const unknown = conventions.filter((id) => !isConventionId(id));
    if (unknown.length > 0) {
      return reject(
        'UNKNOWN_CONVENTION',
        `Unknown GSP+ convention ${unknown.length === 1 ? 'id' : 'ids'}: ${unknown.map(String).join(', ')}. Use the ids of Annex VIII, such as ICCPR, CAT or ILO-C087.`,
        'conventions',
      );
    }
    values.conventions = unique(conventions as string[]);
  }
  if (given('unReferences')) {
    const references = raw['unReferences'] ?? [];
    const checked = checkUnReferences(references);
    if (!Array.isArray(checked)) return checked;
    values.unReferences = checked;
  }
  return { values };
}

export function checkUnReferences(references: unknown): UnReference[] | DomainError {
  const problem = (message: string) => reject('INVALID_UN_REFERENCE', message, 'unReferences');
  if (!Array.isArray(references)) return problem('UN references must be a list (it may be empty).');
  const checked: UnReference[] = [];
  for (const [i, ref] of references.entries()) {
    const which = `UN reference ${i + 1}`;
    if (!isRecord(ref)) return problem(`${which} must give a mechanism and a text.`);
    if (!(UN_MECHANISMS as readonly unknown[]).includes(ref['mechanism'])) {
      return problem(
        `${which}: "${String(ref['mechanism'])}" is not a UN mechanism. Choose ${UN_MECHANISMS.join(', ')}.`,
      );
    }
    const text = ref['text'];
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_UN_REFERENCE_TEXT_LENGTH) {
      return problem(
        `${which} needs its text as published, e.g. "UPR / A/HRC/55/12 / 141.23" (at most ${MAX_UN_REFERENCE_TEXT_LENGTH} characters).`,
      );
    }
    for (const optional of ['documentSymbol', 'paragraph'] as const) {
      const value = ref[optional];
      if (value !== undefined && (typeof value !== 'string' || value.length > MAX_UN_REFERENCE_TEXT_LENGTH)) {
        return problem(`${which}: ${optional} must be a short text when given.`);
      }
    }
    checked.push({
      mechanism: ref['mechanism'] as UnMechanismKind,
      text: text.trim(),
      ...(typeof ref['documentSymbol'] === 'string' ? { documentSymbol: ref['documentSymbol'] } : {}),
      ...(typeof ref['paragraph'] === 'string' ? { paragraph: ref['paragraph'] } : {}),
    });
  }
  return checked;
}

export function checkMetadata(metadata: CommandMetadata): DomainError | undefined {
  const ok =
    isRecord(metadata) &&
    typeof metadata.commandId === 'string' &&
    metadata.commandId !== '' &&
    isRecord(metadata.actor) &&
    typeof metadata.actor.userId === 'string' &&
    typeof metadata.actor.role === 'string' &&
    isInstant(metadata.issuedAt);
  return ok
    ? undefined
    : reject(
        'INVALID_METADATA',
        'The command metadata must give a command id, the actor (user id and role) and issuedAt as an ISO 8601 instant with its offset, e.g. 2026-03-01T09:00:00.000Z.',
        'metadata',
      );
}

export function checkId(value: unknown, field: string, what: string): DomainError | undefined {
  return typeof value === 'string' && ID.test(value)
    ? undefined
    : reject(
        'INVALID_ID',
        `${JSON.stringify(value ?? null)} is not a valid ${what} id: use 1 to 100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit.`,
        field,
      );
}

export function checkDate(value: unknown, field: string): DomainError | undefined {
  return isLocalDate(value)
    ? undefined
    : reject(
        'INVALID_DATE',
        `${field} ${JSON.stringify(value ?? null)} is not a calendar date. Write it YYYY-MM-DD, e.g. 2026-03-15.`,
        field,
      );
}

export function checkTitle(value: unknown, field: string, what: string): DomainError | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return reject('INVALID_TITLE', `Give ${what} a title (at most ${MAX_TITLE_LENGTH} characters).`, field);
  }
  if (value.trim().length > MAX_TITLE_LENGTH) {
    return reject(
      'INVALID_TITLE',
      `The title of ${what} has ${value.trim().length} characters; shorten it to at most ${MAX_TITLE_LENGTH}.`,
      field,
    );
  }
  return undefined;
}

export function checkText(value: unknown, field: string, what: string, mayBeEmpty = false): DomainError | undefined {
  if (typeof value !== 'string' || (!mayBeEmpty && value.trim() === '')) {
    return reject('INVALID_TEXT', `The text of ${what} is empty. Say what it is about.`, field);
  }
  if (value.trim().length > MAX_TEXT_LENGTH) {
    return reject(
      'INVALID_TEXT',
      `The text of ${what} has ${value.trim().length} characters; shorten it to at most ${MAX_TEXT_LENGTH}.`,
      field,
    );
  }
  return undefined;
}

export function checkReason(value: unknown, doing: string): DomainError | undefined {
  if (typeof value === 'string' && value.trim() !== '' && value.trim().length <= MAX_TEXT_LENGTH) return undefined;
  return reject(
    'REASON_REQUIRED',
    `Give a reason for ${doing} (at most ${MAX_TEXT_LENGTH} characters); it is kept in the cycle's history.`,
    'reason',
  );
}

/** The need-to-know store's references: "case-" and a lower-case UUID, nothing that could name anyone. */
export const CASE_REF = /^case-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function checkCaseRef(value: unknown): DomainError | undefined {
  return typeof value === 'string' && CASE_REF.test(value)
    ? undefined
    : reject(
        'INVALID_CASE_REF',
        'An individual case is referred to by its opaque reference ("case-" followed by a UUID), never by anything about the person.',
        'caseRef',
      );
}

export function normalizedPolicy(policy: ReminderPolicy): ReminderPolicy {
  return {
    beforeDeadline: policy.beforeDeadline.map((s) => ({ offset: s.offset, recipientRole: s.recipientRole })),
    onDeadline: policy.onDeadline ? { recipientRole: policy.onDeadline.recipientRole } : null,
    escalations: policy.escalations.map((s) => ({ offset: s.offset, recipientRole: s.recipientRole })),
    localTime: policy.localTime,
  };
}

export function isHttpUrl(value: unknown): boolean {
  return typeof value === 'string' && value.length <= MAX_URL_LENGTH && HTTP_URL.test(value);
}

export function unique<T>(values: readonly T[]): T[] {
  return values.filter((value, i) => values.indexOf(value) === i);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
