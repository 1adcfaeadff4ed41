import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isInstant, isLocalDate, MAX_YEAR, MIN_YEAR } from './dates';

// The checks avoid luxon for speed; luxon stays the reference they must agree with.
const luxonLocalDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = DateTime.fromISO(text, { zone: 'UTC' });
  return date.isValid && date.year >= MIN_YEAR && date.year <= MAX_YEAR;
};
const luxonInstant = (text: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) &&
  DateTime.fromISO(text, { setZone: true }).isValid;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
// Digits around and beyond every boundary: month 0/13, day 0/29-32, hour 24, minute and second 60, offsets past a day.
const dateText = fc
  .tuple(fc.integer({ min: 1800, max: 2300 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const instantText = fc
  .tuple(
    dateText,
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.option(fc.tuple(fc.integer({ min: 0, max: 61 }), fc.option(fc.stringMatching(/^\d{1,9}$/)))),
    fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(
          fc.constantFrom('+', '-'),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 61 }),
          fc.constantFrom(':', ''),
        )
        .map(([sign, h, m, colon]) => `${sign}${pad(h, 2)}${colon}${pad(m, 2)}`),
    ),
  )
  .map(([date, h, mi, seconds, zone]) => {
    const s = seconds ? `:${pad(seconds[0], 2)}${seconds[1] ? `.${seconds[1]}` : ''}` : '';
    return `${date}T${pad(h, 2)}:${pad(mi, 2)}${s}${zone}`;
  });

describe('date checks', () => {
  it('isLocalDate agrees with luxon on dates around every calendar boundary', () => {
    fc.assert(
      fc.property(dateText, (text) => isLocalDate(text) === luxonLocalDate(text)),
      { numRuns: 5000 },
    );
  });

  it('isInstant agrees with luxon on instants around every boundary', () => {
    fc.assert(
      fc.property(instantText, (text) => isInstant(text) === luxonInstant(text)),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2000-02-29', true],
    ['2100-02-29', false],
    ['2026-04-31', false],
    ['1899-12-31', false],
    ['2026-2-3', false],
  ])('isLocalDate(%s) is %s', (text, expected) => {
    expect(isLocalDate(text)).toBe(expected);
  });

  it.each([
    ['2026-03-29T01:30:00Z', true],
    ['2026-03-29T01:30:00.123+02:00', true],
    ['2026-02-30T10:00:00Z', false],
    ['2026-03-29T10:00:00', false],
    [42, false],
  ])('isInstant(%s) is %s', (text, expected) => {
    expect(isInstant(text)).toBe(expected);
  });
});
