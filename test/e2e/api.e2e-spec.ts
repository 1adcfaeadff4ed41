import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken, issueDevTokenForProfile } from '@suivi/dev-issuer';
import { launch, pollUntil, stopLaunched, suiviHome, waitForReady, type LaunchedStack } from '@suivi/test-support';

import { dateIn, type Role, type Reply, call, token, startCycle, proposal, cycleAt } from './support/api-client';

/**
 * The API as its users meet it: over HTTP, with bearer tokens from the stack's development
 * issuer, against the whole stack started by the launcher (e2e profile, demo data on).
 */
describe('the Suivi API over HTTP (e2e profile)', () => {
  let launched: LaunchedStack | undefined;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    // A first start (the demo data is loaded by it), whichever e2e file ran before this one.
    rmSync(join(suiviHome(), 'e2e', 'data'), { recursive: true, force: true });
    launched = launch('start', 'e2e', { SUIVI_DEMO_DATA: 'true' });
    await waitForReady(launched, 540_000);
    tokens['deskKH'] = await token('desk.kh', 'desk-officer', ['KH']);
    tokens['delegationKH'] = await token('delegation.kh', 'delegation', ['KH']);
    tokens['reviewer'] = await token('reviewer.hq', 'reviewer');
    tokens['auditor'] = await token('auditor.hq', 'auditor');
  }, 600_000);

  afterAll(async () => {
    if (launched) expect(await stopLaunched(launched)).toBe(0);
  });

  it('shows the demo cycles right after the first start', async () => {
    expect(launched?.output()).toMatch(/demo cycles loaded/);
    const cycles = await pollUntil(async () => {
      const reply = await call<{ items: Array<{ cycleId: string }> }>('GET', '/v1/cycles?pageSize=100', {
        token: tokens['reviewer'],
      });
      const ids = reply.body.items?.map((c) => c.cycleId) ?? [];
      return ids.includes('demo-vn-hrd-2026') && ids.includes('demo-lk-gsp-2026') && ids.includes('demo-bd-eba-2026')
        ? ids
        : undefined;
    }, 90_000);
    expect(cycles.length).toBeGreaterThanOrEqual(3);
  });

  it("follows a desk officer's whole journey: dialogue, round, five action points, progress, assessment, carry-over, CSV and calendar", async () => {
    const desk = tokens['deskKH'];
    const cycleId = await startCycle(desk, 'KH', 'EU-Cambodia Human Rights Dialogue (e2e)');
    const ok = (reply: Reply) => expect([200, 201]).toContain(reply.status);
    ok(await call('POST', `/v1/cycles/${cycleId}/rounds`, { token: desk, body: { roundId: 'R1', date: dateIn(0) } }));
    ok(await call('POST', `/v1/cycles/${cycleId}/rounds/R1/held`, { token: desk, body: { heldOn: dateIn(0) } }));
    for (let i = 1; i <= 5; i++) {
      ok(
        await call('POST', `/v1/cycles/${cycleId}/action-points`, {
          token: desk,
          body: proposal(`AP${i}`, 'R1', 30 + i),
        }),
      );
      ok(await call('POST', `/v1/cycles/${cycleId}/action-points/AP${i}/agree`, { token: desk, body: {} }));
    }
    ok(
      await call('POST', `/v1/cycles/${cycleId}/action-points/AP1/progress-reports`, {
        token: tokens['delegationKH'],
        body: {
          reportId: 'PR1',
          text: 'Statistics published by the Ministry of Justice.',
          evidenceLinks: ['https://www.example.org/moj-statistics-2026.pdf'],
          reportedOn: dateIn(0),
        },
      }),
    );
    ok(
      await call('POST', `/v1/cycles/${cycleId}/action-points/AP1/assessment`, {
        token: tokens['reviewer'],
        body: { assessment: 'COMPLETED' },
      }),
    );
    ok(
      await call('POST', `/v1/cycles/${cycleId}/action-points/AP2/assessment`, {
        token: tokens['reviewer'],
        body: { assessment: 'NOT_COMPLETED', comment: 'No information received.' },
      }),
    );
    ok(await call('POST', `/v1/cycles/${cycleId}/rounds`, { token: desk, body: { roundId: 'R2', date: dateIn(20) } }));
    const closed = await call<{ version: number }>('POST', `/v1/cycles/${cycleId}/rounds/R1/close`, {
      token: desk,
      body: { nextRoundId: 'R2' },
    });
    ok(closed);

    const cycle = (await cycleAt(cycleId, closed.body.version, tokens['reviewer'])) as unknown as {
      actionPoints: Array<{ actionPointId: string; roundId: string; roundsCarried: number; status: { code: string } }>;
      timeline: Array<{ type: string; summary: Record<string, unknown>; actor: { userId?: string } }>;
    };
    const byId = Object.fromEntries(cycle.actionPoints.map((ap) => [ap.actionPointId, ap]));
    expect(byId['AP1']).toMatchObject({ roundId: 'R1', status: { code: 'COMPLETED' } });
    expect(byId['AP2']).toMatchObject({ roundId: 'R1', status: { code: 'NOT_COMPLETED' } });
    for (const id of ['AP3', 'AP4', 'AP5']) expect(byId[id]).toMatchObject({ roundId: 'R2', roundsCarried: 1 });
    // Their history travels with them: proposed and agreed in R1, then carried over.
    const types = cycle.timeline.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ActionPointProposed', 'ActionPointAgreed', 'ProgressReported']));
    // Only auditors see who did what.
    expect(cycle.timeline.every((e) => e.actor.userId === undefined)).toBe(true);
    const audited = (await cycleAt(cycleId, closed.body.version, tokens['auditor'])) as unknown as {
      timeline: Array<{ actor: { userId?: string } }>;
    };
    expect(audited.timeline.map((e) => e.actor.userId)).toContain('delegation.kh');

    const csv = await call('GET', `/v1/action-points.csv?cycleId=${cycleId}`, { token: desk });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    for (const id of ['AP3', 'AP4', 'AP5']) expect(csv.text).toContain(id);

    const feed = await call<{ url: string }>('GET', '/v1/me/calendar-feed', { token: desk });
    expect(feed.status).toBe(200);
    const ics = await fetch(feed.body.url);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = await ics.text();
    expect(calendar).toContain('BEGIN:VCALENDAR');
    for (const id of ['AP3', 'AP4', 'AP5']) expect(calendar).toContain(`UID:${cycleId}.${id}@suivi`);
    // RFC 5545: every line ends with CRLF, the last one included.
    expect(calendar.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  describe('the permission matrix', () => {
    let own: string;
    let other: string;
    let n = 0;
    const nextId = () => `PM${++n}`;

    beforeAll(async () => {
      own = await startCycle(tokens['deskKH'], 'KH', 'Permission matrix, own country');
      const deskVN = await token('desk.vn', 'desk-officer', ['VN']);
      other = await startCycle(deskVN, 'VN', 'Permission matrix, other country');
      for (const [cycleId, t] of [
        [own, tokens['deskKH']],
        [other, deskVN],
      ] as const) {
        await call('POST', `/v1/cycles/${cycleId}/rounds`, { token: t, body: { roundId: 'R1', date: dateIn(0) } });
        for (const id of ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8']) {
          await call('POST', `/v1/cycles/${cycleId}/action-points`, { token: t, body: proposal(id) });
          await call('POST', `/v1/cycles/${cycleId}/action-points/${id}/agree`, { token: t, body: {} });
        }
      }
    });

    type Endpoint = { name: string; request: (cycleId: string) => { method: string; path: string; body?: unknown } };
    let assessed = 0;
    const endpoints: Endpoint[] = [
      { name: 'read a cycle', request: (c) => ({ method: 'GET', path: `/v1/cycles/${c}` }) },
      {
        name: 'schedule a round',
        request: (c) => ({
          method: 'POST',
          path: `/v1/cycles/${c}/rounds`,
          body: { roundId: nextId(), date: dateIn(40) },
        }),
      },
      {
        name: 'propose an action point',
        request: (c) => ({ method: 'POST', path: `/v1/cycles/${c}/action-points`, body: proposal(nextId()) }),
      },
      {
        name: 'report progress',
        request: (c) => ({
          method: 'POST',
          path: `/v1/cycles/${c}/action-points/M1/progress-reports`,
          body: { reportId: nextId(), text: 'Update from the Delegation.', evidenceLinks: [], reportedOn: dateIn(0) },
        }),
      },
      {
        name: 'assess an action point',
        request: (c) => ({
          method: 'POST',
          path: `/v1/cycles/${c}/action-points/M${2 + (assessed++ % 7)}/assessment`,
          body: { assessment: 'PARTIALLY_COMPLETED' },
        }),
      },
    ];
    // Expected status per endpoint, role and country (own = KH for the scoped roles).
    const expected: Record<string, Record<Role, [own: number, other: number]>> = {
      'read a cycle': {
        'desk-officer': [200, 403],
        delegation: [200, 403],
        reviewer: [200, 200],
        auditor: [200, 200],
      },
      'schedule a round': {
        'desk-officer': [200, 403],
        delegation: [403, 403],
        reviewer: [403, 403],
        auditor: [403, 403],
      },
      'propose an action point': {
        'desk-officer': [200, 403],
        delegation: [403, 403],
        reviewer: [403, 403],
        auditor: [403, 403],
      },
      'report progress': {
        'desk-officer': [200, 403],
        delegation: [200, 403],
        reviewer: [403, 403],
        auditor: [403, 403],
      },
      'assess an action point': {
        'desk-officer': [403, 403],
        delegation: [403, 403],
        reviewer: [200, 200],
        auditor: [403, 403],
      },
    };
    const roleTokens: Record<Role, string> = {} as Record<Role, string>;

    it('answers every role x own/other country x endpoint with the expected status, and a refusal tells nothing', async () => {
      roleTokens['desk-officer'] = tokens['deskKH'];
      roleTokens['delegation'] = tokens['delegationKH'];
      roleTokens['reviewer'] = tokens['reviewer'];
      roleTokens['auditor'] = tokens['auditor'];
      const seen: string[] = [];
      for (const endpoint of endpoints) {
        for (const role of Object.keys(roleTokens) as Role[]) {
          for (const [index, cycleId] of [own, other].entries()) {
            const { method, path, body } = endpoint.request(cycleId);
            // Reads go to the read model, which may lag the commands above by a moment.
            const reply =
              method === 'GET' && expected[endpoint.name][role][index] === 200
                ? await pollUntil(async () => {
                    const r = await call(method, path, { token: roleTokens[role] });
                    return r.status === 200 ? r : undefined;
                  }, 30_000)
                : await call(method, path, { token: roleTokens[role], body });
            seen.push(`${endpoint.name} / ${role} / ${index === 0 ? 'own' : 'other'}: ${reply.status}`);
            if (reply.status === 403) {
              expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
              // Nothing about the cycle; only `instance` repeats the caller's own path.
              const rest = { ...(reply.body as Record<string, unknown>), instance: undefined };
              expect(JSON.stringify(rest)).not.toMatch(/VN|KH|Permission matrix/);
            }
          }
        }
      }
      const want = endpoints.flatMap((endpoint) =>
        (Object.keys(roleTokens) as Role[]).flatMap((role) =>
          ['own', 'other'].map(
            (country, index) => `${endpoint.name} / ${role} / ${country}: ${expected[endpoint.name][role][index]}`,
          ),
        ),
      );
      expect(seen).toEqual(want);
    });

    it('lets only desk officers start cycles, for their own countries', async () => {
      const body = { type: 'POLITICAL_DIALOGUE', country: 'KH', title: 'Subcommittee', timeZone: 'Asia/Phnom_Penh' };
      expect((await call('POST', '/v1/cycles', { token: tokens['deskKH'], body })).status).toBe(201);
      expect(
        (await call('POST', '/v1/cycles', { token: tokens['deskKH'], body: { ...body, country: 'VN' } })).status,
      ).toBe(403);
      for (const t of [tokens['delegationKH'], tokens['reviewer'], tokens['auditor']]) {
        expect((await call('POST', '/v1/cycles', { token: t, body })).status).toBe(403);
      }
    });
  });

  describe('bad input', () => {
    let cycleId: string;
    beforeAll(async () => {
      cycleId = await startCycle(tokens['deskKH'], 'KH', 'Bad input');
      await call('POST', `/v1/cycles/${cycleId}/rounds`, {
        token: tokens['deskKH'],
        body: { roundId: 'R1', date: dateIn(10) },
      });
    });

    it('answers each with its exact 4xx, a problem+json body, and changes nothing', async () => {
      const otherIssuer = mkdtempSync(join(tmpdir(), 'suivi-other-issuer-'));
      const forged = await issueDevToken(otherIssuer, {
        userId: 'desk.kh',
        role: 'desk-officer',
        countries: ['KH'],
      });
      const expired = await issueDevTokenForProfile('e2e', {
        userId: 'desk.kh',
        role: 'desk-officer',
        countries: ['KH'],
        ttlSeconds: -120,
      });
      const path = `/v1/cycles/${cycleId}/action-points`;
      const cases: Array<{
        name: string;
        status: number;
        token?: string;
        body?: unknown;
        raw?: string;
        field?: string;
      }> = [
        { name: 'malformed JSON', status: 400, raw: '{"actionPointId": "AP1",' },
        { name: 'wrong type', status: 400, body: { ...proposal('AP1'), deadline: 42 }, field: 'deadline' },
        { name: 'unknown field', status: 400, body: { ...proposal('AP1'), colour: 'red' }, field: 'colour' },
        { name: 'unknown theme code', status: 400, body: { ...proposal('AP1'), themes: ['Z.Z'] }, field: 'themes' },
        { name: 'deadline before the round', status: 422, body: proposal('AP1', 'R1', 1) },
        { name: 'oversized text', status: 400, body: { ...proposal('AP1'), text: 'x'.repeat(5000) }, field: 'text' },
        { name: 'oversized body', status: 413, raw: JSON.stringify({ ...proposal('AP1'), text: 'x'.repeat(200_000) }) },
        { name: 'missing token', status: 401, token: '', body: proposal('AP1') },
        { name: 'expired token', status: 401, token: expired, body: proposal('AP1') },
        { name: 'wrongly signed token', status: 401, token: forged, body: proposal('AP1') },
      ];
      const before = await cycleAt(cycleId, 2, tokens['deskKH']);
      const results: string[] = [];
      for (const c of cases) {
        const reply = await call<{ errors?: Array<{ pointer?: string }> }>('POST', path, {
          token: c.token === undefined ? tokens['deskKH'] : c.token || undefined,
          body: c.body,
          raw: c.raw,
        });
        results.push(`${c.name}: ${reply.status}`);
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        if (c.field) expect(JSON.stringify(reply.body)).toContain(c.field);
      }
      expect(results).toEqual(cases.map((c) => `${c.name}: ${c.status}`));
      const after = await call<{ version: number }>('GET', `/v1/cycles/${cycleId}`, { token: tokens['deskKH'] });
      expect(after.body.version).toBe(before.version);
    });
  });

  it('applies the same POST sent twice at once, with one Idempotency-Key, only once', async () => {
    const desk = tokens['deskKH'];
    const cycleId = await startCycle(desk, 'KH', 'Idempotency');
    const round = await call<{ version: number }>('POST', `/v1/cycles/${cycleId}/rounds`, {
      token: desk,
      body: { roundId: 'R1', date: dateIn(0) },
    });
    const key = randomUUID();
    const send = () =>
      call<{ version: number; events: unknown[] }>('POST', `/v1/cycles/${cycleId}/action-points`, {
        token: desk,
        body: proposal('AP1'),
        headers: { 'idempotency-key': key },
      });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    expect(first.body.version).toBe(round.body.version + 1);
    const third = await send();
    expect(third.body).toEqual(first.body);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    const cycle = (await cycleAt(cycleId, first.body.version, desk)) as unknown as {
      version: number;
      actionPoints: unknown[];
    };
    expect(cycle.version).toBe(first.body.version);
    expect(cycle.actionPoints).toHaveLength(1);
  });

  it('states readiness of Temporal, Kafka and PostgreSQL and serves OpenAPI with the /v1 resources', async () => {
    const ready = await call<{ details: Record<string, { status: string }> }>('GET', '/health/ready');
    expect(ready.status).toBe(200);
    const openapi = await call<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/v1/cycles', '/v1/cycles/{cycleId}', '/v1/action-points', '/v1/action-points.csv']),
    );
    const metrics = await call('GET', '/metrics');
    expect(metrics.text).toMatch(/suivi_.*command/);
    expect(suiviHome()).toBeTruthy();
  });
});
