import { cycleTypeDefinition, referenceData, themeDefinition, type LocalDate } from '@suivi/domain';
import { messagesFor } from './messages';
import type { CycleRef, Language } from './types';

/** Codes and dates as words of one language: labels come from reference data or the catalogue only. */

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar date in words ("30 November 2026", "30 novembre 2026"); read as a date, not an instant. */
export function dateLabel(language: Language, date: LocalDate): string {
  const locale = messagesFor(language).locale;
  let format = dateFormats.get(locale);
  if (!format) {
    // UTC on both sides, so that the date never shifts by a zone.
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(`${date}T00:00:00Z`));
}

/** A partner's name: a country's from the runtime's CLDR data, a regional body's from reference data. */
export function countryLabel(language: Language, code: string): string {
  // Two letters are a country, as the web app reads them ("AU" too).
  if (/^[A-Z]{2}$/.test(code)) {
    try {
      return new Intl.DisplayNames([messagesFor(language).locale], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  }
  const body = referenceData.regionalBodies.regionalBodies.find((b) => b.code === code);
  return body?.labels[language] ?? code;
}

export function themeLabel(language: Language, code: string): string {
  const label = themeDefinition(code)?.labels[language];
  return label ? `${code} ${label}` : code;
}

/** "Human rights dialogue – Viet Nam": what a cycle is, without its free-text title. */
export function cycleLabel(language: Language, cycle: CycleRef): string {
  const type = cycleTypeDefinition(cycle.cycleType)?.labels[language] ?? cycle.cycleType;
  return messagesFor(language).cycleLabel(type, countryLabel(language, cycle.country));
}

/** "2 days overdue", "due today", "due in 5 days": days from the person's today to a deadline. */
export function relativeLabel(language: Language, daysFromToday: number): string {
  const relative = messagesFor(language).relative;
  if (daysFromToday < 0) return relative.overdue(-daysFromToday);
  return daysFromToday === 0 ? relative.today : relative.dueIn(daysFromToday);
}

/** The web page of a cycle. */
export function cycleUrl(webBaseUrl: string, cycleId: string): string {
  return `${webBaseUrl.replace(/\/+$/, '')}/cycles/${encodeURIComponent(cycleId)}`;
}
