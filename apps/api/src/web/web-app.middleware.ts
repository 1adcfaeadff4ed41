import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ApiConfig } from '@suivi/config';
import type { NextFunction, Request, Response } from 'express';
import { webAppHeaders, webConfigOf } from './web-config';
import { WEB_ASSETS_PREFIX, WEB_CONFIG_ELEMENT_ID, webRouteOf } from './web-paths';

/** Vite names assets after their content: a name never changes meaning, so it is cached for good. */
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export const WEB_BUILD_COMMAND = 'npx nx build web';

/**
 * Serves the web app's build (WEB_DIST_DIR) on the API's own origin: `/assets/*` cached for a
 * year (immutable), index.html for `/` and for any other page a browser navigates to that is
 * not an API path (the app's router takes it from there), revalidated on every load and sent
 * with its security headers and the web configuration written into it (webConfigElement).
 * Without a build, pages answer 503 saying how to build it. Plain Express middleware ahead of
 * Nest's routes; API paths pass straight through.
 */
export function webAppMiddleware(config: ApiConfig) {
  const dist = resolve(config.WEB_DIST_DIR);
  const indexFile = join(dist, 'index.html');
  const assets = join(dist, 'assets');
  const pageHeaders = { ...webAppHeaders(config), 'Cache-Control': 'no-cache' };
  const configElement = webConfigElement(config);

  return (request: Request, response: Response, next: NextFunction): void => {
    const route = webRouteOf(request.method, request.path, request.header('accept'));
    // A file that is not there (or a path send refuses) is the API's 404; anything else an error.
    const fallThrough = (error?: Error & { status?: number; statusCode?: number }) => {
      if (!error) return;
      const status = error.status ?? error.statusCode ?? 500;
      if (response.headersSent) return;
      if (status < 500) next();
      else next(error);
    };
    switch (route) {
      case 'pass':
        return next();
      case 'asset':
        response.setHeader('X-Content-Type-Options', 'nosniff');
        return response.sendFile(
          request.path.slice(WEB_ASSETS_PREFIX.length),
          { root: assets, maxAge: ONE_YEAR_MS, immutable: true, dotfiles: 'deny' },
          fallThrough,
        );
      case 'file':
        if (request.path.toLowerCase() === '/index.html') break;
        response.setHeader('X-Content-Type-Options', 'nosniff');
        return response.sendFile(
          request.path.slice(1),
          { root: dist, cacheControl: false, headers: { 'Cache-Control': 'no-cache' }, dotfiles: 'deny' },
          fallThrough,
        );
    }
    if (!existsSync(indexFile)) {
      response.status(503).set(pageHeaders).type('html').send(notBuiltPage());
      return;
    }
    // Read on every load, as sendFile did: a rebuilt app is served without restarting the API.
    readFile(indexFile, 'utf8').then(
      (page) => {
        response
          .status(200)
          .set({ ...webAppHeaders(config, inlineScriptHashes(page)), 'Cache-Control': 'no-cache' })
          .type('html')
          .send(page.replace('</head>', `${configElement}</head>`));
      },
      (error: Error) => next(error),
    );
  };
}

/**
 * The CSP hashes ('sha256-...') of a page's inline scripts, those the build wrote into it (the
 * early request): the policy allows exactly these, so an injected script still does not run.
 * Data blocks (type="application/json") are not scripts and need none.
 */
export function inlineScriptHashes(page: string): string[] {
  return [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attributes]) => !/\bsrc\s*=/i.test(attributes) && !/\btype\s*=\s*"application\/json"/i.test(attributes))
    .map(([, , source]) => `sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}`);
}

/**
 * GET /web-config.json's answer as a JSON data block for index.html: the app reads it at once
 * instead of asking for it, a request that waited behind the page's own data in a busy API
 * (bench:web). A data block is not run, so the Content-Security-Policy (no inline script) holds;
 * `<` is escaped so that no value can close the element. Nothing when sign-in is not configured:
 * the app then asks /web-config.json, which says why.
 */
export function webConfigElement(config: ApiConfig): string {
  const webConfig = webConfigOf(config);
  if (!webConfig) return '';
  const json = JSON.stringify(webConfig).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${WEB_CONFIG_ELEMENT_ID}">${json}</script>`;
}

function notBuiltPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Suivi: the web app is not built</title></head>
<body>
<main>
<h1>The web app is not built</h1>
<p>Build it with <code>${WEB_BUILD_COMMAND}</code> (<code>npm start</code> builds it), then reload this page.
The API itself is at <a href="/v1">/v1</a>, its documentation at <a href="/docs">/docs</a>.</p>
</main>
</body>
</html>
`;
}
