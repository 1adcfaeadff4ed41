import { deadlinesCalendar } from './calendar-ics';
import type { CalendarDbRow } from './calendar-sql';
import { Labeller } from './labels';

const row = (overrides: Partial<CalendarDbRow> = {}): CalendarDbRow => ({
  cycle_id: 'KH-HRD-2026',
  action_point_id: 'AP3',
  deadline: '2026-11-30',
  themes: ['I.C'],
  status: 'AGREED',
  version: 12,
  updated_at: new Date('2026-02-11T09:30:00Z'),
  ...overrides,
});

/** Content lines with folding undone (RFC 5545 section 3.1). */
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('deadlinesCalendar', () => {
  const ics = deadlinesCalendar(
    [row(), row({ cycle_id: 'LK-GSP-2026', action_point_id: 'AP1', deadline: '2026-12-31', themes: [] })],
    new Labeller('en'),
    'https://suivi.example.eu',
  );

  it('is one VCALENDAR with one VEVENT per deadline, CRLF line ends', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    // Every content line ends with CRLF, the last one included (RFC 5545 3.1), and no bare LF.
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines(ics).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines(ics).some((l) => l.startsWith('PRODID:'))).toBe(true);
  });

  it('gives each deadline a stable UID, and the version as SEQUENCE', () => {
    expect(lines(ics)).toEqual(expect.arrayContaining(['UID:KH-HRD-2026.AP3@suivi', 'UID:LK-GSP-2026.AP1@suivi']));
    expect(lines(ics)).toContain('SEQUENCE:12');
    const again = deadlinesCalendar([row()], new Labeller('en'), 'https://suivi.example.eu');
    expect(lines(again)).toContain('UID:KH-HRD-2026.AP3@suivi');
  });

  it('makes all-day events on the deadline date, whatever the server time zone', () => {
    expect(lines(ics)).toEqual(
      expect.arrayContaining([
        'DTSTART;VALUE=DATE:20261130',
        'DTEND;VALUE=DATE:20261201',
        'DTSTART;VALUE=DATE:20261231',
      ]),
    );
  });

  it('summarises with ids and theme labels, never the action point text', () => {
    expect(lines(ics)).toContain(
      'SUMMARY:Deadline AP3 (KH-HRD-2026): Promoting fundamental freedoms\\, strengthening civic and political space',
    );
    expect(ics).not.toMatch(/defenders|Cambodia/);
  });

  it('speaks French when the feed was issued in French', () => {
    const french = deadlinesCalendar([row()], new Labeller('fr'), 'https://suivi.example.eu');
    expect(lines(french).find((l) => l.startsWith('SUMMARY:'))).toMatch(
      /^SUMMARY:Échéance AP3 \(KH-HRD-2026\): Promouvoir/,
    );
  });
});
