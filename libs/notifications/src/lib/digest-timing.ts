import type { LocalDate } from '@suivi/domain';
import { DateTime } from 'luxon';

/**
 * When a person's daily digest is due: 09:00 on their own clock, whatever daylight saving
 * does; and which day's digest is still owed after the notifier was down.
 */

export const DIGEST_HOUR = 9;

function zoned(instant: Date, timeZone: string): DateTime {
  const time = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!time.isValid) throw new RangeError(`Unknown time zone "${timeZone}" or invalid instant`);
  return time;
}

function localDateOf(time: DateTime): LocalDate {
  return time.toISODate() as LocalDate;
}

/** The calendar date ("YYYY-MM-DD") on the clocks of a zone at an instant. */
export function localDateIn(timeZone: string, instant: Date): LocalDate {
  return localDateOf(zoned(instant, timeZone));
}

/**
 * The instant of 09:00 on a local date in a zone. Where 09:00 does not exist that day (a
 * clock change at that hour), luxon moves it forward by the gap, as a wall clock would.
 */
export function digestDueAt(timeZone: string, localDate: LocalDate): Date {
  const time = DateTime.fromISO(localDate, { zone: timeZone }).set({ hour: DIGEST_HOUR });
  if (!time.isValid) throw new RangeError(`Unknown time zone "${timeZone}" or date "${localDate}"`);
  return time.toJSDate();
}

/** The first 09:00 in the zone strictly after `after`, and the local date it falls on. */
export function nextDigestAt(timeZone: string, after: Date): { localDate: LocalDate; at: Date } {
  const today = localDateOf(zoned(after, timeZone));
  const todayAt = digestDueAt(timeZone, today);
  if (todayAt.getTime() > after.getTime()) return { localDate: today, at: todayAt };
  const tomorrow = localDateOf(DateTime.fromISO(today, { zone: timeZone }).plus({ days: 1 }));
  return { localDate: tomorrow, at: digestDueAt(timeZone, tomorrow) };
}

/**
 * The key of one person's digest for one local date: the notification key of its Message-ID
 * and of its outbox row. The date comes first and has a fixed length, so no user id can make
 * two keys collide.
 */
export function digestKey(userId: string, localDate: LocalDate): string {
  return `digest|${localDate}|${userId}`;
}

/**
 * Which local date's digest is owed now, if any: today's once its 09:00 has passed and it was
 * not sent yet. A day whose digest was missed altogether (the notifier down from before 09:00
 * until after midnight) is not sent late: the next day's digest lists the same open items, and
 * two digests in an hour help nobody. A last date after today (the person moved to a zone
 * behind the old one) owes nothing, so the move never yields a second digest for one day.
 */
export function owedDigestDate(
  timeZone: string,
  lastSent: LocalDate | null | undefined,
  now: Date,
): LocalDate | undefined {
  const nowThere = zoned(now, timeZone);
  const today = localDateOf(nowThere);
  if (now.getTime() < digestDueAt(timeZone, today).getTime()) return undefined;
  // ISO dates compare as text.
  if (lastSent && lastSent >= today) return undefined;
  return today;
}
