/** The locale dates are written in: British English (day first, as in EU documents) or French. */
export const localeOf = (language: string) => (language === 'fr' ? 'fr-FR' : 'en-GB');

/**
 * Formatters are costly to make (a cycle's page writes hundreds of dates) and cheap to reuse:
 * one per locale, options and zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/**
 * A calendar date of the cycle ("2026-11-30": deadlines, meeting dates), in the user's language.
 * It is a date in the cycle's time zone, so it is written as is, never shifted to the browser's.
 */
export function formatDate(date: string | null | undefined, language: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  if (!match) return date ?? '';
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return formatter(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
}

/** An instant (when something happened), in the cycle's time zone, with that zone shown. */
export function formatInstant(instant: string | null | undefined, language: string, timeZone: string): string {
  if (!instant) return '';
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;
  // dateStyle cannot be combined with timeZoneName: the fields are spelled out.
  const options: Intl.DateTimeFormatOptions = {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  try {
    return formatter(localeOf(language), { ...options, timeZone }).format(time);
  } catch {
    // A zone this browser does not know: UTC, said so.
    return formatter(localeOf(language), { ...options, timeZone: 'UTC' }).format(time);
  }
}

/** Today's date in a time zone ("YYYY-MM-DD"), for date pickers' defaults. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A country's name in the user's language from its code (regional bodies stay as codes). */
export function countryName(code: string, language: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    return new Intl.DisplayNames([localeOf(language)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
