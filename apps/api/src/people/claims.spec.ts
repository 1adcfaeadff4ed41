import type { Principal } from '../auth/principal';
import { displayNameOf, emailOf, languageOfLocale, signInKeyOf, signInRecordOf, timeZoneOfZoneinfo } from './claims';

const desk: Principal = { userId: 'demo.desk-officer', role: 'desk-officer', countries: ['VN', 'LK'] };

describe('the people directory row of a sign-in', () => {
  it('takes name, e-mail, language, zone, role and countries from the token', () => {
    const seenAt = new Date('2026-03-01T10:00:00Z');
    expect(
      signInRecordOf(
        desk,
        {
          name: '  Anna Keller ',
          email: 'anna.keller@example.org',
          locale: 'en',
          zoneinfo: 'Europe/Brussels',
          iat: 1_772_359_200,
          jti: 'abc',
        },
        seenAt,
      ),
    ).toEqual({
      userId: 'demo.desk-officer',
      role: 'desk-officer',
      countries: ['VN', 'LK'],
      displayName: 'Anna Keller',
      email: 'anna.keller@example.org',
      language: 'en',
      timeZone: 'Europe/Brussels',
      issuedAt: new Date(1_772_359_200_000),
      seenAt,
    });
  });

  it('leaves out what the token does not say, so that the row keeps what it has', () => {
    expect(signInRecordOf(desk, {})).toMatchObject({
      displayName: null,
      email: null,
      language: null,
      timeZone: null,
      issuedAt: null,
    });
  });

  it.each([
    ['fr', 'fr'],
    ['fr-BE', 'fr'],
    ['fr_CA', 'fr'],
    ['FR', 'fr'],
    ['en-GB', 'en'],
    ['de', 'en'],
    ['', 'en'],
    ['klingon-of-qonos', 'en'],
  ])('reads the locale %j as %s', (locale, language) => {
    expect(languageOfLocale(locale)).toBe(language);
  });

  it('keeps a zone Suivi knows, resolves a link to its zone, and makes anything else UTC', () => {
    expect(timeZoneOfZoneinfo('Asia/Ho_Chi_Minh')).toBe('Asia/Ho_Chi_Minh');
    expect(timeZoneOfZoneinfo('Europe/Brussels')).toBe('Europe/Brussels');
    expect(timeZoneOfZoneinfo('UTC')).toBe('UTC');
    expect(timeZoneOfZoneinfo('US/Eastern')).toBe('America/New_York');
    expect(timeZoneOfZoneinfo('Mars/Olympus_Mons')).toBe('UTC');
    expect(timeZoneOfZoneinfo('+02:00')).toBe('UTC');
    expect(timeZoneOfZoneinfo(undefined)).toBeNull();
  });

  it('keeps a one-line name of at most 200 characters and a plausible address, nothing else', () => {
    expect(displayNameOf('Camille Martin')).toBe('Camille Martin');
    expect(displayNameOf('   ')).toBeNull();
    expect(displayNameOf('Camille\nMartin')).toBeNull();
    expect(displayNameOf('x'.repeat(201))).toBeNull();
    expect(emailOf('camille.martin@example.org')).toBe('camille.martin@example.org');
    expect(emailOf(' nimal+suivi@mfa.example.lk ')).toBe('nimal+suivi@mfa.example.lk');
    for (const bad of ['camille', 'camille@', '@example.org', 'a b@example.org', 'a@example', 'a@b.c\u0000']) {
      expect(emailOf(bad)).toBeNull();
    }
    expect(emailOf(`${'a'.repeat(250)}@example.org`)).toBeNull();
  });

  it('tells sign-ins apart by token, and holds no personal data in its key', () => {
    const claims = { name: 'Anna Keller', email: 'anna.keller@example.org', jti: 't1', iat: 1 };
    const key = signInKeyOf(desk, claims);
    expect(signInKeyOf(desk, { ...claims })).toBe(key);
    expect(signInKeyOf(desk, { ...claims, jti: 't2' })).not.toBe(key);
    expect(signInKeyOf({ ...desk, countries: ['VN'] }, claims)).not.toBe(key);
    expect(signInKeyOf(desk, { ...claims, email: 'anna@example.org' })).not.toBe(key);
    expect(key).not.toMatch(/anna|keller|desk/i);
  });
});
