import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isLocalDate } from './cycle/dates';
import { isRegionalBodyCode, referenceData } from './reference-data';

/**
 * What text Suivi accepts, said once: every string of every command (and of every request body,
 * path, query and header the API reads) goes through a schema built here. The API shows these
 * schemas in its OpenAPI document (their regular expressions become `pattern`), and the domain
 * checks commands with the same ones, so the document, the API and `decide` cannot disagree.
 *
 * Never accepted anywhere: C0 controls (U+0000-U+001F) but tab, line feed and carriage return,
 * DEL and the C1 controls (U+007F-U+009F), lone surrogates and the noncharacters U+FFFE and
 * U+FFFF. Tab and line breaks are accepted only in free text (action point text, progress
 * reports, reasons, comments, case details); everywhere else a value is a single line.
 *
 * The patterns are written with \uXXXX escapes only (no \s, no \p{...}), so that they mean the
 * same in JavaScript (with the `u` flag, where a surrogate pair is one character) and in the
 * regular-expression engines of OpenAPI tools (Python's `re` for Schemathesis).
 */

/**
 * Characters refused in every text, free or not, as the patterns of the document say them. Lone
 * surrogates are refused too, but outside the patterns: the regular-expression engines of
 * OpenAPI tools (Rust's, Python's) have no surrogate code points, and reject such a pattern.
 */
export const NEVER = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffe\\uffff';
/** A surrogate not paired with another (with the `u` flag, a pair is one character). */
const LONE_SURROGATE = /[\ud800-\udfff]/u;
/** Tab, line feed, carriage return: free text only. */
export const LINE_BREAKS = '\\t\\n\\r';
/** What String.prototype.trim() removes besides tab and line breaks (VT and FF are controls anyway). */
const SPACES = ' \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** Finds a refused character; `freeText` lets tab and line breaks through. */
export const FORBIDDEN_ANYWHERE = new RegExp(`[${NEVER}\\ud800-\\udfff]`, 'u');
const FORBIDDEN_IN_A_LINE = new RegExp(`[${NEVER}\\ud800-\\udfff${LINE_BREAKS}]`, 'u');
const noLoneSurrogate = (value: string) => !LONE_SURROGATE.test(value);

export const CONTROL_CHARACTERS_DETAIL = 'must not contain control characters (U+0000-U+001F, U+007F-U+009F)';
export const SINGLE_LINE_DETAIL = 'must be a single line: no tab, line break or other control character';

/** Whether a value holds a character refused in every text (tab and line breaks allowed). */
export function hasControlCharacters(value: string, allowLineBreaks = true): boolean {
  return (allowLineBreaks ? FORBIDDEN_ANYWHERE : FORBIDDEN_IN_A_LINE).test(value);
}

export interface TextOptions {
  /** Longest accepted value, counted before surrounding spaces are trimmed. */
  max: number;
  /** Fewest characters other than spaces and line breaks; 1 (not blank) unless said. */
  min?: number;
  /** Free text: tab and line breaks allowed. */
  freeText?: boolean;
  /** What to say when the value is missing or not a string. */
  required?: string;
}

/**
 * Text typed by a person: refused if it holds a control character or has fewer than `min`
 * characters besides spaces; accepted with its surrounding spaces trimmed. The pattern counts
 * the `min` non-blank characters itself (each blank run is followed by one non-blank), so it
 * runs in linear time and says in the document exactly what the server accepts.
 */
export function text({ max, min = 1, freeText = false, required }: TextOptions) {
  const blank = freeText ? `${SPACES}${LINE_BREAKS}` : SPACES;
  const refused = freeText ? NEVER : `${NEVER}${LINE_BREAKS}`;
  const pattern = new RegExp(`^(?:[${blank}]*[^${refused}${blank}]){${min}}[^${refused}]*$`, 'u');
  return z
    .string(required === undefined ? undefined : { error: required })
    .max(max, `at most ${max} characters`)
    .regex(pattern, {
      error: (issue) => {
        const input = String(issue.input);
        if (hasControlCharacters(input, freeText)) return freeText ? CONTROL_CHARACTERS_DETAIL : SINGLE_LINE_DETAIL;
        return min === 1 ? 'must not be empty' : `at least ${min} characters besides spaces`;
      },
    })
    .refine(noLoneSurrogate, CONTROL_CHARACTERS_DETAIL)
    .trim();
}

/** A one-line value given as is (a user id, a document symbol): no trimming, nothing refused but controls. */
export function line(max: number) {
  return z
    .string()
    .max(max, `at most ${max} characters`)
    .regex(new RegExp(`^[^${NEVER}${LINE_BREAKS}]+$`, 'u'), {
      error: (issue) => (String(issue.input) === '' ? 'must not be empty' : SINGLE_LINE_DETAIL),
    })
    .refine(noLoneSurrogate, CONTROL_CHARACTERS_DETAIL);
}

/** An https:// link: no spaces, line breaks or control characters. */
export const httpsLink = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .regex(new RegExp(`^https://[^${NEVER}${LINE_BREAKS}${SPACES}]+$`, 'u'), 'expected an https:// link')
    .refine(noLoneSurrogate, 'expected an https:// link');

/**
 * A copy of `pattern` for a zod check to hold. zod resets a pattern's lastIndex before each test,
 * and the workflow worker shares the domain's modules between workflows frozen
 * (workflows/src/shared-modules.ts): an exported pattern is frozen there, its copy is not.
 */
export const unshared = (pattern: RegExp): RegExp => new RegExp(pattern.source, pattern.flags);

