import { signInClaimsOf } from './principal-from-claims';

describe('signInClaimsOf', () => {
  it('keeps the standard profile claims and the token id as strings (iat as a number)', () => {
    expect(
      signInClaimsOf({
        sub: 'u1',
        name: 'Anna Keller',
        email: 'anna.keller@example.org',
        locale: 'en',
        zoneinfo: 'Europe/Brussels',
        jti: 'token-1',
        iat: 1_772_359_200,
        suivi_role: 'desk-officer',
      }),
    ).toEqual({
      name: 'Anna Keller',
      email: 'anna.keller@example.org',
      locale: 'en',
      zoneinfo: 'Europe/Brussels',
      jti: 'token-1',
      iat: 1_772_359_200,
    });
  });

  it('leaves out what is missing, empty, not a string or too long to be one', () => {
    const payload = { name: '', email: ['a@example.org'], locale: 42, zoneinfo: 'x'.repeat(513), iat: 'yesterday' };
    expect(signInClaimsOf(payload as unknown as Parameters<typeof signInClaimsOf>[0])).toEqual({});
  });
});
