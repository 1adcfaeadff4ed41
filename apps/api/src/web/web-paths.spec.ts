import { acceptsHtml, API_PATH_PREFIXES, isApiPath, webRouteOf } from './web-paths';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('which requests the web app answers', () => {
  it('leaves every API and operator path to the API, whatever it accepts', () => {
    for (const prefix of API_PATH_PREFIXES) {
      expect(webRouteOf('GET', prefix, BROWSER)).toBe('pass');
      expect(webRouteOf('GET', `${prefix}/anything/below`, BROWSER)).toBe('pass');
    }
    expect(webRouteOf('GET', '/V1/Cycles', BROWSER)).toBe('pass');
    expect(webRouteOf('GET', '/dev-issuer/interaction/abc', BROWSER)).toBe('pass');
    expect(isApiPath('/v1x')).toBe(false);
    expect(isApiPath('/docsy')).toBe(false);
    expect(isApiPath('/healthz')).toBe(false);
  });

  it("answers the app's pages a browser navigates to with index.html, so deep links load the app", () => {
    for (const path of ['/cycles/demo-vn-hrd-2026', '/auth/callback', '/dashboard', '/v1x', '/fr/cycles']) {
      expect(webRouteOf('GET', path, BROWSER)).toBe('app');
      expect(webRouteOf('HEAD', path, 'text/html')).toBe('app');
    }
    expect(webRouteOf('GET', '/', undefined)).toBe('app');
    expect(webRouteOf('GET', '/', '*/*')).toBe('app');
    expect(webRouteOf('GET', '/index.html', 'application/json')).toBe('app');
  });

  it('serves assets from assets/ and root files, and leaves anything else to the 404', () => {
    expect(webRouteOf('GET', '/assets/index-BDBbsPPa.js', '*/*')).toBe('asset');
    expect(webRouteOf('GET', '/assets/index-BDBbsPPa.js', BROWSER)).toBe('asset');
    expect(webRouteOf('GET', '/favicon.ico', 'image/*')).toBe('file');
    expect(webRouteOf('GET', '/cycles/abc', '*/*')).toBe('pass');
    expect(webRouteOf('GET', '/cycles/abc', 'application/json')).toBe('pass');
  });

  it('never answers other methods', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      expect(webRouteOf(method, '/', BROWSER)).toBe('pass');
      expect(webRouteOf(method, '/cycles/abc', BROWSER)).toBe('pass');
    }
  });

  it('reads an explicit HTML media range, not a wildcard, and honours q=0', () => {
    expect(acceptsHtml(BROWSER)).toBe(true);
    expect(acceptsHtml('application/xhtml+xml')).toBe(true);
    expect(acceptsHtml('TEXT/HTML; charset=utf-8')).toBe(true);
    expect(acceptsHtml('*/*')).toBe(false);
    expect(acceptsHtml('text/*')).toBe(false);
    expect(acceptsHtml('application/json, text/html;q=0')).toBe(false);
    expect(acceptsHtml(undefined)).toBe(false);
  });
});
