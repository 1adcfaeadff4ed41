/**
 * The development OpenID provider the API mounts when AUTH_DEV_ISSUER_DIR is set (never in
 * production): its path under the API's public URL, its one client (the web app) and the
 * scopes that client asks for.
 */
export const DEV_OIDC_PATH = '/dev-issuer';
export const DEV_OIDC_CLIENT_ID = 'suivi-web';
export const DEV_OIDC_SCOPE = 'openid profile email offline_access';
/** Where the web app receives the authorization code, under the API's public URL. */
export const WEB_CALLBACK_PATH = '/auth/callback';

/** The provider's issuer for an API reachable at `apiPublicUrl`. */
export function devOidcIssuerFor(apiPublicUrl: string): string {
  return `${apiPublicUrl.replace(/\/+$/, '')}${DEV_OIDC_PATH}`;
}
