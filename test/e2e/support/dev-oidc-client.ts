import { createHash, randomBytes } from 'node:crypto';
import type { DemoUser } from '@suivi/dev-issuer';
import { API } from './api-client';

/**
 * The API's development OpenID provider (ADR 0019) as a browser without JavaScript meets it:
 * its addresses and documents, a cookie-keeping browser driven with plain fetch, PKCE, and the
 * sign-in page's forms.
 */

export const ISSUER = `${API}/dev-issuer`;
export const REDIRECT_URI = `${API}/auth/callback`;
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
  code_challenge_methods_supported: string[];
  grant_types_supported: string[];
  scopes_supported: string[];
  id_token_signing_alg_values_supported: string[];
}

export interface Tokens {
  access_token: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

/** A browser's cookies, for one host (paths are ignored: every request here goes to one origin). */
export class Browser {
  private readonly cookies = new Map<string, string>();

  /** One request, redirects not followed, cookies kept. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(url, API), {
      ...init,
      redirect: 'manual',
      headers: {
        accept: BROWSER_ACCEPT,
        ...(init.headers as Record<string, string> | undefined),
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expires = attributes.map((a) => /^\s*expires=(.*)$/i.exec(a)?.[1]).find(Boolean);
      if (value === '' || (expires && Date.parse(expires) < Date.now())) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects until one leaves for `stopAt` (not fetched) or a page answers. */
  async follow(url: string, stopAt: string): Promise<{ url: string; response?: Response }> {
    let next = new URL(url, API).href;
    for (let hop = 0; hop < 10; hop++) {
      if (next.startsWith(stopAt)) return { url: next };
      const response = await this.fetch(next);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: next, response };
      next = new URL(location, next).href;
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** A PKCE code verifier and its S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The hidden fields and action of the sign-in page's form whose button names `who`. */
export function signInForm(page: string, who: DemoUser): { action: string; fields: URLSearchParams } {
  const forms = [...page.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)];
  const form = forms.find(([, , inner]) => new RegExp(`<button type="submit">Sign in as ${who.name} — `).test(inner));
  if (!form) throw new Error(`no sign-in button for ${who.name} in:\n${page}`);
  const fields = new URLSearchParams();
  for (const [, name, value] of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(name, value.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  }
  return { action: form[1].replace(/&amp;/g, '&'), fields };
}
