import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import {
  DEMO_CYCLE_COUNTRIES,
  DEMO_USERS,
  demoUserAccessClaims,
  demoUserProfileClaims,
  findDemoUser,
} from './demo-users';
import { devIssuerJwks } from './dev-issuer-keys';
import { devOidcIssuerFor } from './dev-oidc';
import { DEV_TOKEN_ROLES, issueDevToken } from './dev-token';

describe('demo users', () => {
  it('have unique ids, example.org addresses, a locale in en or fr and a real time zone', () => {
    expect(new Set(DEMO_USERS.map((u) => u.id)).size).toBe(DEMO_USERS.length);
    for (const user of DEMO_USERS) {
      expect(user.id).toMatch(/^demo\.[a-z-]+$/);
      expect(user.name.trim()).not.toBe('');
      expect(user.email).toMatch(/^[a-z.]+@example\.org$/);
      expect(['en', 'fr']).toContain(user.locale);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: user.zoneinfo })).not.toThrow();
      expect(DEV_TOKEN_ROLES).toContain(user.role);
      for (const country of user.countries) expect(country).toMatch(/^[A-Z]{2}$/);
    }
    expect(DEMO_USERS.some((u) => u.locale === 'fr')).toBe(true);
  });

  it('cover every role, the demo cycles and a desk officer who sees none of them', () => {
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(new Set(DEV_TOKEN_ROLES));
    // The launcher records these ids as the actors of the demo cycles (infra/src/demo.ts).
    expect(findDemoUser('demo.desk-officer')).toMatchObject({ role: 'desk-officer', countries: DEMO_CYCLE_COUNTRIES });
    for (const country of DEMO_CYCLE_COUNTRIES) {
      expect(findDemoUser(`demo.delegation-${country.toLowerCase()}`)).toMatchObject({
        role: 'delegation',
        countries: [country],
      });
    }
    for (const role of ['reviewer', 'auditor'] as const) {
      expect(DEMO_USERS.filter((u) => u.role === role).map((u) => u.countries)).toEqual([[]]);
    }
    const outsider = DEMO_USERS.find(
      (u) =>
        u.role === 'desk-officer' && !u.countries.some((c) => (DEMO_CYCLE_COUNTRIES as readonly string[]).includes(c)),
    );
    expect(outsider?.countries).toEqual(['KH']);
    expect(findDemoUser('nobody')).toBeUndefined();
  });

  it('give access tokens the very claims `npm run token` signs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'suivi-demo-users-'));
    try {
      for (const user of DEMO_USERS) {
        const token = await issueDevToken(dir, { userId: user.id, role: user.role, countries: user.countries });
        const { payload } = await jwtVerify(token, createLocalJWKSet(await devIssuerJwks(dir)));
        const { name, email, locale, zoneinfo, suivi_role, suivi_countries } = payload;
        expect(demoUserAccessClaims(user)).toEqual({ name, email, locale, zoneinfo, suivi_role, suivi_countries });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const desk = findDemoUser('demo.desk-officer');
    expect(desk && demoUserAccessClaims(desk, { roleClaim: 'r', countriesClaim: 'c' })).toEqual({
      name: 'Anna Keller',
      email: 'anna.keller@example.org',
      locale: 'en',
      zoneinfo: 'Europe/Brussels',
      r: 'desk-officer',
      c: ['VN', 'LK', 'BD'],
    });
  });

  it('carry the standard profile claims in their ID token', () => {
    const user = findDemoUser('demo.delegation-vn');
    expect(user && demoUserProfileClaims(user)).toEqual({
      sub: 'demo.delegation-vn',
      name: 'Camille Martin',
      email: 'camille.martin@example.org',
      email_verified: true,
      locale: 'fr',
      zoneinfo: 'Asia/Ho_Chi_Minh',
    });
  });
});

describe('devOidcIssuerFor', () => {
  it('puts the provider under the API public URL', () => {
    expect(devOidcIssuerFor('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/dev-issuer');
    expect(devOidcIssuerFor('https://suivi.example.org/')).toBe('https://suivi.example.org/dev-issuer');
  });
});