/** Ids the client chooses (round, action point, report): letters, digits and . _ : - */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const ID_MAX = 64;
export const id = () =>
  z
    .string()
    .max(ID_MAX, `at most ${ID_MAX} characters`)
    .regex(unshared(ID_PATTERN), 'letters, digits and . _ : - only, starting with a letter or digit');

// ---------------------------------------------------------------------------------------------
// Dates

/** The domain's range of years (isLocalDate); text-schemas.spec.ts checks the pattern against it. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const yearsFrom = (first: number, last: number) => {
  // Centuries MIN_YEAR..MAX_YEAR as two-digit prefixes (19, 20, 21).
  const centuries: string[] = [];
  for (let c = Math.floor(first / 100); c <= Math.floor(last / 100); c++) centuries.push(String(c));
  return centuries;
};
const CENTURIES = yearsFrom(MIN_YEAR, MAX_YEAR);
if (MIN_YEAR % 100 !== 0 || MAX_YEAR % 100 !== 99) throw new Error('the date pattern assumes whole centuries');
// Leap years: a multiple of 4 within the century, or the century itself when it is a multiple of 400.
const LEAP_YEARS = [
  `(?:${CENTURIES.join('|')})(?:0[48]|[2468][048]|[13579][26])`,
  ...CENTURIES.filter((c) => Number(c) % 4 === 0).map((c) => `${c}00`),
].join('|');
/** "YYYY-MM-DD", an existing calendar date with a year from MIN_YEAR to MAX_YEAR (as the domain's isLocalDate). */
const DATE = `(?:(?:${LEAP_YEARS})-02-29|(?:${CENTURIES.join('|')})\\d\\d-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))`;
export const LOCAL_DATE_PATTERN = new RegExp(`^${DATE}$`);
/**
 * An RFC 3339 instant (what OpenAPI's date-time means): seconds and the offset's colon required,
 * the date as LOCAL_DATE_PATTERN.
 */
export const INSTANT_PATTERN = new RegExp(
  `^${DATE}T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$`,
);

export const localDate = () =>
  z
    .string()
    .regex(
      unshared(LOCAL_DATE_PATTERN),
      `expected an existing calendar date, YYYY-MM-DD, from ${MIN_YEAR} to ${MAX_YEAR}`,
    )
    // The domain's own check has the last word (the pattern is its transcription).
    .refine(isLocalDate, 'expected an existing calendar date, YYYY-MM-DD')
    .meta({ format: 'date', example: '2026-11-30' });

// ---------------------------------------------------------------------------------------------
// Codes

const escape = (code: string) => code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An alternation of exact codes, for a pattern. */
export const alternation = (codes: readonly string[]) => [...codes].sort().map(escape).join('|');

export const regionalBodyCodes = referenceData.regionalBodies.regionalBodies.map((b) => b.code);
/** A partner: an ISO 3166-1 alpha-2 code (upper case) or a regional body's code. */
export const PARTNER_PATTERN = `[A-Z]{2}|${alternation(regionalBodyCodes.filter((c) => !/^[A-Z]{2}$/.test(c)))}`;
export const isPartnerCode = (code: string) => /^[A-Z]{2}$/.test(code) || isRegionalBodyCode(code);
export const partnerCode = () =>
  z
    .string()
    .regex(
      new RegExp(`^(?:${PARTNER_PATTERN})$`),
      'expected an ISO 3166-1 alpha-2 code (e.g. "KH") or a regional body code (e.g. "AU"), in capitals',
    );

export const themeCodes = referenceData.actionPlanTaxonomy.pillars.flatMap((pillar) => [
  pillar.code,
  ...pillar.themes.map((t) => t.code),
]);
export const conventionIds = referenceData.gspConventions.conventions.map((c) => c.id);

// ---------------------------------------------------------------------------------------------
// Time zones

/**
 * IANA zone names accepted for a cycle: the zones the runtime's ICU data knows, plus the current
 * IANA names of zones ICU still lists under an older one (it keeps "Asia/Calcutta" where IANA
 * now says "Asia/Kolkata"), plus UTC. A closed list, so the document can enumerate it.
 */
const CURRENT_IANA_NAMES = [
  'UTC',
  'Asia/Kolkata',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Yangon',
  'Europe/Kyiv',
  'America/Nuuk',
  'Atlantic/Faroe',
  'Pacific/Chuuk',
  'Pacific/Pohnpei',
  'Pacific/Kanton',
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Atikokan',
  'Asia/Ulaanbaatar',
];
const icuZones = (): readonly string[] =>
  (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
let timeZoneList: readonly string[] | undefined;

/**
 * The IANA zones this runtime knows, sorted (the API's document lists them). Made on first use,
 * never at module load: the workflow sandbox loads this module again for each cycle it brings
 * into memory, and checking some 600 zones with luxon took about 0.4 s of every such load
 * (found by bench:reminders).
 */
export function timeZones(): readonly string[] {
  timeZoneList ??= [...new Set([...icuZones(), ...CURRENT_IANA_NAMES])]
    .filter((zone) => IANAZone.isValidZone(zone))
    .sort();
  return timeZoneList;
}

/** Whether `zone` is one of `timeZones()`, without making the list (one zone checked). */
export function isKnownTimeZone(zone: string): boolean {
  return (icuZones().includes(zone) || CURRENT_IANA_NAMES.includes(zone)) && IANAZone.isValidZone(zone);
}

export const timeZone = () =>
  z
    .string()
    .refine((zone) => isKnownTimeZone(zone), 'expected an IANA time zone, e.g. "Asia/Phnom_Penh"')
    .meta({
      // A getter: the list is made when a JSON Schema is drawn (the API's document), not here.
      get enum() {
        return [...timeZones()];
      },
      example: 'Asia/Phnom_Penh',
    });
