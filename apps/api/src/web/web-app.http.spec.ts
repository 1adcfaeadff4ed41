import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../testing/test-app';

const INDEX =
  '<!doctype html><html lang="en"><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the web app served by the API', () => {
  let dist: string;
  let testApp: TestApp;
  const get = (path: string, accept = BROWSER) => fetch(`${testApp.baseUrl}${path}`, { headers: { accept } });

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'suivi-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log("suivi");\n');
    writeFileSync(join(dist, 'favicon.ico'), 'icon');
    testApp = await startTestApp({ env: { WEB_DIST_DIR: dist, API_PUBLIC_URL: 'http://127.0.0.1:3000' } });
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(dist, { recursive: true, force: true });
  });

  function expectAppPage(response: Response) {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  }

  /** index.html as the API serves it: the web configuration written in as a JSON data block. */
  async function servedIndex(): Promise<string> {
    const webConfig = await (await get('/web-config.json', 'application/json')).text();
    return INDEX.replace(
      '</head>',
      `<script type="application/json" id="suivi-web-config">${webConfig}</script></head>`,
    );
  }

  it('serves index.html at / with its security headers, revalidated on every load', async () => {
    const response = await get('/', '*/*');
    expectAppPage(response);
    expect(await response.text()).toBe(await servedIndex());
  });

  it('writes the web configuration into the page, as /web-config.json answers it (the app need not ask)', async () => {
    const page = await (await get('/')).text();
    const block = /<script type="application\/json" id="suivi-web-config">(.*?)<\/script>/.exec(page);
    expect(JSON.parse(block?.[1] ?? 'null')).toEqual(await (await get('/web-config.json', 'application/json')).json());
    expect(block?.[1]).not.toContain('<');
  });

  it("allows the page's own inline script by its hash, and no other", async () => {
    const early = 'window.early=1;';
    writeFileSync(join(dist, 'index.html'), INDEX.replace('<head>', `<head><script>${early}</script>`));
    try {
      const response = await get('/');
      expectAppPage(response);
      const hash = createHash('sha256').update(early).digest('base64');
      const scriptSrc = /script-src ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
      // The configuration's data block is not a script: no hash for it.
      expect(scriptSrc).toBe(`'self' 'sha256-${hash}'`);
      expect(await response.text()).toContain(`<script>${early}</script>`);
    } finally {
      writeFileSync(join(dist, 'index.html'), INDEX);
    }
  });

  it('serves a rebuilt index.html without a restart', async () => {
    const rebuilt = INDEX.replace('app-abc123.js', 'app-def456.js');
    writeFileSync(join(dist, 'index.html'), rebuilt);
    try {
      expect(await (await get('/')).text()).toContain('app-def456.js');
    } finally {
      writeFileSync(join(dist, 'index.html'), INDEX);
    }
  });

  it("answers a browser's deep link (a cycle, the sign-in callback) with the app", async () => {
    for (const path of ['/cycles/demo-vn-hrd-2026', '/auth/callback?code=abc&state=xyz']) {
      const response = await get(path);
      expectAppPage(response);
      expect(await response.text()).toBe(await servedIndex());
    }
  });

  it('serves content-hashed assets for a year, immutable', async () => {
    const response = await get('/assets/app-abc123.js', '*/*');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toContain('suivi');
    const favicon = await get('/favicon.ico', 'image/*');
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('cache-control')).toBe('no-cache');
  });

  it('keeps the problem+json 404 for missing assets, API paths and non-HTML requests', async () => {
    for (const [path, accept] of [
      ['/assets/missing.js', '*/*'],
      ['/assets/..%2findex.html', '*/*'],
      ['/v1/nothing-here', BROWSER],
      ['/dev-issuer/anything', BROWSER],
      ['/cycles/abc', 'application/json'],
    ]) {
      const response = await get(path, accept);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await get('/health/live')).status).toBe(200);
    expect((await get('/openapi.json')).headers.get('content-type')).toMatch(/json/);
  });

  it('tells the web app where its users sign in: the development provider here', async () => {
    const response = await get('/web-config.json', 'application/json');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.json()).toEqual({
      oidc: {
        authority: 'http://127.0.0.1:3000/dev-issuer',
        clientId: 'suivi-web',
        scope: 'openid profile email offline_access',
      },
      devIssuer: true,
    });
    const document = (await (await get('/openapi.json', 'application/json')).json()) as { paths: object };
    expect(Object.keys(document.paths).filter((p) => /web-config|dev-issuer/.test(p))).toEqual([]);
  });
});

describe('the web app when it is not built, or signs in elsewhere', () => {
  let testApp: TestApp;
  let missing: string;

  beforeAll(async () => {
    missing = mkdtempSync(join(tmpdir(), 'suivi-web-missing-'));
    testApp = await startTestApp({
      devIssuerDir: false,
      env: {
        AUTH_JWKS_URL: 'https://id.example.eu/realms/suivi/protocol/openid-connect/certs',
        AUTH_ISSUER: 'https://id.example.eu/realms/suivi',
        WEB_OIDC_AUTHORITY: 'https://id.example.eu/realms/suivi',
        WEB_OIDC_CLIENT_ID: 'suivi-web-prod',
        WEB_DIST_DIR: join(missing, 'web'),
      },
    });
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(missing, { recursive: true, force: true });
  });

  it('answers 503 saying which command builds it', async () => {
    const response = await fetch(`${testApp.baseUrl}/`, { headers: { accept: BROWSER } });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('npx nx build web');
  });

  it("points the web app at the organisation's provider, which its pages may reach", async () => {
    const response = await fetch(`${testApp.baseUrl}/web-config.json`);
    expect(await response.json()).toEqual({
      oidc: {
        authority: 'https://id.example.eu/realms/suivi',
        clientId: 'suivi-web-prod',
        scope: 'openid profile email offline_access',
      },
      devIssuer: false,
    });
    const csp = (await fetch(`${testApp.baseUrl}/`)).headers.get('content-security-policy');
    expect(csp).toContain("connect-src 'self' https://id.example.eu");
    expect(csp).toContain("frame-src 'self' https://id.example.eu");
  });
});

describe('the web app configuration without any provider', () => {
  it('answers 503 rather than pointing the app nowhere', async () => {
    const testApp = await startTestApp({
      devIssuerDir: false,
      env: { AUTH_JWKS_URL: 'https://id.example.eu/certs' },
    });
    try {
      const response = await fetch(`${testApp.baseUrl}/web-config.json`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await response.json()) as { detail: string }).toMatchObject({
        detail: expect.stringContaining('WEB_OIDC_AUTHORITY'),
      });
    } finally {
      await testApp.close();
    }
  });
});
