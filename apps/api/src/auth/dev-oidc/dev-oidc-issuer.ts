import type { ApiConfig } from '@suivi/config';
import { devOidcIssuerFor } from '@suivi/dev-issuer';

/** The API's public base URL (API_PUBLIC_URL), or its listening address when that is unset. */
export function apiPublicUrlOf(config: Pick<ApiConfig, 'API_PUBLIC_URL' | 'API_HOST' | 'API_PORT'>): string {
  if (config.API_PUBLIC_URL) return config.API_PUBLIC_URL.replace(/\/+$/, '');
  const host = config.API_HOST.includes(':') ? `[${config.API_HOST}]` : config.API_HOST;
  return `http://${host}:${config.API_PORT}`;
}

/**
 * The development OpenID provider's issuer (`<API public URL>/dev-issuer`), when the API has a
 * development issuer (AUTH_DEV_ISSUER_DIR; never in production).
 */
export function devOidcIssuerOf(
  config: Pick<ApiConfig, 'AUTH_DEV_ISSUER_DIR' | 'API_PUBLIC_URL' | 'API_HOST' | 'API_PORT'>,
): string | undefined {
  return config.AUTH_DEV_ISSUER_DIR ? devOidcIssuerFor(apiPublicUrlOf(config)) : undefined;
}

/**
 * The `iss` values bearer tokens may carry: AUTH_ISSUER, plus in development the development
 * OpenID provider, whose tokens are signed with the same key as those of `npm run token`.
 */
export function acceptedIssuersOf(
  config: Pick<ApiConfig, 'AUTH_ISSUER' | 'AUTH_DEV_ISSUER_DIR' | 'API_PUBLIC_URL' | 'API_HOST' | 'API_PORT'>,
): string[] {
  const devIssuer = devOidcIssuerOf(config);
  return devIssuer && devIssuer !== config.AUTH_ISSUER ? [config.AUTH_ISSUER, devIssuer] : [config.AUTH_ISSUER];
}
