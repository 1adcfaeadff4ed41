import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { devIssuerJwks, issueDevToken, loadDevIssuerKeys, signDevToken } from '@suivi/dev-issuer';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { API_CONFIG } from '../config/api-config';
import { readJson, startTestApp, type TestApp } from '../testing/test-app';
import { apiPublicUrlOf } from './dev-oidc/dev-oidc-issuer';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';
import { Public } from './public.decorator';

@Controller('v1/auth-probe')
class AuthProbeController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Public()
  @Get('open')
  open(): { open: true } {
    return { open: true };
  }
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

describe('bearer authentication of /v1', () => {
  let testApp: TestApp;
  let otherIssuerDir: string;

  beforeAll(async () => {
    testApp = await startTestApp({ controllers: [AuthProbeController] });
    otherIssuerDir = await mkdtemp(join(tmpdir(), 'suivi-other-issuer-'));
  });
  afterAll(async () => {
    await testApp.close();
    await rm(otherIssuerDir, { recursive: true, force: true });
  });

  const get = (path: string, authorization?: string) =>
    fetch(`${testApp.baseUrl}${path}`, { headers: authorization ? { authorization } : {} });

  async function expectUnauthorized(response: Response, challenge: RegExp): Promise<Problem> {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.headers.get('www-authenticate')).toMatch(challenge);
    const problem = await readJson<Problem>(response);
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
    return problem;
  }

  it('lets a valid token through and hands the handler its principal', async () => {
    const token = await testApp.token({ userId: 'marie', role: 'desk-officer', countries: ['kh', 'LK'] });
    const index = await get('/v1', `Bearer ${token}`);
    expect(index.status).toBe(200);
    const me = await get('/v1/auth-probe/me', `bearer ${token}`);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ userId: 'marie', role: 'desk-officer', countries: ['KH', 'LK'] });
  });

  it('answers a request without a token with 401 and a bare Bearer challenge', async () => {
    const problem = await expectUnauthorized(await get('/v1'), /^Bearer realm="suivi"$/);
    expect(problem).toMatchObject({ detail: 'A bearer token is required.', instance: '/v1' });
  });

  it.each([['Basic bWFyaWU6c2VjcmV0'], ['Bearer'], ['Bearer two tokens'], ['Token abc.def.ghi']])(
    'answers the malformed header %j with 401 invalid_request',
    async (header) => {
      await expectUnauthorized(await get('/v1', header), /error="invalid_request"/);
    },
  );

  it('answers a token that is not a JWT with 401 invalid_token', async () => {
    await expectUnauthorized(await get('/v1', 'Bearer not-a-jwt'), /error="invalid_token"/);
  });

  it('answers an expired token with 401, beyond the 30 s clock tolerance only', async () => {
    const expired = await testApp.token({ role: 'reviewer', ttlSeconds: -60 });
    const problem = await expectUnauthorized(await get('/v1', `Bearer ${expired}`), /error="invalid_token"/);
    expect(problem.detail).toBe('The bearer token has expired.');
    const justExpired = await testApp.token({ role: 'reviewer', ttlSeconds: -5 });
    expect((await get('/v1', `Bearer ${justExpired}`)).status).toBe(200);
  });

  it('answers a token signed by another key with 401, even under the right kid', async () => {
    const foreign = await issueDevToken(otherIssuerDir, { userId: 'eve', role: 'auditor', countries: [] });
    await expectUnauthorized(await get('/v1', `Bearer ${foreign}`), /error="invalid_token"/);

    const appKid = decodeProtectedHeader(await testApp.token({ role: 'auditor' })).kid as string;
    const otherKeys = await loadDevIssuerKeys(otherIssuerDir);
    const forged = await signDevToken({ ...otherKeys, kid: appKid }, { userId: 'eve', role: 'auditor', countries: [] });
    expect(decodeProtectedHeader(forged).kid).toBe(appKid);
    await expectUnauthorized(await get('/v1', `Bearer ${forged}`), /error="invalid_token"/);
  });

  it('answers a token of another issuer or for another audience with 401', async () => {
    const otherIssuer = await testApp.token({ role: 'reviewer', issuer: 'https://elsewhere.example' });
    await expectUnauthorized(await get('/v1', `Bearer ${otherIssuer}`), /error="invalid_token"/);
    const otherAudience = await testApp.token({ role: 'reviewer', audience: 'another-api' });
    await expectUnauthorized(await get('/v1', `Bearer ${otherAudience}`), /error="invalid_token"/);
  });

  it('refuses symmetric and unsigned tokens', async () => {
    const kid = decodeProtectedHeader(await testApp.token({ role: 'reviewer' })).kid as string;
    const claims = { sub: 'eve', suivi_role: 'reviewer', suivi_countries: [] };
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuer('suivi-dev-issuer')
      .setAudience('suivi-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    await expectUnauthorized(await get('/v1', `Bearer ${hs256}`), /error="invalid_token"/);
    const [, payload] = hs256.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    await expectUnauthorized(await get('/v1', `Bearer ${none}`), /error="invalid_token"/);
  });

  it.each([
    ['an unknown role', { suivi_role: 'administrator' }],
    ['no role', { suivi_role: undefined }],
    ['two Suivi roles', { suivi_role: ['reviewer', 'auditor'] }],
  ])('answers a valid token with %s with 403 that says nothing of the resource', async (_case, claims) => {
    const keys = await loadDevIssuerKeys(testApp.devIssuerDir as string);
    const token = await new SignJWT({ suivi_countries: ['KH'], ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: keys.kid })
      .setSubject('mallory')
      .setIssuer('suivi-dev-issuer')
      .setAudience('suivi-api')
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    const response = await get('/v1/auth-probe/me', `Bearer ${token}`);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'Your role or country scope does not allow this request.',
      instance: '/v1/auth-probe/me',
    });
  });

  it.each([[['K1']], [['FRANCE']], ['KH;LK'], [42], [[7]]])(
    'answers a token whose countries claim is %j with 401',
    async (countries) => {
      const keys = await loadDevIssuerKeys(testApp.devIssuerDir as string);
      const token = await new SignJWT({ suivi_role: 'delegation', suivi_countries: countries })
        .setProtectedHeader({ alg: 'ES256', kid: keys.kid })
        .setSubject('mallory')
        .setIssuer('suivi-dev-issuer')
        .setAudience('suivi-api')
        .setExpirationTime('1h')
        .sign(keys.privateKey);
      await expectUnauthorized(await get('/v1', `Bearer ${token}`), /error="invalid_token"/);
    },
  );

  it('reads a comma-separated countries claim', async () => {
    const keys = await loadDevIssuerKeys(testApp.devIssuerDir as string);
    const token = await new SignJWT({ suivi_role: 'delegation', suivi_countries: 'kh, lk,KH' })
      .setProtectedHeader({ alg: 'ES256', kid: keys.kid })
      .setSubject('sok')
      .setIssuer('suivi-dev-issuer')
      .setAudience('suivi-api')
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    const response = await get('/v1/auth-probe/me', `Bearer ${token}`);
    expect(await response.json()).toEqual({ userId: 'sok', role: 'delegation', countries: ['KH', 'LK'] });
  });

  it('leaves @Public() routes and everything outside /v1 open', async () => {
    expect((await get('/v1/auth-probe/open')).status).toBe(200);
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/metrics')).status).toBe(200);
    expect((await get('/openapi.json')).status).toBe(200);
    // A path that merely starts with the letters v1 is not under /v1.
    expect((await get('/v1x')).status).toBe(404);
  });

  it('accepts the development OpenID provider as a second issuer of the same key, and no other URL', async () => {
    const devOidcIssuer = `${apiPublicUrlOf(testApp.app.get(API_CONFIG))}/dev-issuer`;
    const fromProvider = await testApp.token({ userId: 'demo.reviewer', role: 'reviewer', issuer: devOidcIssuer });
    const me = await get('/v1/auth-probe/me', `Bearer ${fromProvider}`);
    expect(await me.json()).toEqual({ userId: 'demo.reviewer', role: 'reviewer', countries: [] });
    const elsewhere = await testApp.token({ role: 'reviewer', issuer: `${devOidcIssuer}-not` });
    await expectUnauthorized(await get('/v1', `Bearer ${elsewhere}`), /error="invalid_token"/);
  });
});

