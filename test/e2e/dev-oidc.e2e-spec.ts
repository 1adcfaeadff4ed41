import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEMO_USERS,
  DEV_OIDC_CLIENT_ID,
  DEV_OIDC_SCOPE,
  issueDevTokenForProfile,
  type DemoUser,
} from '@suivi/dev-issuer';
import { launch, pollUntil, repoRoot, stopLaunched, waitForReady, type LaunchedStack } from '@suivi/test-support';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { API, call } from './support/api-client';
import { demoUser } from './support/demo-users';
import {
  BROWSER_ACCEPT,
  Browser,
  ISSUER,
  pkce,
  REDIRECT_URI,
  signInForm,
  type Discovery,
  type Tokens,
} from './support/dev-oidc-client';

/**
 * The API's development OpenID provider (ADR 0019) on the whole stack, driven with plain fetch
 * as a browser and the web app would: discovery, the authorization code flow with PKCE through
 * the sign-in page, the API called with the access token, refresh, sign-out.
 */
describe('the development OpenID provider (e2e profile)', () => {
  let launched: LaunchedStack | undefined;
  let discovery: Discovery;

  beforeAll(async () => {
    launched = launch('start', 'e2e', { SUIVI_DEMO_DATA: 'true' });
    await waitForReady(launched, 540_000);
    discovery = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Discovery;
  }, 600_000);

  afterAll(async () => {
    if (launched) expect(await stopLaunched(launched)).toBe(0);
  });

  /** Up to the redirect to the callback: authorization request, sign-in page, the user's button. */
  async function authorize(
    browser: Browser,
    who: DemoUser,
    challenge: string,
  ): Promise<{ code: string; state: string; signInPage?: Response }> {
    const state = randomUUID();
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: DEV_OIDC_CLIENT_ID,
      response_type: 'code',
      scope: DEV_OIDC_SCOPE,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      nonce: randomUUID(),
    }).toString();
    let reached = await browser.follow(url.href, REDIRECT_URI);
    let signInPage: Response | undefined;
    if (reached.response) {
      signInPage = reached.response;
      expect(signInPage.status).toBe(200);
      const { action, fields } = signInForm(await signInPage.clone().text(), who);
      const posted = await browser.fetch(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields,
      });
      expect(posted.status).toBe(303);
      reached = await browser.follow(posted.headers.get('location') as string, REDIRECT_URI);
    }
    expect(reached.response).toBeUndefined();
    const callback = new URL(reached.url);
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(ISSUER);
    return { code: callback.searchParams.get('code') as string, state, signInPage };
  }

  async function tokenRequest(
    params: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: DEV_OIDC_CLIENT_ID, ...params }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function signIn(who: DemoUser, browser = new Browser()): Promise<Tokens> {
    const { verifier, challenge } = pkce();
    const { code } = await authorize(browser, who, challenge);
    const reply = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(reply.status).toBe(200);
    return reply.body as unknown as Tokens;
  }

  it('publishes its discovery document: code flow with PKCE S256, refresh tokens, ES256, under the API', () => {
    expect(discovery).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/auth`,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/jwks.json`,
      end_session_endpoint: `${ISSUER}/session/end`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(DEV_OIDC_SCOPE.split(' ')));
  });

  it('shows an accessible sign-in page listing the demo users, then signs the chosen one in', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const { code, signInPage } = await authorize(browser, demoUser('demo.desk-officer'), challenge);
    const page = await (signInPage as Response).text();
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toMatch(/<main>[\s\S]*<h1>/);
    expect(page).toContain('Development issuer');
    expect(page).not.toMatch(/<script/);
    for (const who of DEMO_USERS) expect(page).toContain(`Sign in as ${who.name} — `);
    expect(signInPage?.headers.get('content-security-policy')).toContain("script-src 'self'");

    const tokens = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
  });

  it("issues access tokens of the same key and shape as `npm run token`, and an ID token with the user's profile", async () => {
    const desk = demoUser('demo.desk-officer');
    const tokens = await signIn(desk);
    const jwks = createLocalJWKSet((await (await fetch(discovery.jwks_uri)).json()) as JSONWebKeySet);
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: ISSUER,
      audience: 'suivi-api',
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({ sub: desk.id, suivi_role: 'desk-officer', suivi_countries: ['VN', 'LK', 'BD'] });
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
    const cliToken = await issueDevTokenForProfile('e2e', {
      userId: desk.id,
      role: desk.role,
      countries: desk.countries,
    });
    expect(protectedHeader.kid).toBe(decodeProtectedHeader(cliToken).kid);
    expect(Object.keys(decodeJwt(cliToken))).toEqual(
      expect.arrayContaining(['sub', 'iss', 'aud', 'exp', 'suivi_role', 'suivi_countries']),
    );

    const { payload: id } = await jwtVerify(tokens.id_token, jwks, { issuer: ISSUER, audience: DEV_OIDC_CLIENT_ID });
    expect(id).toMatchObject({
      sub: desk.id,
      name: desk.name,
      email: desk.email,
      locale: 'en',
      zoneinfo: desk.zoneinfo,
    });
    const french = decodeJwt((await signIn(demoUser('demo.delegation-vn'))).id_token);
    expect(french).toMatchObject({ locale: 'fr', name: 'Camille Martin' });
  });

  it('gives the API tokens it accepts, with each role and country scope', async () => {
    const desk = await signIn(demoUser('demo.desk-officer'));
    // The demo cycles the launcher loaded are the desk officer's (once the read model has them).
    const demoCycles = await pollUntil(async () => {
      const reply = await call<{ items: Array<{ cycleId: string }> }>('GET', '/v1/cycles?pageSize=100', {
        token: desk.access_token,
      });
      expect(reply.status).toBe(200);
      const ids = reply.body.items.map((c) => c.cycleId);
      return ['demo-vn-hrd-2026', 'demo-lk-gsp-2026', 'demo-bd-eba-2026'].every((id) => ids.includes(id))
        ? ids
        : undefined;
    }, 90_000);
    expect(demoCycles.length).toBeGreaterThanOrEqual(3);

    const outsider = await signIn(demoUser('demo.desk-officer-kh'));
    expect((await call('GET', '/v1/cycles/demo-vn-hrd-2026', { token: outsider.access_token })).status).toBe(403);

    const reviewer = await signIn(demoUser('demo.reviewer'));
    const command = await call('POST', '/v1/cycles', {
      token: reviewer.access_token,
      headers: { 'idempotency-key': randomUUID() },
      body: { type: 'HUMAN_RIGHTS_DIALOGUE', country: 'VN', title: 'Not for reviewers', timeZone: 'Asia/Ho_Chi_Minh' },
    });
    expect(command.status).toBe(403);
    expect((await call('GET', '/v1/cycles/demo-vn-hrd-2026', { token: reviewer.access_token })).status).toBe(200);
  });

  it('refuses a code exchanged with the wrong code_verifier, or without one', async () => {
    const { challenge } = pkce();
    const { code } = await authorize(new Browser(), demoUser('demo.auditor'), challenge);
    const exchange = (codeVerifier?: string) =>
      tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        ...(codeVerifier && { code_verifier: codeVerifier }),
      });
    for (const attempt of [await exchange(pkce().verifier), await exchange()]) {
      expect(attempt.status).toBe(400);
      expect(attempt.body).toMatchObject({ error: expect.stringMatching(/^invalid_(grant|request)$/) });
      expect(attempt.body).not.toHaveProperty('access_token');
    }
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: DEV_OIDC_CLIENT_ID,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT_URI,
      state: 's',
    }).toString();
    const response = await new Browser().fetch(url.href);
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location') as string).searchParams.get('error')).toBe('invalid_request');
  });

  it('renews the access token with the refresh token, which rotates', async () => {
    const first = await signIn(demoUser('demo.delegation-vn'));
    const renewed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(renewed.status).toBe(200);
    const access = renewed.body['access_token'] as string;
    expect(access).not.toBe(first.access_token);
    expect(renewed.body['refresh_token']).not.toBe(first.refresh_token);
    expect(decodeJwt(access)).toMatchObject({ sub: 'demo.delegation-vn', suivi_role: 'delegation', aud: 'suivi-api' });
    expect((await call('GET', '/v1/cycles', { token: access })).status).toBe(200);
  });

  it('signs in again without the sign-in page while the session lasts, and signs out without asking', async () => {
    const browser = new Browser();
    const tokens = await signIn(demoUser('demo.auditor'), browser);
    const again = await authorize(browser, demoUser('demo.auditor'), pkce().challenge);
    expect(again.signInPage).toBeUndefined();

    const end = new URL(discovery.end_session_endpoint);
    end.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${API}/`,
    }).toString();
    const page = await browser.fetch(end.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    // The page's one script presses the sign-out button; without JavaScript the user does.
    expect(html).toContain('<script src="/dev-issuer/sign-out.js"></script>');
    expect((await browser.fetch('/dev-issuer/sign-out.js')).headers.get('content-type')).toMatch(/javascript/);
    const form =
      /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/>/.exec(
        html,
      );
    expect(html).toContain('name="logout" value="yes"');
    const confirmed = await browser.fetch(form?.[1] as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: form?.[2] as string, logout: 'yes' }),
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${API}/`);

    const afterSignOut = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(afterSignOut.status).toBe(400);
    // Signed out: the next authorization shows the sign-in page again.
    const { signInPage } = await authorize(browser, demoUser('demo.auditor'), pkce().challenge);
    expect(signInPage?.status).toBe(200);
  });

  it('refuses an unknown user or a stale sign-in page', async () => {
    const browser = new Browser();
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: DEV_OIDC_CLIENT_ID,
      response_type: 'code',
      scope: DEV_OIDC_SCOPE,
      redirect_uri: REDIRECT_URI,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    }).toString();
    const { response } = await browser.follow(url.href, REDIRECT_URI);
    const { action } = signInForm(await (response as Response).text(), demoUser('demo.reviewer'));
    const post = (who: string, from = browser) =>
      from.fetch(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ user: who }),
      });
    const unknown = await post('mallory');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Unknown demo user.');
    const otherBrowser = await post('demo.reviewer', new Browser());
    expect(otherBrowser.status).toBe(400);
  });

  it('tells the web app to sign in here, and serves the web app at / when it is built', async () => {
    const config = await fetch(`${API}/web-config.json`);
    expect(config.headers.get('cache-control')).toBe('no-cache');
    expect(await config.json()).toEqual({
      oidc: { authority: ISSUER, clientId: DEV_OIDC_CLIENT_ID, scope: DEV_OIDC_SCOPE },
      devIssuer: true,
    });
    if (!existsSync(join(repoRoot, 'dist', 'apps', 'web', 'index.html'))) return;
    for (const path of ['/', '/auth/callback?code=x&state=y', '/cycles/demo-vn-hrd-2026']) {
      const page = await fetch(`${API}${path}`, { headers: { accept: BROWSER_ACCEPT } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toMatch(/<html/);
    }
    const apiMiss = await fetch(`${API}/v1/no-such-thing`, { headers: { accept: BROWSER_ACCEPT } });
    expect(apiMiss.status).toBe(404);
    expect(apiMiss.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
