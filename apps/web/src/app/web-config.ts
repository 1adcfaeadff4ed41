/** What the API tells the web app at start (GET /web-config.json): where users sign in. */
export interface WebConfig {
  oidc: { authority: string; clientId: string; scope: string };
  devIssuer: boolean;
}

export async function loadWebConfig(): Promise<WebConfig> {
  const response = await fetch('/web-config.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`/web-config.json answered ${response.status}`);
  return (await response.json()) as WebConfig;
}
