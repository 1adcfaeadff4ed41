import { isInstant, isLocalDate } from '@suivi/domain';

/**
 * The domain's date checks (`isLocalDate`, `isInstant`), answered without luxon for the
 * plainly valid values that make up nearly every message: parsing each date of each event
 * with luxon was the largest cost of decoding the cycle log during a rebuild. Anything
 * not plainly valid is handed to the domain's check, so the answer is always the domain's.
 */

/** The domain's range of years (its dates module; the spec checks the boundaries agree). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/;

export function isLocalDateQuick(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE.exec(value);
  if (match && isPlainDate(match)) return true;
  return isLocalDate(value);
}

export function isInstantQuick(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (
    match &&
    isPlainDate(match) &&
    Number(match[4]) <= 23 &&
    Number(match[5]) <= 59 &&
    (match[6] === undefined || Number(match[6]) <= 59) &&
    (match[7] === undefined || (Number(match[7]) <= 14 && Number(match[8]) <= 59))
  ) {
    return true;
  }
  return isInstant(value);
}

/** Groups 1-3 are year, month and day: a real calendar date within the domain's years. */
function isPlainDate(match: RegExpExecArray): boolean {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
