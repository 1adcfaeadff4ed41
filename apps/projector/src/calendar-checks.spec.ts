import { isInstant, isLocalDate } from '@suivi/domain';
import { isInstantQuick, isLocalDateQuick } from './calendar-checks';

describe('quick calendar checks', () => {
  const dates = [
    '2026-02-28',
    '2026-02-29',
    '2024-02-29',
    '1900-02-29',
    '2000-02-29',
    '2026-04-30',
    '2026-04-31',
    '2026-12-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '1899-12-31',
    '1900-01-01',
    '2199-12-31',
    '2200-01-01',
    '2026-2-3',
    '2026-02-03T00:00',
    '',
  ];
  const instants = [
    '2026-02-01T10:00:00.000Z',
    '2026-02-01T10:00Z',
    '2026-02-01T10:00:00+02:00',
    '2026-02-01T10:00:00.123456789-0530',
    '2026-02-30T10:00:00Z',
    '2026-02-01T24:00:00Z',
    '2026-02-01T23:60:00Z',
    '2026-02-01T23:59:60Z',
    '2026-02-01T10:00:00+15:00',
    '2026-02-01T10:00:00+99:99',
    '2026-02-01T10:00:00',
    '1850-06-01T10:00:00Z',
    '2026-02-01',
  ];

  it.each(dates)('answers as the domain for the date %p', (value) => {
    expect(isLocalDateQuick(value)).toBe(isLocalDate(value));
  });

  it.each(instants)('answers as the domain for the instant %p', (value) => {
    expect(isInstantQuick(value)).toBe(isInstant(value));
  });

  it('answers as the domain for every day of a leap-year cycle', () => {
    for (let year = 2096; year <= 2104; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 27; day <= 32; day++) {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect([date, isLocalDateQuick(date)]).toEqual([date, isLocalDate(date)]);
          const instant = `${date}T12:30:00.000Z`;
          expect([instant, isInstantQuick(instant)]).toEqual([instant, isInstant(instant)]);
        }
      }
    }
  });

  it('refuses what is not a string', () => {
    expect(isLocalDateQuick(20260201)).toBe(false);
    expect(isInstantQuick(null)).toBe(false);
  });
});
