import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiConfigSchema, loadConfig } from '@suivi/config';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import {
  COOKIE_SECRET_FILE,
  devIssuerJwks,
  loadDevIssuerCookieSecret,
  loadDevIssuerKeys,
  SIGNING_KEY_FILE,
} from './dev-issuer-keys';
import { DEV_ISSUER_DEFAULTS, devIssuerDirForProfile, issueDevToken } from './dev-token';

describe('development issuer keys', () => {
  let root: string;
  let dir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'suivi-dev-issuer-'));
    dir = join(root, 'secrets', 'dev-issuer');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('generates the key pair once, private key readable by the owner only', async () => {
    const first = await loadDevIssuerKeys(dir);
    const second = await loadDevIssuerKeys(dir);
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect((await stat(join(dir, SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('agrees on one key when many first uses race, and leaves no temp file behind', async () => {
    const all = await Promise.all(Array.from({ length: 12 }, () => loadDevIssuerKeys(dir)));
    expect(new Set(all.map((keys) => keys.kid)).size).toBe(1);
    const stored = JSON.parse(await readFile(join(dir, SIGNING_KEY_FILE), 'utf8')) as { kid: string };
    expect(stored.kid).toBe(all[0].kid);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual([SIGNING_KEY_FILE]);
  });

  it('publishes only the public half in the JWKS', async () => {
    const jwks = await devIssuerJwks(dir);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
      kid: expect.any(String),
      alg: 'ES256',
      use: 'sig',
    });
  });

  it('hands out the whole private JWK for an OpenID provider keystore, matching the public half', async () => {
    const keys = await loadDevIssuerKeys(dir);
    expect(keys.privateJwk).toEqual({ ...keys.publicJwk, d: expect.any(String) });
    const stored = JSON.parse(await readFile(join(dir, SIGNING_KEY_FILE), 'utf8')) as { d: string };
    expect(keys.privateJwk.d).toBe(stored.d);
  });

  it('generates the cookie secret once, readable by the owner only, and agrees on it under races', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => loadDevIssuerCookieSecret(dir)));
    expect(new Set(all).size).toBe(1);
    expect(Buffer.from(all[0], 'base64url')).toHaveLength(32);
    expect(await loadDevIssuerCookieSecret(dir)).toBe(all[0]);
    expect((await stat(join(dir, COOKIE_SECRET_FILE))).mode & 0o777).toBe(0o600);
    await writeFile(join(dir, COOKIE_SECRET_FILE), 'short');
    await expect(loadDevIssuerCookieSecret(dir)).rejects.toThrow(/not a base64url secret/);
  });

  it('refuses a damaged key file rather than replacing it silently', async () => {
    await loadDevIssuerKeys(dir);
    await writeFile(join(dir, SIGNING_KEY_FILE), '{"kty":"oct","k":"c2VjcmV0"}');
    await expect(loadDevIssuerKeys(dir)).rejects.toThrow(/not a P-256 private JWK/);
  });
});

describe('issueDevToken', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'suivi-dev-issuer-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('signs a token the JWKS verifies, with the claims the API reads', async () => {
    const token = await issueDevToken(dir, { userId: 'alice', role: 'delegation', countries: ['KH', 'LK'] });
    const jwks = createLocalJWKSet(await devIssuerJwks(dir));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: 'suivi-dev-issuer',
      audience: 'suivi-api',
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe((await loadDevIssuerKeys(dir)).kid);
    expect(payload).toMatchObject({ sub: 'alice', suivi_role: 'delegation', suivi_countries: ['KH', 'LK'] });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(8 * 3600);
  });

  it("gives a demo user's token the standard profile claims, and others' only those asked for", async () => {
    const jwks = createLocalJWKSet(await devIssuerJwks(dir));
    const claimsOf = async (token: string) => (await jwtVerify(token, jwks)).payload;

    const demo = await issueDevToken(dir, { userId: 'demo.delegation-vn', role: 'delegation', countries: ['VN'] });
    expect(await claimsOf(demo)).toMatchObject({
      sub: 'demo.delegation-vn',
      name: 'Camille Martin',
      email: 'camille.martin@example.org',
      locale: 'fr',
      zoneinfo: 'Asia/Ho_Chi_Minh',
      suivi_role: 'delegation',
    });

    const bare = await claimsOf(
      await issueDevToken(dir, { userId: 'demo.delegation-vn', role: 'delegation', countries: ['VN'], profile: null }),
    );
    const other = await claimsOf(await issueDevToken(dir, { userId: 'marie', role: 'reviewer', countries: [] }));
    for (const payload of [bare, other]) {
      expect(payload).not.toHaveProperty('name');
      expect(payload).not.toHaveProperty('email');
      expect(payload).not.toHaveProperty('locale');
    }

    const chosen = await issueDevToken(dir, {
      userId: 'marie',
      role: 'reviewer',
      countries: [],
      profile: { name: 'Marie Dupont', locale: 'fr' },
    });
    const payload = await claimsOf(chosen);
    expect(payload).toMatchObject({ name: 'Marie Dupont', locale: 'fr' });
    expect(payload).not.toHaveProperty('zoneinfo');
  });

  it('mints an already expired token on request, for the tests of refusals', async () => {
    const token = await issueDevToken(dir, { userId: 'bob', role: 'reviewer', countries: [], ttlSeconds: -120 });
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
    await expect(jwtVerify(token, createLocalJWKSet(await devIssuerJwks(dir)))).rejects.toBeInstanceOf(
      errors.JWTExpired,
    );
  });

  it('uses the issuer, audience and claim names the API expects by default', () => {
    const config = loadConfig(apiConfigSchema, {
      TEMPORAL_CODEC_KEYS: 'k:' + Buffer.alloc(32, 1).toString('base64'),
      DATABASE_URL: 'postgres://suivi@127.0.0.1:5433/suivi',
      API_MIGRATIONS_DIR: 'apps/api/migrations',
      AUTH_DEV_ISSUER_DIR: dir,
      CALENDAR_FEED_SECRET: Buffer.alloc(32, 3).toString('base64'),
    });
    expect(DEV_ISSUER_DEFAULTS).toEqual({
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      roleClaim: config.AUTH_ROLE_CLAIM,
      countriesClaim: config.AUTH_COUNTRIES_CLAIM,
    });
  });
});

describe('devIssuerDirForProfile', () => {
  it('keeps the dev profile at the top of SUIVI_HOME and the others in their own folder', () => {
    expect(devIssuerDirForProfile('dev', '/h')).toBe('/h/data/secrets/dev-issuer');
    expect(devIssuerDirForProfile('e2e', '/h')).toBe('/h/e2e/data/secrets/dev-issuer');
  });
});
