/** What the API tells the web app at start (GET /web-config.json): where users sign in. */
export interface WebConfig {
  oidc: { authority: string; clientId: string; scope: string };
  devIssuer: boolean;
}

/** The data block the API writes into index.html (apps/api/src/web/web-paths.ts: WEB_CONFIG_ELEMENT_ID). */
const WEB_CONFIG_ELEMENT_ID = 'suivi-web-config';

/** From the page itself when the API wrote it there (no request), else from /web-config.json (`vite` in development). */
export async function loadWebConfig(): Promise<WebConfig> {
  const embedded = document.getElementById(WEB_CONFIG_ELEMENT_ID)?.textContent;
  if (embedded) return JSON.parse(embedded) as WebConfig;
  const response = await fetch('/web-config.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`/web-config.json answered ${response.status}`);
  return (await response.json()) as WebConfig;
}
