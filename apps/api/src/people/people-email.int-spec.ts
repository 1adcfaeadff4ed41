import { join } from 'node:path';
import { createPool, migrateUp } from '@suivi/postgres';
import { scratchDatabase } from '@suivi/test-support';
import type { Pool } from 'pg';
import type { PostgresPoolService } from '../clients/postgres-pool.service';
import { startTestApp, TEST_UNSUBSCRIBE_TOKENS as TOKENS, type TestApp } from '../testing/test-app';
import { PostgresPeopleStore } from './postgres-people-store';

/**
 * Issue 17 on the integration tier's real PostgreSQL (beside people.int-spec.ts, which has no
 * room left): the reminders nobody was assigned to (one per event, DISTINCT ON), and the
 * one-click unsubscribe links over the real app and database.
 */

const apiMigrations = join(__dirname, '..', '..', 'migrations');

let databaseUrl: string;
let pool: Pool;
let store: PostgresPeopleStore;

/** As the notifier writes an unassigned reminder: one row per reviewer who stood in. */
async function remind(userId: string, event: string, country: string, createdAt: string, unassigned = true) {
  await pool.query(
    `INSERT INTO api.notifications (notification_id, user_id, kind, cycle_id, country, action_point_id,
       source_event_id, recipient_role, unassigned, deadline, due_at, created_at)
     VALUES ($2 || ':' || $1, $1, 'ESCALATION', split_part($2, ':', 1), $3, 'AP2', $2, 'DELEGATION', $4,
       '2026-06-30', '2026-07-01T01:00:00Z', $5)`,
    [userId, event, country, unassigned, createdAt],
  );
}

beforeAll(async () => {
  databaseUrl = await scratchDatabase('int_people_email');
  await migrateUp({ databaseUrl, dir: apiMigrations, migrationsTable: 'api_pgmigrations' });
  pool = createPool(databaseUrl);
  store = new PostgresPeopleStore({ pool } as PostgresPoolService);
  for (const userId of ['rev-a', 'rev-b']) {
    await pool.query("INSERT INTO api.people (user_id, role) VALUES ($1, 'reviewer')", [userId]);
  }
  await remind('rev-a', 'VN-HRD-2026:7', 'VN', '2026-07-01T01:00:00Z');
  await remind('rev-b', 'VN-HRD-2026:7', 'VN', '2026-07-01T01:00:01Z');
  await remind('rev-a', 'KH-HRD-2026:3', 'KH', '2026-07-02T01:00:00Z');
  await remind('rev-a', 'VN-HRD-2026:8', 'VN', '2026-07-03T01:00:00Z', false);
});

afterAll(async () => {
  await pool?.end();
});

describe('unassigned reminders on PostgreSQL', () => {
  it('gives each unassigned reminder once, newest first, by country, at most the limit', async () => {
    const all = await store.unassignedReminders(null, 200);
    expect(all.map((r) => r.sourceEventId)).toEqual(['KH-HRD-2026:3', 'VN-HRD-2026:7']);
    expect(all[1]).toEqual({
      sourceEventId: 'VN-HRD-2026:7',
      cycleId: 'VN-HRD-2026',
      country: 'VN',
      kind: 'ESCALATION',
      recipientRole: 'DELEGATION',
      deadline: '2026-06-30',
      dueAt: new Date('2026-07-01T01:00:00Z'),
      actionPointId: 'AP2',
      createdAt: new Date('2026-07-01T01:00:00Z'),
    });
    expect((await store.unassignedReminders(['VN'], 200)).map((r) => r.sourceEventId)).toEqual(['VN-HRD-2026:7']);
    expect((await store.unassignedReminders(['BD'], 200)).length).toBe(0);
    expect((await store.unassignedReminders(null, 1)).map((r) => r.sourceEventId)).toEqual(['KH-HRD-2026:3']);
  });
});

describe('the e-mail preferences routes over PostgreSQL', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { DATABASE_URL: databaseUrl } });
  });
  afterAll(() => testApp?.close());

  const send = async (method: string, path: string, init: { token?: string; body?: unknown } = {}) => {
    const response = await fetch(`${testApp.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(init.token && { authorization: `Bearer ${init.token}` }),
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    // A redirect's body is Express's text; everything else here JSON.
    const json = /json/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: json ? JSON.parse(text) : text,
    };
  };
  const unsubscribe = (token: string) =>
    fetch(`${testApp.baseUrl}/v1/me/unsubscribe?token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });

  it('sets delivery and the daily digest by PATCH, then by the unsubscribe links (twice: same state)', async () => {
    const delegation = await testApp.token({ userId: 'demo.delegation-vn', role: 'delegation', countries: ['VN'] });
    expect((await send('GET', '/v1/me', { token: delegation })).body).toMatchObject({
      delivery: 'digest',
      dailyDigest: true,
    });
    const patched = await send('PATCH', '/v1/me', { token: delegation, body: { delivery: 'immediate' } });
    expect(patched.body).toMatchObject({ delivery: 'immediate', dailyDigest: true });

    const opened = await send('GET', `/v1/me/unsubscribe?token=${encodeURIComponent(TOKENS.delegationNone)}`);
    expect(opened).toMatchObject({ status: 303, location: '/preferences?unsubscribe=delivery-none' });
    for (let i = 0; i < 2; i++) {
      const response = await unsubscribe(TOKENS.delegationNone);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ action: 'delivery-none', delivery: 'none', dailyDigest: true });
    }
    expect(await (await unsubscribe(TOKENS.delegationDigestOff)).json()).toMatchObject({ dailyDigest: false });
    expect((await send('GET', '/v1/me', { token: delegation })).body).toMatchObject({
      delivery: 'none',
      dailyDigest: false,
    });
    expect((await send('PATCH', '/v1/me', { token: delegation, body: { dailyDigest: null } })).body).toMatchObject({
      delivery: 'none',
      dailyDigest: true,
    });
    expect((await unsubscribe(TOKENS.ghostNone)).status).toBe(404);
    // Well formed but not signed by Suivi: it grants nothing (a malformed token is 400).
    expect((await unsubscribe(TOKENS.otherKey)).status).toBe(403);
    expect((await unsubscribe('not-a-token')).status).toBe(400);
  });

  it('lists the unassigned reminders for a reviewer, and a delegation those of its countries', async () => {
    const reviewer = await testApp.token({ userId: 'demo.reviewer', role: 'reviewer' });
    const all = await send('GET', '/v1/unassigned-reminders', { token: reviewer });
    expect(all.status).toBe(200);
    expect(all.body.items.map((r: { sourceEventId: string }) => r.sourceEventId)).toEqual([
      'KH-HRD-2026:3',
      'VN-HRD-2026:7',
    ]);
    const delegation = await testApp.token({ userId: 'demo.delegation-vn', role: 'delegation', countries: ['VN'] });
    const own = await send('GET', '/v1/unassigned-reminders', { token: delegation });
    expect(own.body.items).toEqual([
      expect.objectContaining({ sourceEventId: 'VN-HRD-2026:7', deadline: '2026-06-30' }),
    ]);
  });
});
