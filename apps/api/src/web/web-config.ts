import type { ApiConfig } from '@suivi/config';
import { DEV_OIDC_CLIENT_ID } from '@suivi/dev-issuer';
import { apiPublicUrlOf, devOidcIssuerOf } from '../auth/dev-oidc/dev-oidc-issuer';

/** What the web app reads at start (GET /web-config.json): where and how its users sign in. */
export interface WebConfig {
  oidc: { authority: string; clientId: string; scope: string };
  /** The authority is the API's development OpenID provider (demo users, no password). */
  devIssuer: boolean;
}

type WebConfigSettings = Pick<
  ApiConfig,
  | 'WEB_OIDC_AUTHORITY'
  | 'WEB_OIDC_CLIENT_ID'
  | 'WEB_OIDC_SCOPE'
  | 'AUTH_DEV_ISSUER_DIR'
  | 'API_PUBLIC_URL'
  | 'API_HOST'
  | 'API_PORT'
>;

/**
 * WEB_OIDC_AUTHORITY and WEB_OIDC_CLIENT_ID (production: EU Login, Keycloak, ...), else the
 * development OpenID provider when the API has one; undefined when neither is configured.
 */
export function webConfigOf(config: WebConfigSettings): WebConfig | undefined {
  const devIssuer = devOidcIssuerOf(config);
  const authority = config.WEB_OIDC_AUTHORITY ?? devIssuer;
  const clientId = config.WEB_OIDC_CLIENT_ID ?? (devIssuer ? DEV_OIDC_CLIENT_ID : undefined);
  if (!authority || !clientId) return undefined;
  return {
    oidc: { authority, clientId, scope: config.WEB_OIDC_SCOPE },
    devIssuer: devIssuer !== undefined && authority === devIssuer,
  };
}

/**
 * Security headers of the web app's HTML. Scripts, styles and fonts come from this origin only,
 * and the page's own inline scripts by their hashes (the early request of index.html); the app calls this origin's API and its OpenID provider (the same origin
 * for the development provider; WEB_OIDC_AUTHORITY's otherwise), which it may also frame for
 * silent renewal.
 */
export function webAppHeaders(
  config: WebConfigSettings,
  inlineScriptHashes: readonly string[] = [],
): Record<string, string> {
  const authority = webConfigOf(config)?.oidc.authority;
  const providerOrigin = authority ? new URL(authority).origin : undefined;
  const provider =
    providerOrigin && providerOrigin !== new URL(apiPublicUrlOf(config)).origin ? ` ${providerOrigin}` : '';
  const policy = [
    `default-src 'self'`,
    `script-src 'self'${inlineScriptHashes.map((hash) => ` '${hash}'`).join('')}`,
    `style-src 'self'`,
    `img-src 'self' data:`,
    `font-src 'self' data:`,
    `connect-src 'self'${provider}`,
    `frame-src 'self'${provider}`,
    `form-action 'self'${provider}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
