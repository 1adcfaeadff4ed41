import { ICalCalendar } from 'ical-generator';
import type { CalendarDbRow } from './calendar-sql';
import type { Labeller } from './labels';

const summaryPrefix = { en: 'Deadline', fr: 'Échéance' };

/** The day after a "YYYY-MM-DD" date (an all-day event's exclusive end). */
function nextDay(date: string): Date {
  const day = new Date(`${date}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

/**
 * RFC 5545 calendar of deadlines: one all-day VEVENT per open agreed action point, its UID
 * `<cycleId>.<actionPointId>@suivi` stable across fetches (calendar programs update the
 * event in place), its SEQUENCE the action point's version so a moved deadline replaces
 * the old one. The summary holds ids and theme labels only, never the action point text or
 * the cycle title: the feed ends up on third-party calendar servers, and free text may
 * name people at risk. `apiBaseUrl` links each event to the cycle in the API.
 */
export function deadlinesCalendar(rows: readonly CalendarDbRow[], labels: Labeller, apiBaseUrl: string): string {
  const calendar = new ICalCalendar({
    name: labels.language === 'fr' ? 'Suivi – échéances' : 'Suivi – deadlines',
    prodId: { company: 'suivi', product: 'suivi-api', language: labels.language.toUpperCase() },
    // Calendar programs poll; once an hour is enough for deadlines.
    ttl: 3600,
  });
  for (const row of rows) {
    const themes = row.themes.map((t) => labels.theme(t).label).join(', ');
    calendar.createEvent({
      id: `${row.cycle_id}.${row.action_point_id}@suivi`,
      sequence: row.version,
      stamp: row.updated_at,
      allDay: true,
      start: new Date(`${row.deadline}T00:00:00.000Z`),
      end: nextDay(row.deadline),
      summary: `${summaryPrefix[labels.language]} ${row.action_point_id} (${row.cycle_id})${themes ? `: ${themes}` : ''}`,
      description: `${labels.actionPointStatus(row.status).label}`,
      url: `${apiBaseUrl}/v1/cycles/${encodeURIComponent(row.cycle_id)}`,
    });
  }
  // RFC 5545 (3.1) ends every content line with CRLF, the last one too; ical-generator omits
  // the final one, which strict parsers reject.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
