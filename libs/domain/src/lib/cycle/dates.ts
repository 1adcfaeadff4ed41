import { DateTime } from 'luxon';
import type { Instant, LocalDate } from './cycle-types';
import { memoizeByKey } from './memo';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its offset: a bare local time would be read in the host's zone.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/;

/** Calendar dates are computed in UTC, where every day has 24 hours: no zone can shift them. */
function calendar(date: LocalDate): DateTime {
  return DateTime.fromISO(date, { zone: 'UTC' });
}

/** Years outside this range are typos in a follow-up tool (and keep offsets within ISO's 4-digit years). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

// Every command is checked for its dates, so these checks avoid parsing with luxon: plain
// arithmetic on the digits decides, with luxon kept as the reference in dates.spec.ts.
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The regular expression's groups as numbers (an absent optional group counts as 0). */
const numbers = (groups: RegExpExecArray) => groups.slice(1).map((d) => (d === undefined ? 0 : Number(d)));

/** A real calendar date written "YYYY-MM-DD" (so "2026-02-30" and "2026-2-3" are not). */
export function isLocalDate(value: unknown): value is LocalDate {
  const groups = typeof value === 'string' ? LOCAL_DATE.exec(value) : null;
  if (!groups) return false;
  const [year, month, day] = numbers(groups);
  return (
    year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

export function isInstant(value: unknown): value is Instant {
  const groups = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!groups) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = numbers(groups);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  // Rare forms (24:00, a leap second, out-of-range minutes or offsets): luxon decides.
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) {
    return DateTime.fromISO(value as string, { setZone: true }).isValid;
  }
  return true;
}

/** Milliseconds since the epoch; NaN when the text is not an instant. */
export const instantMillis: (instant: Instant) => number = memoizeByKey(
  (instant: Instant) => String(instant),
  (instant: Instant) => {
    const parsed = DateTime.fromISO(instant, { setZone: true });
    return parsed.isValid ? parsed.toMillis() : Number.NaN;
  },
);

/** Calendar month arithmetic; the day is clamped to the month's end (2019-08-31 + 6 months = 2020-02-29). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  return isoDate(calendar(date).plus({ months }), date);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return isoDate(calendar(date).plus({ days }), date);
}

function isoDate(result: DateTime, input: LocalDate): LocalDate {
  const text = result.isValid ? result.toISODate() : null;
  if (text === null || !LOCAL_DATE.test(text)) throw new RangeError(`Cannot compute a date from "${input}"`);
  return text;
}
