import { backWith, startTestApp, type TestApp, type TestTokenOptions } from '../testing/test-app';
import { InMemoryPeopleStore } from './in-memory-people-store';
import type { NotificationRecord, PeopleStore } from './people-store';
import { PostgresPeopleStore } from './postgres-people-store';

/**
 * The people routes over HTTP with the real app, guard, interceptor and validation; PostgreSQL
 * is replaced by an in-memory store (unit tier; people.int-spec.ts runs them on PostgreSQL).
 */
describe('people routes', () => {
  let testApp: TestApp;
  let store: InMemoryPeopleStore;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());
  beforeEach(() => {
    jest.restoreAllMocks();
    store = new InMemoryPeopleStore();
    backWith<PeopleStore>(testApp.app.get(PostgresPeopleStore), store);
  });

  const call = async (
    method: string,
    path: string,
    token: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${testApp.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & {
        items?: Array<Record<string, unknown>>;
      },
    };
  };
  const token = (options: TestTokenOptions) => testApp.token(options);
  const reviewer = () => token({ userId: 'demo.reviewer', role: 'reviewer' });
  const deskVn = () => token({ userId: 'demo.desk-officer', role: 'desk-officer', countries: ['VN', 'LK', 'BD'] });
  const delegationVn = () => token({ userId: 'demo.delegation-vn', role: 'delegation', countries: ['VN'] });
  const deskKh = () => token({ userId: 'demo.desk-officer-kh', role: 'desk-officer', countries: ['KH'] });
  /** Signs the demo users in once each, as their first requests would. */
  const signInAll = async () => {
    for (const t of await Promise.all([reviewer(), deskVn(), delegationVn(), deskKh()])) {
      expect((await call('GET', '/v1/me', t)).status).toBe(200);
    }
  };

  describe('GET and PATCH /v1/me', () => {
    it("answers the caller's row, filled from the token's claims at the first request", async () => {
      const response = await call('GET', '/v1/me', await delegationVn(), { headers: { 'accept-language': 'fr' } });

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-language')).toBe('fr');
      expect(response.body).toEqual({
        userId: 'demo.delegation-vn',
        displayName: 'Camille Martin',
        email: 'camille.martin@example.org',
        language: 'fr',
        timeZone: 'Asia/Ho_Chi_Minh',
        delivery: 'digest',
        dailyDigest: true,
        chosen: { language: false, timeZone: false },
        role: { code: 'delegation', label: 'Délégation de l’UE' },
        countries: ['VN'],
        assignments: [],
        lastSeenAt: expect.any(String),
      });
    });

    it('writes the directory once per token, not at each request, and never fails a request for it', async () => {
      const first = await reviewer();
      for (let i = 0; i < 3; i++) expect((await call('GET', '/v1', first)).status).toBe(200);
      await call('GET', '/v1/me', first);
      expect(store.signIns).toBe(1);
      await call('GET', '/v1', await reviewer());
      await call('GET', '/v1/me', first);
      expect(store.signIns).toBe(2);

      jest.spyOn(testApp.app.get(PostgresPeopleStore), 'recordSignIn').mockRejectedValue(new Error('database down'));
      expect((await call('GET', '/v1', await deskKh())).status).toBe(200);
      const me = await call('GET', '/v1/me', await deskKh());
      expect(me.status).toBe(503);
      expect(me.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it("keeps the user's own language and zone over later sign-ins' claims, until they withdraw the choice", async () => {
      const patched = await call('PATCH', '/v1/me', await deskKh(), {
        body: { language: 'en', timeZone: 'Asia/Phnom_Penh', delivery: 'immediate' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        language: 'en',
        timeZone: 'Asia/Phnom_Penh',
        delivery: 'immediate',
        chosen: { language: true, timeZone: true },
      });

      // A new token (Sophie Laurent's claims say fr, Europe/Brussels) changes neither.
      const later = await call('GET', '/v1/me', await deskKh());
      expect(later.body).toMatchObject({ language: 'en', timeZone: 'Asia/Phnom_Penh', delivery: 'immediate' });

      const quiet = await call('PATCH', '/v1/me', await deskKh(), { body: { delivery: 'none', dailyDigest: false } });
      expect(quiet.body).toMatchObject({ delivery: 'none', dailyDigest: false });

      const withdrawn = await call('PATCH', '/v1/me', await deskKh(), {
        body: { language: null, delivery: null, dailyDigest: null },
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({
        language: 'fr',
        timeZone: 'Asia/Phnom_Penh',
        delivery: 'digest',
        dailyDigest: true,
        chosen: { language: false, timeZone: true },
      });
      expect((await call('PATCH', '/v1/me', await deskKh(), { body: {} })).body).toMatchObject({ language: 'fr' });
    });

    it.each([
      [{ language: 'de' }, '#/language'],
      [{ timeZone: 'Europe/Atlantis' }, '#/timeZone'],
      [{ delivery: 'weekly' }, '#/delivery'],
      [{ dailyDigest: 'yes' }, '#/dailyDigest'],
      [{ email: 'someone@example.org' }, '#/email'],
    ])('refuses %j with 400 naming %s, and changes nothing', async (body, pointer) => {
      const t = await deskVn();
      const response = await call('PATCH', '/v1/me', t, { body });
      expect(response.status).toBe(400);
      expect(response.body['errors']).toEqual([expect.objectContaining({ pointer })]);
      expect((await call('GET', '/v1/me', t)).body).toMatchObject({ language: 'en', delivery: 'digest' });
    });

    it('refuses a body that is not JSON (415) and an unknown query parameter (400)', async () => {
      const t = await deskVn();
      const plain = await call('PATCH', '/v1/me', t, {
        headers: { 'content-type': 'text/plain' },
        body: 'language=fr',
      });
      expect(plain.status).toBe(415);
      expect((await call('GET', '/v1/me?verbose=true', t)).status).toBe(400);
    });

    it('refuses a PATCH without a body (400): an empty patch is {}', async () => {
      const t = await deskVn();
      const none = await call('PATCH', '/v1/me', t);
      expect(none.status).toBe(400);
      expect(String(none.body['detail'])).toMatch(/merge patch/);
    });
  });

  describe('the inbox', () => {
    const notification = (userId: string, id: string, createdAt: string, read = false): NotificationRecord => ({
      notificationId: `VN-HRD-2026:${id}:${userId}`,
      userId,
      kind: 'BEFORE_DEADLINE',
      cycleId: 'VN-HRD-2026',
      country: 'VN',
      actionPointId: 'AP1',
      sourceEventId: `VN-HRD-2026:${id}`,
      recipientRole: 'DELEGATION',
      unassigned: false,
      deadline: '2026-06-30',
      dueAt: new Date('2026-06-23T02:00:00Z'),
      data: { reminderKey: 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P7D', offset: 'P7D' },
      createdAt: new Date(createdAt),
      readAt: read ? new Date(createdAt) : null,
    });

    beforeEach(() => {
      store.inbox.push(
        notification('demo.delegation-vn', '10', '2026-06-01T00:00:00Z'),
        notification('demo.delegation-vn', '11', '2026-06-02T00:00:00Z', true),
        notification('demo.delegation-vn', '12', '2026-06-03T00:00:00Z'),
        notification('demo.reviewer', '12', '2026-06-03T00:00:00Z'),
      );
    });

    it('lists your notifications unread first, then newest, labelled, with the unread count', async () => {
      const response = await call('GET', '/v1/me/notifications', await delegationVn(), {
        headers: { 'accept-language': 'fr' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body).toMatchObject({ page: 1, pageSize: 20, total: 3, unread: 2 });
      expect(response.body.items?.map((n) => n['notificationId'])).toEqual([
        'VN-HRD-2026:12:demo.delegation-vn',
        'VN-HRD-2026:10:demo.delegation-vn',
        'VN-HRD-2026:11:demo.delegation-vn',
      ]);
      expect(response.body.items?.[0]).toEqual({
        notificationId: 'VN-HRD-2026:12:demo.delegation-vn',
        kind: { code: 'BEFORE_DEADLINE', label: 'Échéance proche' },
        cycleId: 'VN-HRD-2026',
        country: 'VN',
        actionPointId: 'AP1',
        recipientRole: { code: 'DELEGATION', label: 'Délégation de l’UE' },
        unassigned: false,
        deadline: '2026-06-30',
        dueAt: '2026-06-23T02:00:00.000Z',
        data: { reminderKey: 'ap:AP1|2026-06-30|BEFORE_DEADLINE|P7D', offset: 'P7D' },
        createdAt: '2026-06-03T00:00:00.000Z',
        readAt: null,
      });

      const unread = await call('GET', '/v1/me/notifications?unread=true&pageSize=1', await delegationVn());
      expect(unread.body).toMatchObject({ total: 2, unread: 2, pageSize: 1 });
      expect(unread.body.items).toHaveLength(1);
      expect((await call('GET', '/v1/me/notifications?unread=maybe', await delegationVn())).status).toBe(400);
    });

    it("marks one read (204, again harmless), answers 404 for another person's, and marks all read", async () => {
      const t = await delegationVn();
      const id = encodeURIComponent('VN-HRD-2026:10:demo.delegation-vn');
      expect((await call('POST', `/v1/me/notifications/${id}/read`, t)).status).toBe(204);
      expect((await call('POST', `/v1/me/notifications/${id}/read`, t)).status).toBe(204);
      expect((await call('GET', '/v1/me/notifications', t)).body).toMatchObject({ unread: 1 });

      const others = encodeURIComponent('VN-HRD-2026:12:demo.reviewer');
      const refused = await call('POST', `/v1/me/notifications/${others}/read`, t);
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
      expect(store.inbox.find((n) => n.userId === 'demo.reviewer')?.readAt).toBeNull();

      const all = await call('POST', '/v1/me/notifications/read-all', t);
      expect(all.status).toBe(200);
      expect(all.body).toEqual({ marked: 1 });
      expect((await call('GET', '/v1/me/notifications?unread=true', t)).body).toMatchObject({ total: 0, unread: 0 });
    });
  });

  describe('the directory and country assignments', () => {
    it('shows reviewers and auditors everybody, and desk officers and delegations their countries’ people', async () => {
      await signInAll();
      const all = await call('GET', '/v1/people', await reviewer());
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 4 });
      expect(all.body.items?.map((p) => p['displayName'])).toEqual([
        'Anna Keller',
        'Camille Martin',
        'Jonas Berg',
        'Sophie Laurent',
      ]);
      const auditor = await token({ userId: 'demo.auditor', role: 'auditor' });
      expect((await call('GET', '/v1/people?role=desk-officer', auditor)).body).toMatchObject({ total: 2 });

      const ownCountries = await call('GET', '/v1/people', await delegationVn());
      expect(ownCountries.body.items?.map((p) => p['userId'])).toEqual(['demo.desk-officer', 'demo.delegation-vn']);
      expect((await call('GET', '/v1/people?country=KH', await delegationVn())).status).toBe(403);
      const kh = await call('GET', '/v1/people?country=KH', await reviewer());
      expect(kh.body.items?.map((p) => p['userId'])).toEqual(['demo.desk-officer-kh']);
    });

    it('lets reviewers assign people who qualify, idempotently, and shows who receives what', async () => {
      await signInAll();
      const rev = await reviewer();
      const put = (path: string, t = rev) => call('PUT', `/v1/countries/${path}`, t);

      const created = await put('vn/assignments/DELEGATION/demo.delegation-vn');
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        country: 'VN',
        assignment: { code: 'DELEGATION', label: 'EU delegation' },
        userId: 'demo.delegation-vn',
        displayName: 'Camille Martin',
        assignedBy: 'demo.reviewer',
        assignedAt: expect.any(String),
      });
      const again = await put('VN/assignments/DELEGATION/demo.delegation-vn');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(created.body);
      expect(store.assignments).toHaveLength(1);
      expect((await put('VN/assignments/REVIEWER/demo.reviewer')).status).toBe(201);

      const view = await call('GET', '/v1/countries/VN/assignments', await deskVn());
      expect(view.status).toBe(200);
      expect(view.body['recipients']).toEqual({
        DELEGATION: { userIds: ['demo.delegation-vn'], unassigned: false, source: 'ASSIGNED' },
        DESK_OFFICER: { userIds: ['demo.reviewer'], unassigned: true, source: 'COUNTRY_REVIEWERS' },
        REVIEWER: { userIds: ['demo.reviewer'], unassigned: false, source: 'ASSIGNED' },
      });
      expect((await call('GET', '/v1/countries/KH/assignments', await deskVn())).status).toBe(403);
      expect((await call('GET', '/v1/me', await delegationVn())).body['assignments']).toEqual([
        { country: 'VN', assignment: { code: 'DELEGATION', label: 'EU delegation' } },
      ]);

      expect((await call('DELETE', '/v1/countries/VN/assignments/DELEGATION/demo.delegation-vn', rev)).status).toBe(
        204,
      );
      expect((await call('DELETE', '/v1/countries/VN/assignments/DELEGATION/demo.delegation-vn', rev)).status).toBe(
        204,
      );
      expect(store.assignments.map((a) => a.assignment)).toEqual(['REVIEWER']);
    });

    it('refuses assignments to non-reviewers (403), unknown people (404) and people who do not qualify (422)', async () => {
      await signInAll();
      const rev = await reviewer();
      const put = async (path: string, t = rev) => call('PUT', `/v1/countries/${path}`, t);

      const forbidden = await put('VN/assignments/DELEGATION/demo.delegation-vn', await deskVn());
      expect(forbidden.status).toBe(403);
      expect(
        (await call('DELETE', '/v1/countries/VN/assignments/DELEGATION/demo.delegation-vn', await deskVn())).status,
      ).toBe(403);
      const unknown = await put('VN/assignments/DELEGATION/nobody');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'PERSON_NOT_FOUND' });
      for (const path of [
        'KH/assignments/DELEGATION/demo.delegation-vn',
        'VN/assignments/DESK_OFFICER/demo.delegation-vn',
        'VN/assignments/DESK_OFFICER/demo.desk-officer-kh',
        'VN/assignments/REVIEWER/demo.desk-officer',
      ]) {
        const refused = await put(path);
        expect(refused.status).toBe(422);
        expect(refused.body).toMatchObject({ code: 'ASSIGNEE_NOT_ELIGIBLE' });
      }
      const badRole = await put('VN/assignments/MINISTER/demo.delegation-vn');
      expect(badRole.status).toBe(400);
      expect(badRole.body['errors']).toEqual([expect.objectContaining({ parameter: 'assignment' })]);
      expect(store.assignments).toHaveLength(0);
    });
  });

  describe('GET /v1/unassigned-reminders', () => {
    /** A reminder nobody held the role for: the notifier gave it to each reviewer, marked unassigned. */
    const unassigned = (userId: string, event: string, country: string, createdAt: string): NotificationRecord => ({
      notificationId: `${event}:${userId}`,
      userId,
      kind: 'ON_DEADLINE',
      cycleId: event.split(':')[0],
      country,
      actionPointId: null,
      sourceEventId: event,
      recipientRole: 'DESK_OFFICER',
      unassigned: true,
      deadline: '2026-06-30',
      dueAt: new Date('2026-06-30T01:00:00Z'),
      data: {},
      createdAt: new Date(createdAt),
      readAt: null,
    });

    beforeEach(() => {
      store.inbox.push(
        unassigned('demo.reviewer', 'VN-HRD-2026:7', 'VN', '2026-06-30T01:00:00Z'),
        unassigned('rev-2', 'VN-HRD-2026:7', 'VN', '2026-06-30T01:00:01Z'),
        unassigned('demo.reviewer', 'KH-HRD-2026:3', 'KH', '2026-07-01T01:00:00Z'),
        { ...unassigned('demo.reviewer', 'VN-HRD-2026:8', 'VN', '2026-07-02T00:00:00Z'), unassigned: false },
      );
    });

    it('lists each reminder once, newest first, labelled, for whoever may read its country', async () => {
      const all = await call('GET', '/v1/unassigned-reminders', await reviewer(), {
        headers: { 'accept-language': 'fr' },
      });
      expect(all.status).toBe(200);
      expect(all.headers.get('cache-control')).toBe('no-store');
      expect(all.body.items?.map((r) => r['sourceEventId'])).toEqual(['KH-HRD-2026:3', 'VN-HRD-2026:7']);
      expect(all.body.items?.[1]).toEqual({
        sourceEventId: 'VN-HRD-2026:7',
        cycleId: 'VN-HRD-2026',
        country: 'VN',
        kind: { code: 'ON_DEADLINE', label: 'Échéance aujourd’hui' },
        recipientRole: { code: 'DESK_OFFICER', label: expect.any(String) },
        deadline: '2026-06-30',
        dueAt: '2026-06-30T01:00:00.000Z',
        actionPointId: null,
      });
      const vn = await call('GET', '/v1/unassigned-reminders?country=vn', await reviewer());
      expect(vn.body.items?.map((r) => r['sourceEventId'])).toEqual(['VN-HRD-2026:7']);

      const own = await call('GET', '/v1/unassigned-reminders', await deskKh());
      expect(own.body.items?.map((r) => r['sourceEventId'])).toEqual(['KH-HRD-2026:3']);
      expect((await call('GET', '/v1/unassigned-reminders?country=VN', await deskKh())).status).toBe(403);
      expect((await call('GET', '/v1/unassigned-reminders?country=Narnia', await reviewer())).status).toBe(400);
      expect((await call('GET', '/v1/unassigned-reminders?page=2', await reviewer())).status).toBe(400);
    });
  });
});
