import { startingLanguage } from '../i18n/language-choice';

/**
 * Render-as-you-fetch for the page most often opened from a link: a cycle's. Its document is
 * asked for as soon as the page's HTML is parsed, by this module built into index.html as an
 * inline script (vite.config.mts; the API allows it by its hash), with the session the tab
 * already holds, instead of once the app's bundle is compiled and React is up: bench:web saw
 * the request leave ~25 ms after the scripts had loaded from inside the bundle. The page takes
 * the answer once (early-fetch.ts, takeEarlyResponse); anything unusual (no usable session, an
 * "as of" date, a version to wait for, an error) is left to the page's own request, so this
 * only ever saves time. Nothing here may import the app: it is a few hundred bytes on its own.
 */

/** Where the inline script leaves its request for the app (a registered symbol: shared across bundles). */
export const EARLY_FETCH = Symbol.for('suivi.early-fetch');

export interface EarlyFetch {
  path: string;
  response: Promise<Response>;
}

type WithEarlyFetch = Window & { [EARLY_FETCH]?: EarlyFetch | null };

const CYCLE_PAGE = /^\/cycles\/([^/]+)$/;

/**
 * How many of the latest timeline entries the cycle page asks for at first: a long cycle has
 * hundreds, half its document; the rest is one click away (and in the audit log).
 */
export const TIMELINE_FIRST_SHOWN = 20;

/** The API address of a cycle's document, as the page first asks for it. */
export const cycleDocumentPath = (cycleId: string) =>
  `/v1/cycles/${encodeURIComponent(cycleId)}?timelineLimit=${TIMELINE_FIRST_SHOWN}`;

/** Whether the early request was already considered for this page load (made or not). */
export const earlyFetchConsidered = (): boolean => EARLY_FETCH in window;

/** The request, if this page is a cycle's and the tab holds a usable session; null otherwise. */
export function startEarlyFetch(location: Location = window.location): void {
  (window as WithEarlyFetch)[EARLY_FETCH] = earlyFetchOf(location);
}

/** The early answer for `path`, if one was started for it; given once. */
export function takeEarlyResponse(path: string): Promise<Response> | undefined {
  const early = (window as WithEarlyFetch)[EARLY_FETCH];
  if (early?.path !== path) return undefined;
  (window as WithEarlyFetch)[EARLY_FETCH] = null;
  return early.response;
}

function earlyFetchOf(location: Location): EarlyFetch | null {
  try {
    const match = CYCLE_PAGE.exec(location.pathname);
    // A query (?asOf=) or router state (a version to wait for) changes the request: not here.
    const routerState = (window.history.state as { usr?: unknown } | null)?.usr;
    if (!match?.[1] || location.search || routerState) return null;
    const token = storedAccessToken();
    if (!token) return null;
    const path = cycleDocumentPath(decodeURIComponent(match[1]));
    const response = fetch(path, {
      headers: { Authorization: `Bearer ${token}`, 'Accept-Language': startingLanguage(), Accept: 'application/json' },
    });
    response.catch(() => undefined); // taken or not, never an unhandled rejection
    return { path, response };
  } catch {
    // Storage refused, a malformed address: the page asks on its own.
    return null;
  }
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
