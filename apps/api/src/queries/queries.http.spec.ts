import { readJson, startTestApp, type TestApp } from '../testing/test-app';
import type { CountrySummaryDbRow } from './dashboard-sql';
import { ReadModelQueries } from './read-model-queries.service';

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
    const stage = await get('/v1/cycles?stage=MONITORING_MISSION,PREPARATION', token);
    expect(stage.status).toBe(400);
    expect(stage.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await readJson<{ errors: unknown }>(stage)).errors).toEqual([
      { parameter: 'stage', detail: 'unknown stage codes: PREPARATION' },
    ]);
    expect((await readJson<{ errors: unknown }>(await get('/v1/cycles?convention=ICERD,NOPE', token))).errors).toEqual([
      { parameter: 'convention', detail: 'unknown convention ids: NOPE' },
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
        '/v1/dashboard',
        '/v1/me/calendar-feed',
        '/v1/calendar.ics',
      ]),
    );
  });

  type Operation = {
    parameters: Array<{ name: string; in: string; schema: Record<string, unknown>; description?: string }>;
    responses: Record<string, { headers?: Record<string, { required?: boolean; schema: unknown }> }>;
  };
  const operation = async (path: string): Promise<Operation> =>
    (await readJson<{ paths: Record<string, { get: Operation }> }>(await get('/openapi.json'))).paths[path].get;

  it('documents minVersion as a positive integer and the Read-Model-Version header', async () => {
    for (const path of [
      '/v1/cycles/{cycleId}',
      '/v1/cycles/{cycleId}/action-points/{actionPointId}',
      '/v1/action-points',
    ]) {
      const { parameters, responses } = await operation(path);
      const minVersion = parameters.find((p) => p.name === 'minVersion');
      expect(minVersion).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 1 } });
      expect(minVersion?.description).toMatch(/at most 5 s/);
      expect(responses['200'].headers?.['Read-Model-Version']).toMatchObject({ schema: { type: 'integer' } });
      expect(Object.keys(responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
    }
    expect((await operation('/v1/cycles/{cycleId}')).responses['200'].headers?.['Read-Model-Version'].required).toBe(
      true,
    );
    const list = await operation('/v1/action-points');
    expect(list.parameters.find((p) => p.name === 'awaitingAssessment')?.schema).toEqual({ type: 'boolean' });
    expect(Object.keys((await operation('/v1/dashboard')).responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403']),
    );
  });

  it('documents the stage and convention filters of GET /v1/cycles and the stage of a cycle', async () => {
    const { parameters } = await operation('/v1/cycles');
    const stage = parameters.find((p) => p.name === 'stage');
    expect(stage).toMatchObject({ in: 'query', schema: { type: 'string' } });
    expect(String(stage?.schema['pattern'])).toContain('FOLLOW_UP_OF_OUTSTANDING_ISSUES');
    expect(parameters.find((p) => p.name === 'convention')?.schema['pattern']).toEqual(
      expect.stringContaining('ICERD'),
    );
    type Schema = { properties?: Record<string, Schema>; required?: string[]; nullable?: boolean; items?: Schema };
    const document = await readJson<{
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }>;
    }>(await get('/openapi.json'));
    const ok = (path: string) => document.paths[path].get.responses['200'].content['application/json'].schema;
    for (const cycle of [ok('/v1/cycles').properties?.['items'].items, ok('/v1/cycles/{cycleId}')]) {
      expect(cycle?.required).toContain('stage');
      expect(cycle?.properties?.['stage']).toMatchObject({ nullable: true, required: ['code', 'label'] });
    }
  });

  it('refuses bad minVersion, awaitingAssessment and unknown parameters with 400, before reading anything', async () => {
    const token = await app.token({ role: 'reviewer' });
    for (const path of [
      '/v1/cycles/KH-HRD-2026?minVersion=0',
      '/v1/cycles/KH-HRD-2026?minVersion=abc',
      '/v1/cycles/KH-HRD-2026/action-points/AP1?minVersion=-2',
      '/v1/cycles/KH-HRD-2026/action-points/AP1?version=2',
      '/v1/action-points?cycleId=KH-HRD-2026&minVersion=1e3',
      '/v1/action-points?awaitingAssessment=yes',
      '/v1/action-points?sort=lastProgress',
      '/v1/dashboard?contry=KH',
      '/v1/dashboard?country=K1',
    ]) {
      const response = await get(path, token);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
    }
  });

  it('GET /v1/dashboard: needs a token; scoped readers see their countries (zeros included), 403 outside', async () => {
    expect((await get('/v1/dashboard')).status).toBe(401);
    const desk = await app.token({ role: 'desk-officer', countries: ['KH', 'LK'] });
    expect((await get('/v1/dashboard?country=UA', desk)).status).toBe(403);
    const row = (country: string, open: number): CountrySummaryDbRow => ({
      country,
      cycles: 1,
      active_cycles: 1,
      action_points: open + 1,
      open,
      overdue: 1,
      carried_over: 1,
      open_carried_over: 0,
      assessed: 1,
      awaiting_assessment: 0,
    });
    const summaries = jest
      .spyOn(app.app.get(ReadModelQueries), 'countrySummaries')
      .mockImplementation(async (scope) =>
        [row('LK', 2), row('UA', 3)].filter((r) => !scope || scope.includes(r.country)),
      );
    try {
      const response = await get('/v1/dashboard', desk);
      expect(response.status).toBe(200);
      const body = await readJson<{ countries: Array<{ country: string }>; totals: unknown }>(response);
      expect(summaries).toHaveBeenLastCalledWith(['KH', 'LK']);
      expect(body.countries.map((c) => c.country)).toEqual(['KH', 'LK']);
      expect(body.countries[0]).toEqual({
        country: 'KH',
        cycles: { total: 0, active: 0 },
        actionPoints: {
          total: 0,
          open: 0,
          overdue: 0,
          carriedOver: 0,
          openCarriedOver: 0,
          assessed: 0,
          awaitingAssessment: 0,
        },
      });
      const all = await readJson<{ countries: Array<{ country: string }>; totals: { actionPoints: { open: number } } }>(
        await get('/v1/dashboard', await app.token({ role: 'auditor' })),
      );
      expect(summaries).toHaveBeenLastCalledWith(null);
      expect(all.countries.map((c) => c.country)).toEqual(['LK', 'UA']);
      expect(all.totals.actionPoints.open).toBe(5);
    } finally {
      summaries.mockRestore();
    }
  });
});