describe('bearer authentication against a remote JWKS (AUTH_JWKS_URL)', () => {
  let issuerDir: string;
  let jwksServer: Server;
  let jwksUrl: string;
  let testApp: TestApp;

  beforeAll(async () => {
    issuerDir = await mkdtemp(join(tmpdir(), 'suivi-remote-issuer-'));
    const jwks = JSON.stringify(await devIssuerJwks(issuerDir));
    jwksServer = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks),
    );
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    testApp = await startTestApp({ devIssuerDir: false, env: { AUTH_JWKS_URL: jwksUrl } });
  });
  afterAll(async () => {
    await testApp.close();
    await new Promise((resolve) => jwksServer.close(resolve));
    await rm(issuerDir, { recursive: true, force: true });
  });

  it('accepts tokens signed by a key of the JWKS and refuses others', async () => {
    const good = await issueDevToken(issuerDir, { userId: 'ana', role: 'reviewer', countries: [] });
    expect((await fetch(`${testApp.baseUrl}/v1`, { headers: { authorization: `Bearer ${good}` } })).status).toBe(200);

    const otherDir = await mkdtemp(join(tmpdir(), 'suivi-other-issuer-'));
    try {
      const foreign = await issueDevToken(otherDir, { userId: 'eve', role: 'reviewer', countries: [] });
      const response = await fetch(`${testApp.baseUrl}/v1`, { headers: { authorization: `Bearer ${foreign}` } });
      expect(response.status).toBe(401);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('serves no development issuer endpoints and accepts no development OpenID provider token', async () => {
    const devOidcToken = await issueDevToken(issuerDir, {
      userId: 'ana',
      role: 'reviewer',
      countries: [],
      issuer: `${apiPublicUrlOf(testApp.app.get(API_CONFIG))}/dev-issuer`,
    });
    const response = await fetch(`${testApp.baseUrl}/v1`, { headers: { authorization: `Bearer ${devOidcToken}` } });
    expect(response.status).toBe(401);
    expect((await fetch(`${testApp.baseUrl}/dev-issuer/jwks.json`)).status).toBe(404);
    expect((await fetch(`${testApp.baseUrl}/dev-issuer/.well-known/openid-configuration`)).status).toBe(404);
  });
});

describe('bearer authentication when the JWKS cannot be fetched', () => {
  let testApp: TestApp;
  let issuerDir: string;

  beforeAll(async () => {
    issuerDir = await mkdtemp(join(tmpdir(), 'suivi-remote-issuer-'));
    testApp = await startTestApp({ devIssuerDir: false, env: { AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json' } });
  });
  afterAll(async () => {
    await testApp.close();
    await rm(issuerDir, { recursive: true, force: true });
  });

  it('answers 503 rather than blaming the caller token', async () => {
    const token = await issueDevToken(issuerDir, { userId: 'ana', role: 'reviewer', countries: [] });
    const response = await fetch(`${testApp.baseUrl}/v1`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
