import type { Request, Response } from 'express';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import type { Principal } from '../auth/principal';
import { ProblemDetailsException } from '../common/problem-details';
import { readJson, startTestApp, type TestApp } from '../testing/test-app';
import { CyclesController } from './cycles.controller';
import { ReadModelQueries, type CycleParts } from './read-model-queries.service';
import type { CyclePosition } from './read-your-writes';

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
  timelineTotal: 1,
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
    expect(headers['Read-Model-Version']).toBe('14');
    expect(headers['Content-Language']).toBe('fr');
    expect(body.type).toEqual({ code: 'HUMAN_RIGHTS_DIALOGUE', label: expect.any(String) });
  });

  it('has no current stage for a dialogue', async () => {
    expect((await call(reviewer, 'KH-HRD-2026')).body.stage).toBeNull();
  });

  it('shows the current stage of a GSP+ cycle, labelled in the negotiated language', async () => {
    const gsp: CycleParts = {
      ...parts,
      cycle: {
        ...parts.cycle,
        cycle_type: 'GSP_PLUS_MONITORING',
        gsp_stages: { LIST_OF_ISSUES_SENT: '2026-02-01', REPLIES_RECEIVED: '2026-04-01' },
      },
    };
    const gspController = new CyclesController({ cycle: async () => gsp } as unknown as ReadModelQueries);
    const request = { acceptsLanguages: () => 'fr' } as unknown as Request;
    const response = { setHeader: () => undefined, vary: () => undefined } as unknown as Response;
    const body = await gspController.one(reviewer, 'KH-HRD-2026', {}, request, response);
    expect(body.stage).toEqual({ code: 'MONITORING_MISSION', label: 'Mission de suivi' });
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

describe('GET /v1/cycles/{cycleId}?minVersion= (read your writes)', () => {
  const at = (version: number): CycleParts => ({ ...parts, cycle: { ...parts.cycle, version } });
  /** A read model that reaches `reachedAt` after `polls` position reads. */
  const readModel = (polls: number, reachedAt: number) => {
    let reads = 0;
    return {
      queries: {
        cycle: jest.fn(async (id: string) => (id === 'KH-HRD-2026' ? at(reads >= polls ? reachedAt : 14) : null)),
        cyclePosition: jest.fn(async (id: string): Promise<CyclePosition | null> => {
          if (id !== 'KH-HRD-2026') return null;
          reads += 1;
          return { country: 'KH', version: reads >= polls ? reachedAt : 14, needsRepair: false };
        }),
      },
    };
  };
  const call = async (queries: unknown, principal: Principal, cycleId: string, query: Record<string, string>) => {
    const headers: Record<string, string> = {};
    const request = { acceptsLanguages: () => 'en' } as unknown as Request;
    const response = {
      setHeader: (n: string, v: string) => (headers[n] = v),
      vary: () => undefined,
    } as unknown as Response;
    const body = await new CyclesController(queries as ReadModelQueries).one(
      principal,
      cycleId,
      query,
      request,
      response,
    );
    return { body, headers };
  };

  it('waits until the read model holds the version, then answers it with its ETag and Read-Model-Version', async () => {
    const { queries } = readModel(2, 16);
    const { body, headers } = await call(queries, deskKh, 'KH-HRD-2026', { minVersion: '16' });
    expect(body.version).toBe(16);
    expect(headers).toMatchObject({ ETag: '"16"', 'Read-Model-Version': '16' });
    expect(queries.cyclePosition).toHaveBeenCalledTimes(2);
    expect(queries.cycle).toHaveBeenCalledTimes(2);
  });

  it('does not wait when the version is there already, nor for an unknown cycle or one outside the scope', async () => {
    const { queries } = readModel(1, 16);
    expect((await call(queries, deskKh, 'KH-HRD-2026', { minVersion: '14' })).headers['Read-Model-Version']).toBe('14');
    await expect(call(queries, reviewer, 'XX-NONE-2026', { minVersion: '3' })).rejects.toMatchObject({ status: 404 });
    await expect(call(queries, deskLk, 'KH-HRD-2026', { minVersion: '30' })).rejects.toBeInstanceOf(ForbiddenProblem);
    expect(queries.cyclePosition).not.toHaveBeenCalled();
  });

  it('asks the read model for the latest timeline entries only when timelineLimit is given, and refuses a bad one (400)', async () => {
    const { queries } = readModel(16, 16);
    const { body } = await call(queries, deskKh, 'KH-HRD-2026', { timelineLimit: '20' });
    expect(queries.cycle).toHaveBeenLastCalledWith('KH-HRD-2026', 20);
    expect(body.timelineTotal).toBe(1);
    await call(queries, deskKh, 'KH-HRD-2026', {});
    expect(queries.cycle).toHaveBeenLastCalledWith('KH-HRD-2026', undefined);
    for (const timelineLimit of ['0', '-1', '1.5', 'x', '']) {
      await expect(call(queries, deskKh, 'KH-HRD-2026', { timelineLimit })).rejects.toMatchObject({ status: 400 });
    }
  });

  it('refuses a minVersion that is not a positive whole number (400)', async () => {
    const { queries } = readModel(1, 16);
    for (const minVersion of ['0', '-1', '1.5', 'x', '']) {
      await expect(call(queries, deskKh, 'KH-HRD-2026', { minVersion })).rejects.toMatchObject({ status: 400 });
    }
  });
});

describe('cycle queries over HTTP (no database reached)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { API_PUBLIC_URL: 'https://suivi.example.eu/' } });
  });
  afterAll(() => app?.close());

  const get = async (path: string, token?: string) =>
    fetch(`${app.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('GET /v1/cycles: filters on stage and convention, and shows each cycle its current stage', async () => {
    const queries = app.app.get(ReadModelQueries);
    const listCycles = jest.spyOn(queries, 'listCycles').mockImplementation(async () => ({
      rows: [
        {
          ...parts.cycle,
          cycle_type: 'EBA_ENHANCED_ENGAGEMENT',
          gsp_stages: { LIST_OF_ISSUES_SENT: '2026-02-01', REPLIES_RECEIVED: '2026-04-01' },
          action_points: 1,
          open_action_points: 1,
          overdue_action_points: 0,
        },
        { ...parts.cycle, action_points: 0, open_action_points: 0, overdue_action_points: 0 },
      ],
      total: 2,
    }));
    try {
      const response = await get(
        '/v1/cycles?stage=MONITORING_MISSION&convention=ICERD,ILO-C087',
        await app.token({ role: 'reviewer' }),
      );
      expect(response.status).toBe(200);
      expect(listCycles).toHaveBeenCalledWith(
        expect.objectContaining({ stage: ['MONITORING_MISSION'], convention: ['ICERD', 'ILO-C087'] }),
        null,
      );
      const body = await readJson<{ items: Array<{ stage: unknown }> }>(response);
      expect(body.items.map((item) => item.stage)).toEqual([
        { code: 'MONITORING_MISSION', label: 'Enhanced engagement mission' },
        null,
      ]);
    } finally {
      listCycles.mockRestore();
    }
  });

  it('GET /v1/cycles/{cycleId}?minVersion= over HTTP: waits, then answers with Read-Model-Version', async () => {
    const queries = app.app.get(ReadModelQueries);
    let version = 14;
    const cycle = jest
      .spyOn(queries, 'cycle')
      .mockImplementation(async () => ({ ...parts, cycle: { ...parts.cycle, version } }));
    const position = jest.spyOn(queries, 'cyclePosition').mockImplementation(async () => {
      version = 15;
      return { country: 'KH', version, needsRepair: false };
    });
    try {
      const response = await get('/v1/cycles/KH-HRD-2026?minVersion=15', await app.token({ role: 'reviewer' }));
      expect(response.status).toBe(200);
      expect(response.headers.get('read-model-version')).toBe('15');
      expect(response.headers.get('etag')).toBe('"15"');
      expect((await readJson<{ version: number }>(response)).version).toBe(15);
    } finally {
      cycle.mockRestore();
      position.mockRestore();
    }
  });
});
