import { backWith, startTestApp, TEST_UNSUBSCRIBE_TOKENS as TOKENS, type TestApp } from '../testing/test-app';
import { InMemoryPeopleStore } from './in-memory-people-store';
import type { PeopleStore } from './people-store';
import { PostgresPeopleStore } from './postgres-people-store';

/**
 * The one-click unsubscribe links of the notifier's e-mails (RFC 8058) over HTTP, with the real
 * app, guard and body handling over an in-memory store. No bearer token anywhere: the signed
 * token of the link is the only authority.
 */
describe('/v1/me/unsubscribe', () => {
  let testApp: TestApp;
  let store: InMemoryPeopleStore;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());
  beforeEach(async () => {
    jest.restoreAllMocks();
    store = new InMemoryPeopleStore();
    backWith<PeopleStore>(testApp.app.get(PostgresPeopleStore), store);
    // The person the links were sent to, as their first sign-in wrote them.
    await store.recordSignIn({
      userId: 'demo.delegation-vn',
      role: 'delegation',
      countries: ['VN'],
      displayName: 'Camille Martin',
      email: 'camille.martin@example.org',
      language: 'fr',
      timeZone: 'Asia/Ho_Chi_Minh',
      issuedAt: null,
      seenAt: new Date('2026-06-01T00:00:00Z'),
    });
  });

  const url = (token: string) => `${testApp.baseUrl}/v1/me/unsubscribe?token=${encodeURIComponent(token)}`;
  const oneClick = async (token: string, init: RequestInit = {}) => {
    const response = await fetch(url(token), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      ...init,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  const person = () => store.people.get('demo.delegation-vn');

  describe('POST (the mail client’s one click)', () => {
    it('stops all e-mail with a delivery-none link, idempotently, and answers the preferences', async () => {
      const first = await oneClick(TOKENS.delegationNone);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.body).toEqual({ action: 'delivery-none', delivery: 'none', dailyDigest: true });
      expect(person()).toMatchObject({ delivery: 'none', dailyDigest: true });

      const again = await oneClick(TOKENS.delegationNone);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('turns the daily digest off with a digest-off link, and nothing else', async () => {
      const response = await oneClick(TOKENS.delegationDigestOff);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ action: 'digest-off', delivery: 'digest', dailyDigest: false });
      expect(person()).toMatchObject({ delivery: 'digest', dailyDigest: false, language: 'fr' });
    });

    it('takes the body as multipart/form-data too, or no body at all', async () => {
      const form = new FormData();
      form.set('List-Unsubscribe', 'One-Click');
      expect((await oneClick(TOKENS.delegationDigestOff, { headers: {}, body: form })).status).toBe(200);
      expect((await oneClick(TOKENS.delegationNone, { headers: {}, body: undefined })).status).toBe(200);
      expect(person()).toMatchObject({ delivery: 'none', dailyDigest: false });
    });

    it('refuses a forged token (403), a malformed one (400) and a person not in the directory (404), as problems', async () => {
      for (const [token, status] of [
        [TOKENS.otherKey, 403],
        ['v1.not-a-token', 400],
        ['', 400],
      ] as const) {
        const refused = await oneClick(token);
        expect(refused.status).toBe(status);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(JSON.stringify(refused.body)).not.toContain('delegation-vn');
      }
      const ghost = await oneClick(TOKENS.ghostNone);
      expect(ghost.status).toBe(404);
      expect(ghost.body).toMatchObject({ code: 'PERSON_NOT_FOUND' });
      expect(person()).toMatchObject({ delivery: 'digest', dailyDigest: true });
    });

    it('refuses a body that is not a form (415), and a bearer token is neither needed nor looked at', async () => {
      expect((await oneClick(TOKENS.delegationNone, { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
      const withJunkAuth = await oneClick(TOKENS.delegationNone, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer junk' },
      });
      expect(withJunkAuth.status).toBe(200);
    });
  });

  describe('GET (a browser, or a mail scanner, following the link)', () => {
    it('sends the browser to the preferences page with the action, and changes nothing', async () => {
      const response = await fetch(url(TOKENS.delegationNone), { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/preferences?unsubscribe=delivery-none');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(person()).toMatchObject({ delivery: 'digest', dailyDigest: true });
      expect(store.signIns).toBe(1);
    });

    it('answers problem+json for a forged token (403), a malformed one or an unknown parameter (400)', async () => {
      for (const [address, status] of [
        [url(TOKENS.otherKey), 403],
        [`${url(TOKENS.delegationNone)}&utm=x`, 400],
        [url('nonsense'), 400],
      ] as const) {
        const response = await fetch(address, { redirect: 'manual' });
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });
  });

  it('is documented without a bearer token, and other methods answer 405', async () => {
    const document = (await (await fetch(`${testApp.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const path = document.paths['/v1/me/unsubscribe'];
    expect(Object.keys(path).sort()).toEqual(['get', 'post']);
    expect(path['post'].security).toEqual([]);
    expect(path['get'].security).toEqual([]);
    expect((await fetch(url(TOKENS.delegationNone), { method: 'DELETE' })).status).toBe(405);
  });
});
