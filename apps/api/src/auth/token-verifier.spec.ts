import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { issueDevToken } from '@suivi/dev-issuer';
import type { ApiConfig } from '@suivi/config';
import { TokenVerifier } from './token-verifier';

describe('TokenVerifier cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'suivi-verifier-'));
  const config = {
    AUTH_DEV_ISSUER_DIR: dir,
    AUTH_ISSUER: 'suivi-dev-issuer',
    AUTH_AUDIENCE: 'suivi-api',
    AUTH_ROLE_CLAIM: 'suivi_role',
    AUTH_COUNTRIES_CLAIM: 'suivi_countries',
    API_HOST: '127.0.0.1',
    API_PORT: 3000,
    API_PUBLIC_URL: 'http://127.0.0.1:3000',
  } as ApiConfig;

  afterEach(() => jest.restoreAllMocks());

  it('checks a token signature once, then trusts it only until its expiry', async () => {
    const verifier = new TokenVerifier(config, pino({ level: 'silent' }));
    await verifier.onModuleInit();
    const token = await issueDevToken(dir, { userId: 'u1', role: 'reviewer', countries: [], ttlSeconds: 60 });
    expect(await verifier.verify(token)).toMatchObject({ userId: 'u1', role: 'reviewer' });

    // Keys gone: a cached token still passes, an unseen one does not.
    (verifier as unknown as { keySet: () => Promise<never> }).keySet = async () => {
      throw new Error('no keys');
    };
    expect(await verifier.verify(token)).toMatchObject({ userId: 'u1' });
    const other = await issueDevToken(dir, { userId: 'u2', role: 'reviewer', countries: [], ttlSeconds: 60 });
    await expect(verifier.verify(other)).rejects.toBeDefined();

    // Past its expiry the cached entry is dropped and the token checked again (and refused here).
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    await expect(verifier.verify(token)).rejects.toBeDefined();
  });

  it('hands the people directory the standard claims about the person with the principal', async () => {
    const verifier = new TokenVerifier(config, pino({ level: 'silent' }));
    await verifier.onModuleInit();
    const token = await issueDevToken(dir, { userId: 'demo.delegation-vn', role: 'delegation', countries: ['VN'] });
    const expected = {
      principal: { userId: 'demo.delegation-vn', role: 'delegation', countries: ['VN'] },
      signIn: {
        name: 'Camille Martin',
        email: 'camille.martin@example.org',
        locale: 'fr',
        zoneinfo: 'Asia/Ho_Chi_Minh',
        jti: expect.any(String),
        iat: expect.any(Number),
      },
    };
    expect(await verifier.verifyToken(token)).toEqual(expected);
    // From the cache, the same.
    expect(await verifier.verifyToken(token)).toEqual(expected);
  });

  it('accepts the development OpenID provider as issuer only while the API has a development issuer', async () => {
    const issuer = 'http://127.0.0.1:3000/dev-issuer';
    const token = await issueDevToken(dir, { userId: 'u3', role: 'auditor', countries: [], issuer });
    const verifier = new TokenVerifier(config, pino({ level: 'silent' }));
    await verifier.onModuleInit();
    expect(await verifier.verify(token)).toMatchObject({ userId: 'u3', role: 'auditor' });

    const withoutDevIssuer = new TokenVerifier(
      { ...config, AUTH_DEV_ISSUER_DIR: undefined },
      pino({ level: 'silent' }),
    );
    // The key set as a remote JWKS would give it; only the issuer check differs.
    (withoutDevIssuer as unknown as { keySet: unknown }).keySet = (verifier as unknown as { keySet: unknown }).keySet;
    await expect(withoutDevIssuer.verify(token)).rejects.toMatchObject({ status: 401 });
  });
});
