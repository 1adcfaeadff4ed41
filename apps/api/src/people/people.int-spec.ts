import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPool, migrateUp } from '@suivi/postgres';
import { scratchDatabase } from '@suivi/test-support';
import { runner } from 'node-pg-migrate';
import type { Pool } from 'pg';
import type { PostgresPoolService } from '../clients/postgres-pool.service';
import { startTestApp, type TestApp } from '../testing/test-app';
import type { SignInRecord } from './claims';
import { PostgresPeopleStore } from './postgres-people-store';
import { resolveRecipients } from '@suivi/notifications/recipients';

/**
 * The people directory, the assignments and the inbox on the integration tier's real
 * PostgreSQL: the API's migrations on a fresh database, the store's SQL, and the routes of the
 * real app over that database.
 */

const apiMigrations = join(__dirname, '..', '..', 'migrations');
const migrationsTable = 'api_pgmigrations';

let databaseUrl: string;
let pool: Pool;
let store: PostgresPeopleStore;

const at = (iso: string) => new Date(iso);
const signIn = (overrides: Partial<SignInRecord> & Pick<SignInRecord, 'userId' | 'role'>): SignInRecord => ({
  countries: [],
  displayName: null,
  email: null,
  language: null,
  timeZone: null,
  issuedAt: at('2026-03-01T08:00:00Z'),
  seenAt: at('2026-03-01T08:00:05Z'),
  ...overrides,
});

/** As the notifier writes them: one row per event and recipient, a redelivery adding nothing. */
async function notify(userId: string, sequence: number, createdAt: string, readAt: string | null = null) {
  await pool.query(
    `INSERT INTO api.notifications (notification_id, user_id, kind, cycle_id, country, action_point_id,
       source_event_id, recipient_role, deadline, due_at, data, created_at, read_at)
     VALUES ($1 || ':' || $2, $2, 'BEFORE_DEADLINE', 'VN-HRD-2026', 'VN', 'AP1', $1, 'DELEGATION', '2026-06-30',
       '2026-06-23T02:00:00Z', '{"offset":"P7D"}', $3, $4)
     ON CONFLICT (notification_id) DO NOTHING`,
    [`VN-HRD-2026:${sequence}`, userId, createdAt, readAt],
  );
}

beforeAll(async () => {
  databaseUrl = await scratchDatabase('int_people');
  await migrateUp({ databaseUrl, dir: apiMigrations, migrationsTable });
  pool = createPool(databaseUrl);
  store = new PostgresPeopleStore({ pool } as PostgresPoolService);
});

afterAll(async () => {
  await pool?.end();
});

