import { digestDueAt, digestKey, localDateIn, nextDigestAt, owedDigestDate } from './digest-timing';

const at = (iso: string) => new Date(iso);
const iso = (value: { at: Date; localDate: string }) => ({ at: value.at.toISOString(), localDate: value.localDate });

describe('nextDigestAt', () => {
  it('is today’s 09:00 before it, tomorrow’s at and after it', () => {
    // Brussels in December is UTC+1: 09:00 is 08:00Z.
    expect(iso(nextDigestAt('Europe/Brussels', at('2026-12-06T07:59:59Z')))).toEqual({
      at: '2026-12-06T08:00:00.000Z',
      localDate: '2026-12-06',
    });
    expect(iso(nextDigestAt('Europe/Brussels', at('2026-12-06T08:00:00Z')))).toEqual({
      at: '2026-12-07T08:00:00.000Z',
      localDate: '2026-12-07',
    });
  });

  it('stays at 09:00 on the clock when summer time starts and ends', () => {
    // EU summer time starts on 29 March 2026: 09:00 CET (08:00Z) one day, 09:00 CEST (07:00Z) the next.
    expect(iso(nextDigestAt('Europe/Brussels', at('2026-03-28T08:00:00Z')))).toEqual({
      at: '2026-03-29T07:00:00.000Z',
      localDate: '2026-03-29',
    });
    // US daylight time ends on 1 November 2026: 09:00 EDT (13:00Z), then 09:00 EST (14:00Z).
    expect(iso(nextDigestAt('America/New_York', at('2026-10-31T13:00:00Z')))).toEqual({
      at: '2026-11-01T14:00:00.000Z',
      localDate: '2026-11-01',
    });
  });

  it('follows zones with half-hour offsets and zones a day ahead of UTC', () => {
    expect(nextDigestAt('Asia/Colombo', at('2026-12-06T00:00:00Z')).at.toISOString()).toBe('2026-12-06T03:30:00.000Z');
    // Noon UTC on the 6th is 02:00 on the 7th at UTC+14.
    expect(iso(nextDigestAt('Pacific/Kiritimati', at('2026-12-06T12:00:00Z')))).toEqual({
      at: '2026-12-06T19:00:00.000Z',
      localDate: '2026-12-07',
    });
  });

  it('refuses an unknown zone', () => {
    expect(() => nextDigestAt('Mars/Olympus_Mons', at('2026-12-06T00:00:00Z'))).toThrow(RangeError);
    expect(() => digestDueAt('Mars/Olympus_Mons', '2026-12-06')).toThrow(RangeError);
  });
});

describe('localDateIn and digestDueAt', () => {
  it('give the date on the zone’s clocks and the instant of its 09:00', () => {
    expect(localDateIn('America/Los_Angeles', at('2026-12-06T05:00:00Z'))).toBe('2026-12-05');
    expect(digestDueAt('Asia/Ho_Chi_Minh', '2026-12-06').toISOString()).toBe('2026-12-06T02:00:00.000Z');
  });
});

describe('digestKey', () => {
  it('names one digest per person and local date', () => {
    expect(digestKey('user-anna', '2026-12-06')).toBe(digestKey('user-anna', '2026-12-06'));
    expect(digestKey('user-anna', '2026-12-06')).not.toBe(digestKey('user-anna', '2026-12-07'));
    expect(digestKey('user-anna', '2026-12-06')).not.toBe(digestKey('user-camille', '2026-12-06'));
  });
});

describe('owedDigestDate', () => {
  const zone = 'Asia/Colombo'; // 09:00 there is 03:30Z.

  it('owes nothing before 09:00', () => {
    expect(owedDigestDate(zone, '2026-12-05', at('2026-12-06T03:29:59Z'))).toBeUndefined();
  });

  it('owes today’s digest from 09:00 until it is sent, then nothing', () => {
    expect(owedDigestDate(zone, '2026-12-05', at('2026-12-06T03:30:00Z'))).toBe('2026-12-06');
    // A notifier down at 09:00 and back at 15:00 still owes it...
    expect(owedDigestDate(zone, '2026-12-05', at('2026-12-06T09:30:00Z'))).toBe('2026-12-06');
    // ...once.
    expect(owedDigestDate(zone, '2026-12-06', at('2026-12-06T09:30:00Z'))).toBeUndefined();
  });

  it('owes today’s digest to a person who never had one', () => {
    expect(owedDigestDate(zone, null, at('2026-12-06T04:00:00Z'))).toBe('2026-12-06');
    expect(owedDigestDate(zone, undefined, at('2026-12-06T04:00:00Z'))).toBe('2026-12-06');
  });

  it('does not send a missed day late: the next 09:00 covers it', () => {
    // Last sent on the 4th; the 5th was missed; it is 08:00 on the 6th.
    expect(owedDigestDate(zone, '2026-12-04', at('2026-12-06T02:30:00Z'))).toBeUndefined();
    expect(owedDigestDate(zone, '2026-12-04', at('2026-12-06T03:30:00Z'))).toBe('2026-12-06');
  });

  it('owes nothing twice in a day when the person moves to a zone behind the old one', () => {
    // Sent for the 7th in Tokyo; now 10:00 on the 6th in Los Angeles.
    expect(owedDigestDate('America/Los_Angeles', '2026-12-07', at('2026-12-06T18:00:00Z'))).toBeUndefined();
  });
});
