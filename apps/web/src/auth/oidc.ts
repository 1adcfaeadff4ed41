import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { WebConfig } from '../app/web-config';

export const CALLBACK_PATH = '/auth/callback';

/** Where to go back to after signing in (only a path of this app: never an open redirect). */
export interface SignInState {
  returnTo: string;
}

export interface Auth {
  manager: UserManager;
  /** The development issuer's demo users: the sign-in page says so. */
  devIssuer: boolean;
}

/**
 * Authorization code flow with PKCE (oidc-client-ts does both), against the organisation's
 * provider in production or the API's development issuer. Tokens stay in session storage (gone
 * with the tab), renewed before expiry with the refresh token.
 */
export function createAuth(config: WebConfig, origin: string): Auth {
  const manager = new UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    scope: config.oidc.scope,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    automaticSilentRenew: true,
    // Renew a minute before the access token expires.
    accessTokenExpiringNotificationTimeInSeconds: 60,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  return { manager, devIssuer: config.devIssuer };
}

export function safeReturnTo(state: unknown): string {
  const returnTo = (state as Partial<SignInState> | undefined)?.returnTo;
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
}

export const isUsable = (user: User | null | undefined): user is User => !!user && !user.expired;
