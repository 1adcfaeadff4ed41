import type { Request, Response } from 'express';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import type { Principal } from '../auth/principal';
import { ProblemDetailsException } from '../common/problem-details';
import { readJson, startTestApp, type TestApp } from '../testing/test-app';
import { CyclesController } from './cycles.controller';
import type { CycleParts, ReadModelQueries } from './read-model-queries.service';

const reviewer: Principal = { userId: 'rev', role: 'reviewer', countries: [] };
const auditor: Principal = { userId: 'aud', role: 'auditor', countries: [] };
const deskKh: Principal = { userId: 'desk-kh', role: 'desk-officer', countries: ['KH'] };
const deskLk: Principal = { userId: 'desk-lk', role: 'desk-officer', countries: ['LK'] };

const parts: CycleParts = {
  cycle: {
    cycle_id: 'KH-HRD-2026',
    cycle_type: 'HUMAN_RIGHTS_DIALOGUE',
    country: 'KH',
    title: 'EU-Cambodia human rights dialogue',
    time_zone: 'Asia/Phnom_Penh',
    status: 'ACTIVE',
    version: 14,
    started_at: new Date('2026-01-10T09:00:00Z'),
    closed_at: null,
    closing_reason: null,
    rounds_scheduled: 0,
    gsp_stages: {},
    gsp_replies_due_on: null,
    withdrawal_milestones: null,
    withdrawal_decided_on: null,
    withdrawn: null,
    updated_at: new Date('2026-02-01T09:00:00Z'),
  },
  rounds: [],
  actionPoints: [],
  timeline: [
    {
      sequence: 1,
      event_type: 'CycleStarted',
      occurred_at: new Date('2026-01-10T09:00:00Z'),
      actor_role: 'DESK_OFFICER',
      actor_user_id: 'desk-kh',
      summary: { country: 'KH' },
    },
  ],
};

describe('GET /v1/cycles/{cycleId} access and headers', () => {
  const queries = { cycle: async (id: string) => (id === 'KH-HRD-2026' ? parts : null) } as unknown as ReadModelQueries;
  const controller = new CyclesController(queries);
  const call = async (principal: Principal, cycleId: string, language = 'en') => {
    const headers: Record<string, string> = {};
    const request = {
      acceptsLanguages: (...l: string[]) => (l.includes(language) ? language : false),
    } as unknown as Request;
    const response = {
      setHeader: (n: string, v: string) => (headers[n] = v),
      vary: () => undefined,
    } as unknown as Response;
    const body = await controller.one(principal, cycleId, {}, request, response);
    return { body, headers };
  };
  const statusOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 200,
      (e: unknown) => (e instanceof ProblemDetailsException ? e.getStatus() : e),
    );

  it('answers with the cycle and ETag "<version>" within scope', async () => {
    const { body, headers } = await call(deskKh, 'KH-HRD-2026', 'fr');
    expect(headers['ETag']).toBe('"14"');
    expect(headers['Content-Language']).toBe('fr');
    expect(body.type).toEqual({ code: 'HUMAN_RIGHTS_DIALOGUE', label: expect.any(String) });
  });

  it('shows the actor user id to auditors only, the role to everyone', async () => {
    expect((await call(reviewer, 'KH-HRD-2026')).body.timeline[0].actor).toEqual({
      role: { code: 'DESK_OFFICER', label: 'Desk officer' },
    });
    expect((await call(auditor, 'KH-HRD-2026')).body.timeline[0].actor.userId).toBe('desk-kh');
  });

  it('answers 403 outside the scope, and 403 (not 404) for an unknown cycle to scoped readers', async () => {
    await expect(call(deskLk, 'KH-HRD-2026')).rejects.toBeInstanceOf(ForbiddenProblem);
    await expect(call(deskLk, 'XX-NONE-2026')).rejects.toBeInstanceOf(ForbiddenProblem);
  });

  it('answers 404 for an unknown cycle to readers of all countries', async () => {
    expect(await statusOf(call(reviewer, 'XX-NONE-2026'))).toBe(404);
  });
});

describe('queries over HTTP (no database reached)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { API_PUBLIC_URL: 'https://suivi.example.eu/' } });
  });
  afterAll(() => app?.close());

  const get = async (path: string, token?: string) =>
    fetch(`${app.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('needs a bearer token on the query routes', async () => {
    for (const path of ['/v1/cycles', '/v1/action-points', '/v1/action-points.csv', '/v1/countries/KH/dashboard']) {
      expect((await get(path)).status).toBe(401);
    }
  });

  it('answers 400 problem+json naming an unknown or bad parameter', async () => {
    const token = await app.token({ role: 'reviewer' });
    const response = await get('/v1/cycles?contry=KH', token);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await readJson<{ errors: unknown }>(response)).errors).toEqual([
      { parameter: 'contry', detail: 'unknown parameter' },
    ]);
    expect((await get('/v1/action-points?pageSize=500', token)).status).toBe(400);
    expect((await get('/v1/cycles/KH-HRD-2026?asOf=yesterday', token)).status).toBe(400);
  });

  it('answers 403 to a desk officer filtering on another country, and on its dashboard', async () => {
    const token = await app.token({ role: 'desk-officer', countries: ['KH'] });
    expect((await get('/v1/cycles?country=UA', token)).status).toBe(403);
    expect((await get('/v1/action-points.csv?country=KH,UA', token)).status).toBe(403);
    expect((await get('/v1/countries/UA/dashboard', token)).status).toBe(403);
  });

  it('hands out a calendar feed URL under API_PUBLIC_URL; the feed refuses a tampered or missing token with 401', async () => {
    const token = await app.token({ role: 'delegation', countries: ['KH'] });
    const response = await get('/v1/me/calendar-feed', token);
    expect(response.status).toBe(200);
    const { url } = await readJson<{ url: string }>(response);
    expect(url).toMatch(/^https:\/\/suivi\.example\.eu\/v1\/calendar\.ics\?token=[\w-]+\.[\w-]+$/);
    const feedToken = new URL(url).searchParams.get('token') ?? '';
    const tampered = `${feedToken.split('.')[0]}.${'A'.repeat(43)}`;
    const refused = await get(`/v1/calendar.ics?token=${tampered}`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get('/v1/calendar.ics')).status).toBe(401);
  });

  it('documents the query routes in /openapi.json', async () => {
    const document = await readJson<{ paths: Record<string, unknown> }>(await get('/openapi.json'));
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/cycles',
        '/v1/cycles/{cycleId}',
        '/v1/action-points',
        '/v1/action-points.csv',
        '/v1/countries/{country}/dashboard',
        '/v1/me/calendar-feed',
        '/v1/calendar.ics',
      ]),
    );
  });
});
