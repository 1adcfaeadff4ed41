import { startingLanguage } from '../i18n/language-choice';

/**
 * Render-as-you-fetch for the page most often opened from a link: a cycle's. Its document is
 * asked for as soon as this module runs (first in the bundle, main.tsx), with the session the
 * tab already holds, instead of once React, the router and the sign-in state are up: bench:web
 * saw the request leave ~90 ms after the scripts had loaded. The page takes the answer once
 * (takeEarlyResponse); anything unusual (no usable session, an "as of" date, a version to wait
 * for, an error) is left to the page's own request, so this only ever saves time.
 */

const CYCLE_PAGE = /^\/cycles\/([^/]+)$/;

let early: { path: string; response: Promise<Response> } | undefined;

/** The API path of a cycle's document, as the page asks for it. */
export const cycleDocumentPath = (cycleId: string) => `/v1/cycles/${encodeURIComponent(cycleId)}`;

export function startEarlyFetch(location: Location = window.location): void {
  try {
    const match = CYCLE_PAGE.exec(location.pathname);
    // A query (?asOf=) or router state (a version to wait for) changes the request: not here.
    const routerState = (window.history.state as { usr?: unknown } | null)?.usr;
    if (!match?.[1] || location.search || routerState) return;
    const token = storedAccessToken();
    if (!token) return;
    const path = cycleDocumentPath(decodeURIComponent(match[1]));
    const response = fetch(path, {
      headers: { Authorization: `Bearer ${token}`, 'Accept-Language': startingLanguage(), Accept: 'application/json' },
    });
    response.catch(() => undefined); // taken or not, never an unhandled rejection
    early = { path, response };
  } catch {
    // Storage refused, a malformed address: the page asks on its own.
  }
}

/** The early answer for `path`, if one was started for it; given once. */
export function takeEarlyResponse(path: string): Promise<Response> | undefined {
  if (early?.path !== path) return undefined;
  const { response } = early;
  early = undefined;
  return response;
}

/** oidc-client-ts keeps the session under "oidc.user:<authority>:<client>" (session storage, auth/oidc.ts). */
function storedAccessToken(): string | undefined {
  for (let i = 0; i < window.sessionStorage.length; i++) {
    const key = window.sessionStorage.key(i);
    if (!key?.startsWith('oidc.user:')) continue;
    const user = JSON.parse(window.sessionStorage.getItem(key) ?? 'null') as {
      access_token?: unknown;
      expires_at?: unknown;
    } | null;
    const expiresAt = typeof user?.expires_at === 'number' ? user.expires_at * 1000 : 0;
    if (typeof user?.access_token === 'string' && expiresAt > Date.now() + 5_000) return user.access_token;
  }
  return undefined;
}

startEarlyFetch();
