import {
  DEV_ISSUER_ALGORITHM,
  DEV_OIDC_CLIENT_ID,
  DEV_OIDC_SCOPE,
  WEB_CALLBACK_PATH,
  demoUserAccessClaims,
  demoUserProfileClaims,
  findDemoUser,
} from '@suivi/dev-issuer';
import type { JWK } from 'jose';
import { DEV_OIDC_PAGE_HEADERS, SIGN_OUT_SCRIPT_PATH, errorPage, signOutPage, signedOutPage } from './dev-oidc-pages';

/**
 * The configuration of the development OpenID provider (oidc-provider), as plain data and
 * functions: this module never loads oidc-provider itself (an ES module the API's Jest tests
 * cannot load), so that its behaviour can be unit-tested. mount-dev-oidc-provider.ts builds the
 * provider from it.
 */

/** The web app renews the access token before it expires, with the refresh token. */
export const ACCESS_TOKEN_TTL_SECONDS = 10 * 60;
/** A working day: the refresh token, the provider session and the grant all end with it. */
export const SESSION_TTL_SECONDS = 8 * 3600;
/** The resource indicator of the API (RFC 8707): its access tokens are JWTs for AUTH_AUDIENCE. */
export const API_RESOURCE_PATH = '/v1';
/**
 * The scopes an access token for the API lists (its `scope`, and the token response's), as an
 * identity provider such as Keycloak lists the OpenID scopes granted; the API reads the role and
 * country claims, not scopes.
 */
export const API_RESOURCE_SCOPE = DEV_OIDC_SCOPE;

export interface DevOidcOptions {
  /** `<API public URL>/dev-issuer` */
  issuer: string;
  /** The API's public base URL, where the web app is served. */
  apiPublicUrl: string;
  /** The development issuer's private signing key (ES256), as `npm run token` signs with. */
  signingJwk: JWK;
  cookieSecret: string;
  /** AUTH_AUDIENCE, AUTH_ROLE_CLAIM, AUTH_COUNTRIES_CLAIM */
  audience: string;
  roleClaim: string;
  countriesClaim: string;
  /** oidc-provider's errors.InvalidTarget, for a resource other than the API. */
  invalidTarget: () => Error;
}

/** The little of oidc-provider's Koa context and models the functions below use. */
export interface OidcGrant {
  addOIDCScope(scope: string): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}
export interface OidcContext {
  oidc: {
    client?: { clientId: string };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    entities?: { RotatedRefreshToken?: { remainingTTL: number } };
    provider: {
      Grant: {
        new (properties: { clientId: string; accountId: string }): OidcGrant;
        find(id: string): Promise<OidcGrant | undefined>;
      };
    };
  };
  type: string;
  status: number;
  body: unknown;
  set(headers: Record<string, string>): void;
}
interface OidcToken {
  kind: string;
  accountId?: string;
}

export function apiResourceOf(apiPublicUrl: string): string {
  return `${apiPublicUrl}${API_RESOURCE_PATH}`;
}

function html(ctx: OidcContext, status: number, body: string): void {
  ctx.set(DEV_OIDC_PAGE_HEADERS);
  ctx.type = 'html';
  ctx.status = status;
  ctx.body = body;
}

export function devOidcConfiguration(options: DevOidcOptions): Record<string, unknown> {
  const { apiPublicUrl, issuer } = options;
  const issuerPath = new URL(issuer).pathname.replace(/\/+$/, '');
  const apiResource = apiResourceOf(apiPublicUrl);
  const home = `${apiPublicUrl}/`;
  const appOrigin = new URL(apiPublicUrl).origin;

  return {
    clients: [
      {
        client_id: DEV_OIDC_CLIENT_ID,
        client_name: 'Suivi web app',
        application_type: 'web',
        // A public client (a browser app keeps no secret): PKCE instead.
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${apiPublicUrl}${WEB_CALLBACK_PATH}`],
        post_logout_redirect_uris: [home],
        id_token_signed_response_alg: DEV_ISSUER_ALGORITHM,
        scope: DEV_OIDC_SCOPE,
      },
    ],
    jwks: { keys: [{ ...options.signingJwk, alg: DEV_ISSUER_ALGORITHM, use: 'sig' }] },
    cookies: { keys: [options.cookieSecret] },
    // The JWKS where it has always been (ADR 0009); the other routes keep oidc-provider's names.
    routes: { jwks: '/jwks.json' },
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: {
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub'],
      profile: ['name', 'locale', 'zoneinfo'],
      email: ['email', 'email_verified'],
    },
    // No userinfo endpoint (the access tokens are for the API): the ID token carries the profile.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: OidcContext, form: string) =>
          html(ctx, 200, signOutPage(form, `${issuerPath}${SIGN_OUT_SCRIPT_PATH}`)),
        postLogoutSuccessSource: async (ctx: OidcContext) => html(ctx, 200, signedOutPage(home)),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => apiResource,
        // Refresh and code exchanges without a resource parameter get the API's token too.
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resourceIndicator: string) => {
          if (resourceIndicator !== apiResource) throw options.invalidTarget();
          return {
            scope: API_RESOURCE_SCOPE,
            audience: options.audience,
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: DEV_ISSUER_ALGORITHM } },
          };
        },
      },
    },
    // OpenID Connect honours offline_access only with prompt=consent, which a first-party app
    // never asks for; the web app renews its access token with a refresh token all the same, one
    // that ends with the provider session (sign-out, or 8 h).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx: unknown, sub: string) => {
      const user = findDemoUser(sub);
      return user && { accountId: user.id, claims: async () => demoUserProfileClaims(user) };
    },
    // The role and country scope, under the API's claim names, as `npm run token` puts them.
    extraTokenClaims: async (_ctx: unknown, token: OidcToken) => {
      const user = token.kind === 'AccessToken' && token.accountId ? findDemoUser(token.accountId) : undefined;
      return user && demoUserAccessClaims(user, options);
    },
    // The web app is Suivi's own: its users consent to nothing, every scope is granted at sign-in.
    loadExistingGrant: async (ctx: OidcContext) => {
      const { client, session, result, provider } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? (client && session?.grantIdFor(client.clientId));
      if (grantId) return provider.Grant.find(grantId);
      if (client?.clientId !== DEV_OIDC_CLIENT_ID || !session?.accountId) return undefined;
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(DEV_OIDC_SCOPE);
      grant.addResourceScope(apiResource, API_RESOURCE_SCOPE);
      await grant.save();
      return grant;
    },
    interactions: {
      url: async (_ctx: unknown, interaction: { uid: string }) => `${issuerPath}/interaction/${interaction.uid}`,
    },
    // The token endpoint is called from the web app, which the API serves from this origin.
    clientBasedCORS: (_ctx: unknown, origin: string) => origin === appOrigin,
    renderError: async (ctx: OidcContext, out: Record<string, unknown>) =>
      html(ctx, ctx.status >= 400 ? ctx.status : 400, errorPage(out, home)),
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      Interaction: 30 * 60,
      Session: SESSION_TTL_SECONDS,
      Grant: SESSION_TTL_SECONDS,
      // Rotated refresh tokens keep the first one's end: a session lasts a working day at most.
      RefreshToken: (ctx: OidcContext) => ctx?.oidc?.entities?.RotatedRefreshToken?.remainingTTL ?? SESSION_TTL_SECONDS,
    },
  };
}
