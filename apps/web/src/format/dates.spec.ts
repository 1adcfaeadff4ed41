import { countryName, formatDate, formatInstant, todayIn } from './dates';

describe('dates', () => {
  it('writes a cycle’s calendar date as is, in the user’s language, whatever the browser’s zone', () => {
    expect(formatDate('2026-11-30', 'en')).toBe('30 Nov 2026');
    expect(formatDate('2026-11-30', 'fr')).toBe('30 nov. 2026');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });

  it('writes an instant in the cycle’s zone and names the zone', () => {
    // 23:30 UTC is already the next day in Manila (UTC+8).
    expect(formatInstant('2026-11-30T23:30:00Z', 'en', 'Asia/Manila')).toMatch(/^1 Dec 2026, 07:30 GMT\+8$/);
    expect(formatInstant('2026-11-30T23:30:00Z', 'fr', 'Europe/Brussels')).toMatch(/^1 déc\. 2026.* 00:30 UTC\+1$/);
  });

  it('gives today in a zone, and country names in the user’s language', () => {
    expect(todayIn('Pacific/Kiritimati', new Date('2026-12-05T12:00:00Z'))).toBe('2026-12-06');
    expect(countryName('PH', 'en')).toBe('Philippines');
    expect(countryName('CI', 'fr')).toBe('Côte d’Ivoire');
    expect(countryName('ASEAN', 'fr')).toBe('ASEAN');
  });
});
