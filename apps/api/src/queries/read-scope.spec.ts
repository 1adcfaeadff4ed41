import type { Request, Response } from 'express';
import { ForbiddenProblem } from '../auth/forbidden.problem';
import type { Principal } from '../auth/principal';
import { ActionPointsController } from './action-points.controller';
import type { ReadModelQueries } from './read-model-queries.service';
import { assertCycleFilterInScope, countryScope } from './read-scope';

const reviewer: Principal = { userId: 'rev', role: 'reviewer', countries: [] };
const deskKh: Principal = { userId: 'desk-kh', role: 'desk-officer', countries: ['KH'] };
const delegationKh: Principal = { userId: 'del-kh', role: 'delegation', countries: ['KH'] };

describe('one read-scope rule for every list', () => {
  it('scopes an unfiltered list to the reader’s countries, and refuses a country filter outside them', () => {
    expect(countryScope(deskKh, undefined)).toEqual(['KH']);
    expect(countryScope(reviewer, undefined)).toBeNull();
    expect(() => countryScope(deskKh, ['CN'])).toThrow(ForbiddenProblem);
    expect(countryScope(reviewer, ['CN'])).toEqual(['CN']);
  });

  it('refuses a cycle filter outside the scope (or unknown) to scoped readers, as the country filter', async () => {
    const countryOf = (country: string | null) => async () => country;
    for (const scoped of [deskKh, delegationKh]) {
      await expect(assertCycleFilterInScope(scoped, 'c', countryOf('CN'))).rejects.toThrow(ForbiddenProblem);
      await expect(assertCycleFilterInScope(scoped, 'c', countryOf(null))).rejects.toThrow(ForbiddenProblem);
      await expect(assertCycleFilterInScope(scoped, 'c', countryOf('KH'))).resolves.toBeUndefined();
    }
    await expect(assertCycleFilterInScope(reviewer, 'c', countryOf('CN'))).resolves.toBeUndefined();
    await expect(assertCycleFilterInScope(reviewer, 'c', countryOf(null))).resolves.toBeUndefined();
  });
});

describe('GET /v1/action-points?cycleId= and its CSV', () => {
  const countries: Record<string, string> = { 'cn-hrd-2026-aaaa': 'CN', 'kh-hrd-2026-bbbb': 'KH' };
  const listed: unknown[] = [];
  const queries = {
    cycleCountry: async (cycleId: string) => countries[cycleId] ?? null,
    listActionPoints: async (query: unknown, scope: unknown) => {
      listed.push({ query, scope });
      return { rows: [], total: 0 };
    },
    exportActionPoints: async () => undefined,
  } as unknown as ReadModelQueries;
  const controller = new ActionPointsController(queries);
  const request = { headers: {}, header: () => undefined, acceptsLanguages: () => 'en' } as unknown as Request;
  const response = {
    setHeader: () => undefined,
    vary: () => undefined,
    status: () => response,
    end: () => undefined,
  } as unknown as Response;

  it('answers 403 to a KH desk officer listing a CN cycle’s action points, as for ?country=CN', async () => {
    await expect(controller.list(deskKh, { cycleId: 'cn-hrd-2026-aaaa' }, request, response)).rejects.toThrow(
      ForbiddenProblem,
    );
    await expect(controller.list(deskKh, { country: 'CN' }, request, response)).rejects.toThrow(ForbiddenProblem);
    await expect(controller.csv(deskKh, { cycleId: 'cn-hrd-2026-aaaa' }, request, response)).rejects.toThrow(
      ForbiddenProblem,
    );
    expect(listed).toHaveLength(0);
  });

  it('lists the reader’s own cycle, and any cycle for a reviewer', async () => {
    await controller.list(deskKh, { cycleId: 'kh-hrd-2026-bbbb' }, request, response);
    await controller.list(reviewer, { cycleId: 'cn-hrd-2026-aaaa' }, request, response);
    expect(listed).toHaveLength(2);
  });
});