describe('the people directory on PostgreSQL', () => {
  it('creates a row at the first sign-in and refreshes it from later ones, keeping what a token does not say', async () => {
    await store.recordSignIn(
      signIn({
        userId: 'anna',
        role: 'desk-officer',
        countries: ['VN', 'LK'],
        displayName: 'Anna Keller',
        email: 'anna.keller@example.org',
        language: 'en',
        timeZone: 'Europe/Brussels',
      }),
    );
    const first = await store.find('anna');
    expect(first).toMatchObject({
      displayName: 'Anna Keller',
      email: 'anna.keller@example.org',
      language: 'en',
      timeZone: 'Europe/Brussels',
      role: 'desk-officer',
      countries: ['VN', 'LK'],
      delivery: 'digest',
      languageChosen: false,
      timeZoneChosen: false,
    });

    // A later token without profile claims (npm run token for a user of one's own) changes scope only.
    await store.recordSignIn(
      signIn({
        userId: 'anna',
        role: 'desk-officer',
        countries: ['VN'],
        issuedAt: at('2026-03-01T09:00:00Z'),
        seenAt: at('2026-03-01T09:00:01Z'),
      }),
    );
    expect(await store.find('anna')).toMatchObject({
      displayName: 'Anna Keller',
      email: 'anna.keller@example.org',
      language: 'en',
      countries: ['VN'],
      lastSeenAt: at('2026-03-01T09:00:01Z'),
    });
  });

  it("lets the person's own language and zone win over claims, and an older token change nothing", async () => {
    const base = { userId: 'camille', role: 'delegation' as const, countries: ['VN'] };
    await store.recordSignIn(signIn({ ...base, language: 'fr', timeZone: 'Asia/Ho_Chi_Minh' }));
    await store.updatePreferences('camille', {
      language: { value: 'en', chosen: true },
      timeZone: { value: 'Europe/Paris', chosen: true },
      delivery: 'immediate',
    });
    await store.recordSignIn(
      signIn({
        ...base,
        displayName: 'Camille Martin',
        language: 'fr',
        timeZone: 'Asia/Ho_Chi_Minh',
        issuedAt: at('2026-03-02T08:00:00Z'),
        seenAt: at('2026-03-02T08:00:00Z'),
      }),
    );
    expect(await store.find('camille')).toMatchObject({
      displayName: 'Camille Martin',
      language: 'en',
      timeZone: 'Europe/Paris',
      delivery: 'immediate',
      languageChosen: true,
      timeZoneChosen: true,
      preferencesSetAt: expect.any(Date),
    });

    // A token issued before the one the row holds (another tab) neither narrows the scope nor renames.
    await store.recordSignIn(
      signIn({
        ...base,
        countries: ['LK'],
        displayName: 'C. Martin',
        issuedAt: at('2026-03-01T07:00:00Z'),
        seenAt: at('2026-03-02T09:00:00Z'),
      }),
    );
    expect(await store.find('camille')).toMatchObject({
      countries: ['VN'],
      displayName: 'Camille Martin',
      lastSeenAt: at('2026-03-02T09:00:00Z'),
    });

    // Withdrawn: the next sign-in's claims apply again.
    await store.updatePreferences('camille', { language: { value: 'fr', chosen: false } });
    expect(await store.find('camille')).toMatchObject({ language: 'fr', languageChosen: false, timeZoneChosen: true });
  });

  it('moves updated_at only when something other than the last sign-in changed', async () => {
    await store.recordSignIn(signIn({ userId: 'jonas', role: 'reviewer', displayName: 'Jonas Berg' }));
    const { rows: before } = await pool.query<{ updated_at: Date }>(
      "SELECT updated_at FROM api.people WHERE user_id = 'jonas'",
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.recordSignIn(
      signIn({ userId: 'jonas', role: 'reviewer', displayName: 'Jonas Berg', seenAt: at('2026-03-03T00:00:00Z') }),
    );
    const { rows: after } = await pool.query<{ updated_at: Date; last_seen_at: Date }>(
      "SELECT updated_at, last_seen_at FROM api.people WHERE user_id = 'jonas'",
    );
    expect(after[0].updated_at).toEqual(before[0].updated_at);
    expect(after[0].last_seen_at).toEqual(at('2026-03-03T00:00:00Z'));
    await store.updatePreferences('jonas', { delivery: 'immediate' });
    const { rows: changed } = await pool.query<{ updated_at: Date }>(
      "SELECT updated_at FROM api.people WHERE user_id = 'jonas'",
    );
    expect(changed[0].updated_at.getTime()).toBeGreaterThan(before[0].updated_at.getTime());
  });

  it('keeps delivery none and the daily digest choice (issue 17), and moves updated_at for them', async () => {
    const updatedAt = async () =>
      (await pool.query<{ t: string }>("SELECT updated_at::text AS t FROM api.people WHERE user_id = 'jonas'")).rows[0]
        .t;
    await store.updatePreferences('jonas', { delivery: 'none', dailyDigest: false });
    expect(await store.find('jonas')).toMatchObject({ delivery: 'none', dailyDigest: false });
    const before = await updatedAt();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.updatePreferences('jonas', { dailyDigest: true });
    expect(await store.find('jonas')).toMatchObject({ delivery: 'none', dailyDigest: true });
    expect(await updatedAt()).not.toBe(before);
  });

  it('refuses values outside the vocabularies, whatever writes them', async () => {
    await expect(
      pool.query("INSERT INTO api.people (user_id, role, language) VALUES ('x', 'reviewer', 'de')"),
    ).rejects.toThrow(/check constraint/);
    await expect(pool.query("INSERT INTO api.people (user_id, role) VALUES ('x', 'minister')")).rejects.toThrow(
      /check constraint/,
    );
    await expect(pool.query("UPDATE api.people SET delivery = 'weekly' WHERE user_id = 'jonas'")).rejects.toThrow(
      /check constraint/,
    );
  });
});

describe('country assignments on PostgreSQL', () => {
  beforeAll(async () => {
    await store.recordSignIn(signIn({ userId: 'nimal', role: 'delegation', countries: ['LK'] }));
    await store.recordSignIn(signIn({ userId: 'rev-2', role: 'reviewer', displayName: 'Aino Virtanen' }));
  });

  it('assigns idempotently, keeping the first assignment as it was, and removes', async () => {
    const first = await store.assign({ country: 'LK', assignment: 'DELEGATION', userId: 'nimal', assignedBy: 'jonas' });
    expect(first).toEqual({
      created: true,
      record: {
        country: 'LK',
        assignment: 'DELEGATION',
        userId: 'nimal',
        assignedBy: 'jonas',
        assignedAt: expect.any(Date),
      },
    });
    const again = await store.assign({ country: 'LK', assignment: 'DELEGATION', userId: 'nimal', assignedBy: 'rev-2' });
    expect(again).toEqual({ created: false, record: first.record });
    expect(await store.assignmentsOfCountry('LK')).toEqual([first.record]);

    expect(await store.unassign('LK', 'DELEGATION', 'nimal')).toBe(true);
    expect(await store.unassign('LK', 'DELEGATION', 'nimal')).toBe(false);
    expect(await store.assignmentsOfCountry('LK')).toEqual([]);
  });

  it('refuses an assignment of someone not in the directory', async () => {
    await expect(
      store.assign({ country: 'LK', assignment: 'REVIEWER', userId: 'ghost', assignedBy: 'jonas' }),
    ).rejects.toThrow(/foreign key/);
  });

  it('finds people by country scope or assignment, by role, a page at a time, and resolves recipients from it', async () => {
    await store.assign({ country: 'LK', assignment: 'REVIEWER', userId: 'rev-2', assignedBy: 'jonas' });
    const lk = await store.list({ countries: ['LK'], page: 1, pageSize: 20 });
    expect(lk.rows.map((p) => p.userId)).toEqual(['rev-2', 'nimal']);
    expect(lk.total).toBe(2);
    const reviewers = await store.list({ countries: null, roles: ['reviewer'], page: 1, pageSize: 1 });
    expect(reviewers).toMatchObject({ total: 2, rows: [{ userId: 'rev-2' }] });
    expect((await store.list({ countries: null, roles: ['reviewer'], page: 2, pageSize: 1 })).rows).toMatchObject([
      { userId: 'jonas' },
    ]);

    const assignments = await store.assignmentsOfCountry('LK');
    const people = [...(await store.findMany(['nimal'])), ...(await store.withRoles(['reviewer']))];
    expect(resolveRecipients('LK', 'DELEGATION', { assignments, people })).toEqual({
      userIds: ['rev-2'],
      unassigned: true,
      source: 'COUNTRY_REVIEWERS',
    });
    expect(resolveRecipients('BD', 'DESK_OFFICER', { assignments, people })).toMatchObject({
      userIds: ['jonas', 'rev-2'],
      source: 'ALL_REVIEWERS',
    });
  });
});

describe('the inbox on PostgreSQL', () => {
  beforeAll(async () => {
    await notify('camille', 10, '2026-06-01T00:00:00Z');
    await notify('camille', 11, '2026-06-02T00:00:00Z', '2026-06-02T10:00:00Z');
    await notify('camille', 12, '2026-06-03T00:00:00Z');
    await notify('camille', 12, '2026-06-04T00:00:00Z');
    await notify('anna', 12, '2026-06-03T00:00:00Z');
  });

  it('lists unread first, then newest, with the counts; a redelivered event added nothing', async () => {
    const all = await store.notifications('camille', { page: 1, pageSize: 20 });
    expect(all.rows.map((n) => n.notificationId)).toEqual([
      'VN-HRD-2026:12:camille',
      'VN-HRD-2026:10:camille',
      'VN-HRD-2026:11:camille',
    ]);
    expect(all).toMatchObject({ total: 3, unread: 2 });
    expect(all.rows[0]).toEqual({
      notificationId: 'VN-HRD-2026:12:camille',
      userId: 'camille',
      kind: 'BEFORE_DEADLINE',
      cycleId: 'VN-HRD-2026',
      country: 'VN',
      actionPointId: 'AP1',
      sourceEventId: 'VN-HRD-2026:12',
      recipientRole: 'DELEGATION',
      unassigned: false,
      deadline: '2026-06-30',
      dueAt: at('2026-06-23T02:00:00Z'),
      data: { offset: 'P7D' },
      createdAt: at('2026-06-03T00:00:00Z'),
      readAt: null,
    });
    expect(await store.notifications('camille', { unread: false, page: 1, pageSize: 20 })).toMatchObject({
      total: 1,
      unread: 2,
      rows: [{ notificationId: 'VN-HRD-2026:11:camille' }],
    });
  });

  it("marks one read (once), not someone else's, then all", async () => {
    expect(await store.markRead('camille', 'VN-HRD-2026:10:camille')).toBe(true);
    const { rows } = await pool.query<{ read_at: Date }>(
      "SELECT read_at FROM api.notifications WHERE notification_id = 'VN-HRD-2026:10:camille'",
    );
    expect(await store.markRead('camille', 'VN-HRD-2026:10:camille')).toBe(true);
    const { rows: again } = await pool.query<{ read_at: Date }>(
      "SELECT read_at FROM api.notifications WHERE notification_id = 'VN-HRD-2026:10:camille'",
    );
    expect(again[0].read_at).toEqual(rows[0].read_at);
    expect(await store.markRead('camille', 'VN-HRD-2026:12:anna')).toBe(false);
    expect(await store.markAllRead('camille')).toBe(1);
    expect(await store.notifications('camille', { unread: true, page: 1, pageSize: 20 })).toMatchObject({
      total: 0,
      unread: 0,
    });
    expect((await store.notifications('anna', { page: 1, pageSize: 20 })).unread).toBe(1);
  });
});

describe('the people routes over PostgreSQL', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { DATABASE_URL: databaseUrl } });
  });
  afterAll(() => testApp?.close());

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${testApp.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };

  it('fills the directory from demo sign-ins, keeps preferences, and lets a reviewer assign (PUT twice: same state)', async () => {
    const delegation = await testApp.token({ userId: 'demo.delegation-bd', role: 'delegation', countries: ['BD'] });
    const reviewer = await testApp.token({ userId: 'demo.reviewer', role: 'reviewer' });

    const me = await call('GET', '/v1/me', delegation);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      userId: 'demo.delegation-bd',
      displayName: 'Farhana Rahman',
      email: 'farhana.rahman@example.org',
      language: 'en',
      timeZone: 'Asia/Dhaka',
    });
    expect((await call('PATCH', '/v1/me', delegation, { language: 'fr' })).body).toMatchObject({ language: 'fr' });
    expect((await call('GET', '/v1/me', reviewer)).status).toBe(200);

    const path = '/v1/countries/BD/assignments/DELEGATION/demo.delegation-bd';
    expect((await call('PUT', path, reviewer)).status).toBe(201);
    expect((await call('PUT', path, reviewer)).status).toBe(200);
    const view = await call('GET', '/v1/countries/BD/assignments', delegation);
    expect(view.status).toBe(200);
    expect(view.body['assignments']).toEqual([expect.objectContaining({ userId: 'demo.delegation-bd' })]);
    expect((view.body['recipients'] as Record<string, unknown>)['DELEGATION']).toEqual({
      userIds: ['demo.delegation-bd'],
      unassigned: false,
      source: 'ASSIGNED',
    });
    expect((await call('DELETE', path, reviewer)).status).toBe(204);
  });
});

describe('the migration', () => {
  it('goes down and up again', async () => {
    // This migration and any later one, newest first.
    const files = readdirSync(apiMigrations)
      .filter((file) => file.endsWith('.sql'))
      .sort();
    const count = files.length - files.findIndex((file) => file.endsWith('_people-directory.sql'));
    const migrate = (direction: 'up' | 'down') =>
      runner({
        databaseUrl,
        dir: apiMigrations,
        migrationsTable,
        direction,
        count,
        singleTransaction: true,
        checkOrder: true,
        log: () => undefined,
      });
    const down = await migrate('down');
    expect(down.at(-1)?.name).toMatch(/_people-directory$/);
    const { rows } = await pool.query(
      "SELECT to_regclass('api.people') AS people, to_regclass('api.notifications') AS inbox",
    );
    expect(rows[0]).toEqual({ people: null, inbox: null });
    expect((await migrate('up')).map((m) => m.name)).toEqual(down.map((m) => m.name).reverse());
  });
});
