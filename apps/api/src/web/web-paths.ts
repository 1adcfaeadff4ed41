/**
 * Which requests the web app answers. The API and the web app share one origin: everything
 * under these prefixes is the API's or the operators' (and keeps its problem+json 404); any
 * other page a browser asks for is the web app's single page (index.html), whose router
 * shows the screen (`/cycles/abc`, `/auth/callback`).
 */
export const API_PATH_PREFIXES = [
  '/v1',
  '/docs',
  '/openapi.json',
  '/health',
  '/metrics',
  '/codec',
  '/dev-issuer',
  '/web-config.json',
] as const;

export const WEB_ASSETS_PREFIX = '/assets/';

/** The id of index.html's data block holding the web configuration (the app reads it by this id). */
export const WEB_CONFIG_ELEMENT_ID = 'suivi-web-config';

/** `/v1` and `/v1/...` are the API's; `/v1x` is not. Express routes case-insensitively. */
export function isApiPath(path: string): boolean {
  const lower = path.toLowerCase();
  return API_PATH_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`));
}

/** Whether the Accept header asks for an HTML page (a browser navigation), not merely anything. */
export function acceptsHtml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== 'text/html' && type !== 'application/xhtml+xml') return false;
    const q = parameters.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * - `pass`: not the web app's (API paths, other methods): Nest answers;
 * - `asset`: a file of the build's assets/ folder (content-hashed names, cached for good);
 * - `app`: index.html, the single page (`/`, or a page a browser navigates to);
 * - `file`: a file at the root of the build (favicon.ico, robots.txt), if there is one.
 */
export type WebRoute = 'pass' | 'asset' | 'app' | 'file';

export function webRouteOf(method: string, path: string, accept: string | undefined): WebRoute {
  if ((method !== 'GET' && method !== 'HEAD') || isApiPath(path)) return 'pass';
  if (path.startsWith(WEB_ASSETS_PREFIX)) return 'asset';
  if (path === '/' || path === '/index.html' || acceptsHtml(accept)) return 'app';
  return /^\/[^/]+$/.test(path) ? 'file' : 'pass';
}
