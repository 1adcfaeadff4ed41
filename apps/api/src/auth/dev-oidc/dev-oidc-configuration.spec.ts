import { DEMO_USERS, DEV_OIDC_CLIENT_ID, findDemoUser } from '@suivi/dev-issuer';
import type { JWK } from 'jose';
import { principalFromClaims } from '../principal-from-claims';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  SESSION_TTL_SECONDS,
  devOidcConfiguration,
  type OidcContext,
  type OidcGrant,
} from './dev-oidc-configuration';
import { acceptedIssuersOf, apiPublicUrlOf, devOidcIssuerOf } from './dev-oidc-issuer';

const API = 'http://127.0.0.1:3000';
const ISSUER = `${API}/dev-issuer`;
const names = { roleClaim: 'suivi_role', countriesClaim: 'suivi_countries' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the configuration is oidc-provider's untyped object
type Loose = any;
const configuration: Loose = devOidcConfiguration({
  issuer: ISSUER,
  apiPublicUrl: API,
  signingJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'k1' } as JWK,
  cookieSecret: 'secret',
  audience: 'suivi-api',
  ...names,
  invalidTarget: () => new Error('invalid_target'),
});

describe('the development OpenID provider configuration', () => {
  it('has one public client, the web app: code flow with PKCE, refresh tokens, redirects under the API URL', () => {
    expect(configuration.clients).toEqual([
      expect.objectContaining({
        client_id: DEV_OIDC_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${API}/auth/callback`],
        post_logout_redirect_uris: [`${API}/`],
        id_token_signed_response_alg: 'ES256',
        scope: 'openid profile email offline_access',
      }),
    ]);
    expect(configuration.pkce.required()).toBe(true);
    expect(configuration.features.devInteractions.enabled).toBe(false);
    expect(configuration.routes.jwks).toBe('/jwks.json');
    expect(configuration.cookies.keys).toEqual(['secret']);
  });

  it('signs with the development issuer key', () => {
    expect(configuration.jwks.keys).toEqual([expect.objectContaining({ kid: 'k1', d: 'd', alg: 'ES256', use: 'sig' })]);
  });

  it('issues the API a 10-minute ES256 JWT for AUTH_AUDIENCE, for no other resource', async () => {
    const indicators = configuration.features.resourceIndicators;
    const resource = await indicators.defaultResource();
    expect(resource).toBe(`${API}/v1`);
    expect(await indicators.getResourceServerInfo({}, resource)).toMatchObject({
      audience: 'suivi-api',
      accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: 'ES256' } },
    });
    await expect(indicators.getResourceServerInfo({}, 'https://elsewhere.example/api')).rejects.toThrow(
      'invalid_target',
    );
    expect(ACCESS_TOKEN_TTL_SECONDS).toBe(600);
    expect(configuration.ttl.AccessToken).toBe(600);
  });

  it("gives each demo user's access token the role and countries the API reads, and the standard profile claims", async () => {
    for (const user of DEMO_USERS) {
      const claims = await configuration.extraTokenClaims({}, { kind: 'AccessToken', accountId: user.id });
      expect(principalFromClaims({ sub: user.id, ...claims }, names)).toEqual({
        userId: user.id,
        role: user.role,
        countries: user.countries,
      });
      // The API's people directory is filled from these at each sign-in.
      expect(claims).toMatchObject({
        name: user.name,
        email: user.email,
        locale: user.locale,
        zoneinfo: user.zoneinfo,
      });
    }
    expect(await configuration.extraTokenClaims({}, { kind: 'AccessToken', accountId: 'nobody' })).toBeUndefined();
    expect(await configuration.extraTokenClaims({}, { kind: 'ClientCredentials' })).toBeUndefined();
  });

  it('knows the demo users only, with their profile for the ID token', async () => {
    const account = await configuration.findAccount({}, 'demo.delegation-vn');
    expect(account.accountId).toBe('demo.delegation-vn');
    expect(await account.claims('id_token', 'openid profile email')).toMatchObject({
      sub: 'demo.delegation-vn',
      name: findDemoUser('demo.delegation-vn')?.name,
      locale: 'fr',
      zoneinfo: 'Asia/Ho_Chi_Minh',
      email: 'camille.martin@example.org',
    });
    expect(await configuration.findAccount({}, 'mallory')).toBeUndefined();
    expect(configuration.claims).toMatchObject({
      openid: ['sub'],
      profile: ['name', 'locale', 'zoneinfo'],
      email: ['email', 'email_verified'],
    });
    // No userinfo endpoint: the ID token carries the profile claims.
    expect(configuration.features.userinfo.enabled).toBe(false);
    expect(configuration.conformIdTokenClaims).toBe(false);
  });

  it('grants the web app every scope at sign-in (no consent screen), and nothing to another client', async () => {
    const saved: Array<{ clientId: string; accountId: string; oidc: string[]; resources: Record<string, string> }> = [];
    class FakeGrant implements OidcGrant {
      oidc: string[] = [];
      resources: Record<string, string> = {};
      constructor(readonly properties: { clientId: string; accountId: string }) {}
      addOIDCScope(scope: string) {
        this.oidc.push(...scope.split(' '));
      }
      addResourceScope(resource: string, scope: string) {
        this.resources[resource] = scope;
      }
      async save() {
        saved.push({ ...this.properties, oidc: this.oidc, resources: this.resources });
        return 'grant-1';
      }
      static async find() {
        return undefined;
      }
    }
    const ctx = (clientId: string, accountId?: string, existing?: string) =>
      ({
        oidc: {
          client: { clientId },
          session: { accountId, grantIdFor: () => existing },
          provider: { Grant: FakeGrant },
        },
      }) as unknown as OidcContext;

    expect(await configuration.loadExistingGrant(ctx(DEV_OIDC_CLIENT_ID, 'demo.reviewer'))).toBeInstanceOf(FakeGrant);
    expect(saved).toEqual([
      {
        clientId: DEV_OIDC_CLIENT_ID,
        accountId: 'demo.reviewer',
        oidc: ['openid', 'profile', 'email', 'offline_access'],
        resources: { [`${API}/v1`]: 'openid profile email offline_access' },
      },
    ]);
    expect(await configuration.loadExistingGrant(ctx('another-client', 'demo.reviewer'))).toBeUndefined();
    expect(await configuration.loadExistingGrant(ctx(DEV_OIDC_CLIENT_ID))).toBeUndefined();
    expect(saved).toHaveLength(1);
  });

  it('issues refresh tokens to the web app, which end with the 8-hour session whatever their rotations', async () => {
    expect(
      await configuration.issueRefreshToken({}, { grantTypeAllowed: (type: string) => type === 'refresh_token' }),
    ).toBe(true);
    expect(configuration.ttl.RefreshToken({ oidc: {} })).toBe(SESSION_TTL_SECONDS);
    expect(
      configuration.ttl.RefreshToken({ oidc: { entities: { RotatedRefreshToken: { remainingTTL: 1234 } } } }),
    ).toBe(1234);
    expect(configuration.ttl.Session).toBe(8 * 3600);
  });

  it('serves its sign-in page under its own path, and answers CORS for the web app origin only', async () => {
    expect(await configuration.interactions.url({}, { uid: 'abc' })).toBe('/dev-issuer/interaction/abc');
    expect(configuration.clientBasedCORS({}, 'http://127.0.0.1:3000')).toBe(true);
    expect(configuration.clientBasedCORS({}, 'http://localhost:3000')).toBe(false);
  });

  it('renders its sign-out and error pages with its own headers', async () => {
    const headers: Record<string, string> = {};
    const ctx = {
      status: 404,
      set: (h: Record<string, string>) => Object.assign(headers, h),
    } as unknown as OidcContext;
    await configuration.features.rpInitiatedLogout.logoutSource(ctx, '<form id="op.logoutForm"></form>');
    expect(ctx.body).toContain('<form id="op.logoutForm"></form>');
    expect(ctx.body).toContain('<script src="/dev-issuer/sign-out.js"></script>');
    expect(headers['Content-Security-Policy']).toContain("script-src 'self'");
    ctx.status = 400;
    await configuration.renderError(ctx, { error: 'invalid_request', error_description: '<b>bad</b>' });
    expect(ctx.status).toBe(400);
    expect(ctx.body).toContain('&lt;b&gt;bad&lt;/b&gt;');
  });
});

describe('issuers', () => {
  const base = {
    AUTH_ISSUER: 'suivi-dev-issuer',
    API_HOST: '127.0.0.1',
    API_PORT: 3000,
    API_PUBLIC_URL: undefined as string | undefined,
    AUTH_DEV_ISSUER_DIR: undefined as string | undefined,
  };

  it('are AUTH_ISSUER alone without a development issuer (production)', () => {
    expect(acceptedIssuersOf(base)).toEqual(['suivi-dev-issuer']);
    expect(devOidcIssuerOf(base)).toBeUndefined();
  });

  it('add the development OpenID provider under the API public URL, or its listening address', () => {
    const dev = { ...base, AUTH_DEV_ISSUER_DIR: '/tmp/x' };
    expect(acceptedIssuersOf({ ...dev, API_PUBLIC_URL: 'http://127.0.0.1:23000/' })).toEqual([
      'suivi-dev-issuer',
      'http://127.0.0.1:23000/dev-issuer',
    ]);
    expect(acceptedIssuersOf(dev)).toEqual(['suivi-dev-issuer', 'http://127.0.0.1:3000/dev-issuer']);
    expect(apiPublicUrlOf({ ...base, API_HOST: '::1' })).toBe('http://[::1]:3000');
    // AUTH_ISSUER set to the provider's URL (ADR 0009): one issuer.
    expect(acceptedIssuersOf({ ...dev, AUTH_ISSUER: 'http://127.0.0.1:3000/dev-issuer' })).toEqual([
      'http://127.0.0.1:3000/dev-issuer',
    ]);
  });
});
